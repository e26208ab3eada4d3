import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuditExportForm } from "@/components/audit/audit-export-form";
import { AuditTable } from "@/components/audit/audit-table";
import { TenantAuditFilters } from "@/components/audit/tenant-audit-filters";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { EXPORT_ROW_CAP, tenantAuditView } from "@/lib/audit-view/tenant";
import { AUDIT_RANGE_LABELS, parseTenantAuditParams, tenantAuditExportHref, tenantAuditHref } from "@/lib/audit-view/tenant-filters";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Audit log" };

/** What the MSP did in one org, for whoever holds audit.read there (lib/audit-view/tenant.ts). */
export default async function TenantAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug }, raw] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  if (!page.can("audit.read")) notFound();
  const filters = parseTenantAuditParams(raw);
  const result = await tenantAuditView(slug, filters);
  const header = (
    <PageHeader
      title="Audit log"
      description={
        <>
          What the MSP&apos;s staff did in {page.tenant.name} through the console, newest first: every change (with its Ticket ID and
          Okta request ids) and every refused attempt. Secrets were removed before anything was recorded.
        </>
      }
    />
  );
  if (!result.ok) {
    return (
      <div className="space-y-5">
        {header}
        <Alert tone="error" title="The audit log could not be read">
          {result.error}
        </Alert>
      </div>
    );
  }
  const data = result.data;
  const base = tenantAuditHref(slug);
  const narrowed = Boolean(filters.staff || filters.action || filters.outcome || filters.target || filters.ticket || filters.seq);
  return (
    <div className="space-y-5">
      {header}
      <TenantAuditFilters action={base} clearHref={base} params={filters} range={data.range} staff={data.staff} actions={data.actions} />
      {data.rangeError ? (
        <Alert tone="warning" title="Nothing was read">
          {data.rangeError}
        </Alert>
      ) : null}
      {filters.seq !== undefined && data.openSeq === null && !data.rangeError ? (
        <Alert tone="info">No entry #{filters.seq} in this org&apos;s audit log matches these filters.</Alert>
      ) : null}

      {data.rows.length === 0 ? (
        data.rangeError ? null : (
          <EmptyState title={filters.cursor ? "No older entries" : narrowed ? "No entry matches these filters" : `Nothing recorded: ${AUDIT_RANGE_LABELS[data.range].toLowerCase()}`}>
            {narrowed ? "Widen the time range or clear a filter." : "Choose a longer time range to see older entries."}
          </EmptyState>
        )
      ) : (
        <AuditTable key={`${filters.seq ?? ""}`} rows={data.rows} openSeq={data.openSeq ?? undefined} />
      )}

      <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <span className="text-slate-500">{data.rows.length ? `Entries #${data.rows[0]?.seq} to #${data.rows[data.rows.length - 1]?.seq}` : null}</span>
        <span className="flex gap-2">
          {filters.cursor !== undefined ? (
            <ButtonLink href={tenantAuditHref(slug, filters)} variant="secondary" size="sm">
              Newest
            </ButtonLink>
          ) : null}
          {data.nextCursor !== null ? (
            <ButtonLink href={tenantAuditHref(slug, filters, data.nextCursor)} variant="secondary" size="sm">
              Older entries
            </ButtonLink>
          ) : null}
        </span>
      </nav>

      {data.rows.length > 0 || filters.cursor !== undefined ? (
        <AuditExportForm href={tenantAuditExportHref(slug, filters)} rowCap={EXPORT_ROW_CAP} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} />
      ) : null}
    </div>
  );
}
