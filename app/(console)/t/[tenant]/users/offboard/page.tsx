import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { OffboardWizard } from "@/components/offboarding/offboard-wizard";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/db";
import { offboardTargetsAction, OFFBOARD_MAX_USERS } from "@/lib/offboarding/actions";
import { parseDefaultSteps } from "@/lib/offboarding/steps";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Offboard" };

/** `?users=id1,id2` or `?users=id1&users=id2`. */
function idsOf(raw: string | string[] | undefined): string[] {
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((v) => v.split(","));
  return [...new Set(list.map((v) => v.trim()).filter((v) => /^[A-Za-z0-9]{15,40}$/.test(v)))];
}

export default async function OffboardPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  if (!page.can("users.offboard")) return <NoAccess title="Offboard" need="offboard people" />;
  const ids = idsOf(query.users);
  const base = `/t/${encodeURIComponent(slug)}`;
  const [targets, tenantRow] = await Promise.all([
    ids.length ? offboardTargetsAction(slug, { userIds: ids.slice(0, OFFBOARD_MAX_USERS) }) : Promise.resolve({ ok: true as const, data: { found: [], missing: [] } }),
    db().tenant.findUnique({ where: { id: page.tenant.id }, select: { offboardingDefaults: true } }),
  ]);
  if (!targets.ok && targets.code === "not_found") notFound();
  return (
    <div className="mx-auto max-w-4xl">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href={`${base}/users`} className="hover:text-slate-800 hover:underline">
          Users
        </Link>
        <span aria-hidden className="mx-1.5">
          /
        </span>
        <span aria-current="page">Offboard</span>
      </nav>
      <PageHeader title="Offboard" description={`Take leavers out of ${page.tenant.name}'s Okta: each step is recorded per person in the job and the audit log.`} />
      {ids.length > OFFBOARD_MAX_USERS ? (
        <div className="mb-4">
          <Alert tone="warning">Only the first {OFFBOARD_MAX_USERS} of {ids.length} people are offboarded in one job.</Alert>
        </div>
      ) : null}
      {targets.ok ? (
        <OffboardWizard
          slug={slug}
          orgName={page.tenant.name}
          ticketRequired={page.tenant.ticketRequired}
          targets={targets.data.found}
          missing={targets.data.missing}
          defaults={parseDefaultSteps(tenantRow?.offboardingDefaults)}
          canSaveDefaults={page.can("users.offboard.defaults")}
        />
      ) : (
        <Alert tone="error" title="The people to offboard could not be read">
          {targets.error}
        </Alert>
      )}
    </div>
  );
}
