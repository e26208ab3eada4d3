import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { PermissionMatrix } from "@/components/admin/permission-matrix";
import { SettingsNav } from "@/components/admin/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { whoCanDoWhat, type AccessSource } from "@/lib/rbac/grants";
import { ROLE_LABELS } from "@/lib/rbac/permissions";
import { consoleCan } from "@/lib/staff/access";
import { listActiveTenants } from "@/lib/staff/service";
import { UNION_RULE_TEXT } from "@/lib/teams/schemas";

export const metadata: Metadata = { title: "Who can do what" };

function SourceLine({ source }: { source: AccessSource }) {
  const role = <span className="font-medium text-slate-800">{ROLE_LABELS[source.role]}</span>;
  if (source.kind === "direct") {
    return (
      <>
        {role} <span className="text-slate-500">· direct grant{source.scope === "all" ? ", all orgs" : ""}</span>
      </>
    );
  }
  if (source.kind === "elevation") {
    return (
      <>
        {role}{" "}
        <span className="text-amber-800">
          · elevated until <time dateTime={source.endsAt}>{formatDateTime(source.endsAt)}</time>
          {source.ticketId ? ` (ticket ${source.ticketId})` : ""}
        </span>
      </>
    );
  }
  return (
    <>
      {role} <span className="text-slate-500">· team </span>
      <Link href={`/settings/teams/${source.teamId}`} className="text-indigo-700 hover:underline">
        {source.teamName}
      </Link>
      <span className="text-slate-500">
        {source.scope === "all" ? ", all orgs" : source.scope === "tag" ? `, orgs tagged ${source.tag ?? ""}` : ""}
        {source.membership === "oidc" ? " (via MSP group)" : ""}
      </span>
    </>
  );
}

export default async function AccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.read"))) return <NoAccess title="Who can do what" need="see staff, teams and grants" />;
  const sp = await searchParams;
  const slug = typeof sp.org === "string" ? sp.org : undefined;
  const tenants = await listActiveTenants(db());
  const tenant = slug ? tenants.find((t) => t.slug === slug) : undefined;
  const entries = tenant ? await whoCanDoWhat(db(), tenant.id) : [];

  return (
    <>
      <PageHeader title="Who can do what" description={`Pick an org to see every staff member with access to it, and why. ${UNION_RULE_TEXT}`} />
      <SettingsNav staffId={me.staffId} />

      <form className="mb-6 flex flex-wrap items-end gap-3" aria-label="Choose an org">
        <div>
          <label htmlFor="access-org" className="block text-sm font-medium text-slate-800">
            Org
          </label>
          <select
            id="access-org"
            name="org"
            defaultValue={tenant?.slug ?? ""}
            className="mt-1 block w-72 rounded-md border-0 py-1.5 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          >
            <option value="" disabled>
              Choose an org…
            </option>
            {tenants.map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name} ({t.slug})
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Show access
        </Button>
      </form>

      {slug && !tenant ? (
        <div className="mb-6">
          <EmptyState title="Org not found">No active org has the slug “{slug}”. Archived orgs are accessible to nobody.</EmptyState>
        </div>
      ) : null}

      {tenant ? (
        <Card className="mb-8" aria-labelledby="org-access-heading">
          <CardHeader
            title={<span id="org-access-heading">Staff with access to {tenant.name}</span>}
            description={`${entries.length} active staff member(s). Disabled staff have no access and are not listed.`}
          />
          {entries.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-500">Nobody has access to this org yet: add a grant on a staff member or a team.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Staff with access to {tenant.name}</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-5 py-2.5">Staff member</th>
                    <th scope="col" className="px-5 py-2.5">Roles in this org</th>
                    <th scope="col" className="px-5 py-2.5">Because of</th>
                    <th scope="col" className="px-5 py-2.5 text-right">Permissions</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {entries.map((e) => (
                    <tr key={e.staffId} className="align-top">
                      <td className="px-5 py-3">
                        <Link href={`/settings/staff/${e.staffId}`} className="font-medium text-indigo-700 hover:underline">
                          {e.name}
                        </Link>
                        <div className="text-xs text-slate-500">{e.email}</div>
                      </td>
                      <td className="px-5 py-3">
                        <span className="flex flex-wrap gap-1">
                          {e.roles.map((r) => (
                            <Badge key={r} tone="indigo">{ROLE_LABELS[r]}</Badge>
                          ))}
                        </span>
                      </td>
                      <td className="px-5 py-3">
                        <ul className="space-y-0.5">
                          {e.sources.map((s, i) => (
                            <li key={i}><SourceLine source={s} /></li>
                          ))}
                        </ul>
                      </td>
                      <td className="px-5 py-3 text-right tabular-nums text-slate-600" title={e.permissions.join(", ")}>
                        {e.permissions.length}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}

      <PermissionMatrix />
    </>
  );
}
