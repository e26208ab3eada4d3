import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ScopeText } from "@/components/admin/grant-text";
import { NoAccess } from "@/components/admin/no-access";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { listActiveTenants } from "@/lib/staff/service";
import { OIDC_GROUP_HINT, UNION_RULE_TEXT } from "@/lib/teams/schemas";
import { getTeam, listTenantTags } from "@/lib/teams/service";
import { DeleteTeamButton, TeamForm, TeamMembers } from "../team-forms";
import { staffDisplayEmail } from "@/lib/staff/display";

const MEMBERS_HEADING_ID = "members-heading";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.read"))) return <NoAccess title="Team" need="see staff, teams and grants" />;
  const canManage = await consoleCan(me.staffId, "settings.staff.manage");
  const { teamId } = await params;
  const team = await getTeam(db(), teamId);
  if (!team) notFound();
  const [tenants, tags, staff] = await Promise.all([
    canManage ? listActiveTenants(db()) : [],
    canManage ? listTenantTags(db()) : [],
    canManage
      ? db()
          .staffUser.findMany({ where: { status: "active" }, select: { id: true, name: true, email: true, unverifiedEmail: true }, orderBy: { name: "asc" } })
          .then((rows) => rows.map((r) => ({ id: r.id, name: r.name, email: staffDisplayEmail(r) })))
      : [],
  ]);
  const memberIds = new Set(team.members.map((m) => m.staffId));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/teams" className="text-indigo-700 hover:underline">Teams</Link>
        <span aria-hidden className="mx-1 text-slate-400">/</span>
        <span className="text-slate-500">{team.name}</span>
      </nav>
      <PageHeader
        title={team.name}
        description={
          <>
            {team.roleLabel} in <ScopeText scope={team.scope} />
            {team.oidcGroup ? <> · follows <Badge tone="indigo">{team.oidcGroup}</Badge></> : null}
          </>
        }
        actions={canManage ? <DeleteTeamButton teamId={team.id} name={team.name} memberCount={team.members.length} /> : null}
      />
      <div className="grid gap-6 xl:grid-cols-5">
        <Card className="xl:col-span-3">
          <CardHeader title={canManage ? "Edit team" : "Team"} />
          <CardBody>
            {canManage ? (
              <TeamForm
                key={`${team.id}-${team.name}-${team.role}-${team.scopeType}-${team.oidcGroup ?? ""}`}
                initial={{
                  id: team.id,
                  name: team.name,
                  description: team.description,
                  role: team.role,
                  scopeType: team.scopeType,
                  tenantIds: team.tenantIds,
                  scopeTag: team.scopeTag ?? "",
                  oidcGroup: team.oidcGroup ?? "",
                }}
                tenants={tenants}
                tags={tags}
              />
            ) : (
              <dl className="space-y-3 text-sm">
                <div><dt className="text-slate-500">Description</dt><dd>{team.description || "—"}</dd></div>
                <div><dt className="text-slate-500">Role</dt><dd>{team.roleLabel}</dd></div>
                <div><dt className="text-slate-500">Orgs</dt><dd><ScopeText scope={team.scope} /></dd></div>
                <div>
                  <dt className="text-slate-500">Bound MSP group</dt>
                  <dd>{team.oidcGroup ?? "—"}{team.oidcGroup ? <p className="text-xs text-slate-500">{OIDC_GROUP_HINT}.</p> : null}</dd>
                </div>
                <p className="text-xs text-slate-500">{UNION_RULE_TEXT}</p>
              </dl>
            )}
          </CardBody>
        </Card>
        <Card className="self-start xl:col-span-2" aria-labelledby={MEMBERS_HEADING_ID}>
          <CardHeader
            title={<span id={MEMBERS_HEADING_ID}>Members ({team.members.length})</span>}
            description={team.oidcGroup ? `Members “via ${team.oidcGroup}” follow that group in your MSP's Okta at each sign-in.` : undefined}
          />
          <TeamMembers
            teamId={team.id}
            teamName={team.name}
            oidcGroup={team.oidcGroup}
            members={team.members}
            candidates={staff.filter((s) => !memberIds.has(s.id))}
            canManage={canManage}
            headingId={MEMBERS_HEADING_ID}
          />
        </Card>
      </div>
    </>
  );
}
