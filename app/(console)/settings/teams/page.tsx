import type { Metadata } from "next";
import Link from "next/link";
import { ScopeText } from "@/components/admin/grant-text";
import { NoAccess } from "@/components/admin/no-access";
import { SettingsNav } from "@/components/admin/settings-nav";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { UNION_RULE_TEXT } from "@/lib/teams/schemas";
import { listTeams } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.read"))) return <NoAccess title="Teams" need="see staff, teams and grants" />;
  const canManage = await consoleCan(me.staffId, "settings.staff.manage");
  const teams = await listTeams(db());
  return (
    <>
      <PageHeader
        title="Teams"
        description={`A team gives its members one role in a set of orgs. ${UNION_RULE_TEXT}`}
        actions={canManage ? <ButtonLink href="/settings/teams/new">New team</ButtonLink> : null}
      />
      <SettingsNav staffId={me.staffId} />
      {teams.length === 0 ? (
        <EmptyState
          title="No teams yet"
          action={canManage ? <ButtonLink href="/settings/teams/new" variant="secondary">Create the first team</ButtonLink> : null}
        >
          Teams give a role to several staff members at once, in all orgs, in chosen orgs or in the orgs carrying a tag.
          Bind a team to a group of your MSP&apos;s Okta and membership follows that group.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Teams ({teams.length})</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2.5">Team</th>
                <th scope="col" className="px-4 py-2.5">Role</th>
                <th scope="col" className="px-4 py-2.5">Orgs</th>
                <th scope="col" className="px-4 py-2.5">MSP group</th>
                <th scope="col" className="px-4 py-2.5 text-right">Members</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {teams.map((t) => (
                <tr key={t.id} className="align-top hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link href={`/settings/teams/${t.id}`} className="font-medium text-indigo-700 hover:underline">
                      {t.name}
                    </Link>
                    {t.description ? <div className="max-w-sm truncate text-xs text-slate-500">{t.description}</div> : null}
                  </td>
                  <td className="px-4 py-3 font-medium text-slate-800">{t.roleLabel}</td>
                  <td className="px-4 py-3 text-slate-700"><ScopeText scope={t.scope} /></td>
                  <td className="px-4 py-3">{t.oidcGroup ? <Badge tone="indigo">{t.oidcGroup}</Badge> : <span className="text-slate-400">—</span>}</td>
                  <td className="px-4 py-3 text-right tabular-nums text-slate-700">{t.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
