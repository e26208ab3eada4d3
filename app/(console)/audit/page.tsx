import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { queryAuditEvents } from "@/lib/audit";
import { auditFilterSchema, auditHref, dayRange } from "@/lib/audit-view/filters";
import { auditRowView, type AuditRowView } from "@/lib/audit-view/rows";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChainButton } from "./audit-client";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

const control =
  "mt-1 block w-full rounded-md border-0 py-1.5 pl-3 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "audit.read.all"))) return <NoAccess title="Audit log" need="read the audit log of every org" />;

  const params = auditFilterSchema.parse(await searchParams);
  const [tenants, staff, actions] = await Promise.all([
    db().tenant.findMany({ select: { id: true, slug: true, name: true, archivedAt: true }, orderBy: { name: "asc" } }),
    db().staffUser.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
    db().auditEvent.findMany({ select: { action: true }, distinct: ["action"], orderBy: { action: "asc" } }),
  ]);
  const tenant = params.org ? tenants.find((t) => t.slug === params.org) : undefined;
  const unknownOrg = Boolean(params.org && !tenant);
  const page = unknownOrg
    ? { events: [], nextCursor: null }
    : await queryAuditEvents(db(), {
        ...(tenant ? { tenantId: tenant.id } : {}),
        ...(params.staff ? { staffId: params.staff } : {}),
        ...(params.action ? { action: params.action } : {}),
        ...(params.outcome ? { outcome: params.outcome } : {}),
        ...dayRange(params),
        ...(params.cursor !== undefined ? { cursor: params.cursor } : {}),
        limit: PAGE_SIZE,
      });

  const rows: AuditRowView[] = page.events.map(auditRowView);
  const filtered = Boolean(params.org || params.staff || params.action || params.outcome || params.from || params.to);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every refused attempt, across all orgs, newest first. Each change is recorded before it runs and again with its outcome; both read as one entry here. Entries are hash-chained under a key: editing or removing one breaks the chain."
        actions={<VerifyChainButton />}
      />

      <form aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-7">
        <div>
          <label htmlFor="audit-org" className="text-sm font-medium text-slate-800">Org</label>
          <select id="audit-org" name="org" defaultValue={params.org ?? ""} className={control}>
            <option value="">All orgs</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name}
                {t.archivedAt ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-staff" className="text-sm font-medium text-slate-800">Staff</label>
          <select id="audit-staff" name="staff" defaultValue={params.staff ?? ""} className={control}>
            <option value="">Anyone</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>{s.name} ({s.email})</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action" className="text-sm font-medium text-slate-800">Action</label>
          <select id="audit-action" name="action" defaultValue={params.action ?? ""} className={control}>
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a.action} value={a.action}>{a.action}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-outcome" className="text-sm font-medium text-slate-800">Outcome</label>
          <select id="audit-outcome" name="outcome" defaultValue={params.outcome ?? ""} className={control}>
            <option value="">Any outcome</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
            <option value="denied">Denied</option>
            <option value="unknown">Outcome unknown</option>
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="text-sm font-medium text-slate-800">From (UTC)</label>
          <input id="audit-from" name="from" type="date" defaultValue={params.from ?? ""} className={`${control} pr-2`} />
        </div>
        <div>
          <label htmlFor="audit-to" className="text-sm font-medium text-slate-800">To (UTC, inclusive)</label>
          <input id="audit-to" name="to" type="date" defaultValue={params.to ?? ""} className={`${control} pr-2`} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          {filtered ? (
            <Link href="/audit" className="pb-2 text-sm text-indigo-700 hover:underline">
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {rows.length === 0 ? (
        <EmptyState title={params.cursor ? "No older entries" : filtered ? "No entry matches these filters" : "The audit log is empty"}>
          {unknownOrg ? `No org has the slug “${params.org}”.` : filtered ? "Widen the date range or clear a filter." : "Changes made in the console appear here."}
        </EmptyState>
      ) : (
        <AuditTable rows={rows} />
      )}

      <nav aria-label="Audit log pages" className="mt-4 flex items-center justify-between text-sm">
        <span className="text-slate-500">
          {rows.length ? `Entries #${rows[0]?.seq} to #${rows[rows.length - 1]?.seq}` : null}
        </span>
        <span className="flex gap-2">
          {params.cursor !== undefined ? (
            <ButtonLink href={auditHref(params)} variant="secondary" size="sm">
              Newest
            </ButtonLink>
          ) : null}
          {page.nextCursor !== null ? (
            <ButtonLink href={auditHref(params, page.nextCursor)} variant="secondary" size="sm">
              Older entries
            </ButtonLink>
          ) : null}
        </span>
      </nav>
    </>
  );
}
