import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { StaffStatusBadge } from "@/components/admin/staff-status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ROLE_LABELS } from "@/lib/rbac/permissions";
import { consoleCan } from "@/lib/staff/access";
import { getStaffDetail, listActiveTenants } from "@/lib/staff/service";
import { UNION_RULE_TEXT } from "@/lib/teams/schemas";
import { AddGrantButton, StaffStatusButton } from "../staff-forms";
import { GrantsTable } from "./grants-table";

export const metadata: Metadata = { title: "Staff member" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export default async function StaffDetailPage({ params }: { params: Promise<{ staffId: string }> }) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.read"))) return <NoAccess title="Staff member" need="see staff, teams and grants" />;
  const canManage = await consoleCan(me.staffId, "settings.staff.manage");
  const { staffId } = await params;
  const [staff, tenants] = await Promise.all([getStaffDetail(db(), staffId), canManage ? listActiveTenants(db()) : []]);
  if (!staff) notFound();
  const isSelf = staff.id === me.staffId;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/staff" className="text-indigo-700 hover:underline">
          Staff
        </Link>
        <span aria-hidden className="mx-1 text-slate-400">/</span>
        <span className="text-slate-500">{staff.name}</span>
      </nav>
      <PageHeader
        title={staff.name}
        description={
          <span className="flex items-center gap-2">
            {staff.email} <StaffStatusBadge staff={staff} /> {isSelf ? <Badge tone="indigo">You</Badge> : null}
          </span>
        }
        actions={canManage ? <StaffStatusButton staffId={staff.id} name={staff.name} status={staff.status} isSelf={isSelf} /> : null}
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="grants-heading">
            <CardHeader
              title={<span id="grants-heading">Access</span>}
              description={UNION_RULE_TEXT}
              actions={canManage && staff.status === "active" ? <AddGrantButton staffId={staff.id} tenants={tenants} /> : null}
            />
            {staff.grants.length === 0 ? (
              <CardBody>
                <p className="text-sm text-slate-500">No grants: this staff member can sign in but sees no org.</p>
              </CardBody>
            ) : (
              <GrantsTable
                canManage={canManage}
                grants={staff.grants.map((g) => ({
                  key: g.source.kind === "direct" ? `grant-${g.source.grantId}` : `team-${g.source.teamId}-${g.role}`,
                  roleLabel: g.roleLabel,
                  scope: g.scope,
                  source: g.source,
                  label: `${g.roleLabel} in ${g.scope.kind === "all" ? "all orgs" : g.scope.kind === "orgs" ? g.scope.orgs.map((o) => o.name).join(", ") : `orgs tagged ${g.scope.tag}`} for ${isSelf ? "you" : staff.name}`,
                }))}
              />
            )}
          </Card>

          <Card aria-labelledby="teams-heading">
            <CardHeader title={<span id="teams-heading">Teams</span>} description="Team roles apply in the orgs of each team's scope." />
            <CardBody>
              {staff.teams.length === 0 ? (
                <p className="text-sm text-slate-500">Not a member of any team.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {staff.teams.map((t) => (
                    <li key={t.teamId} className="flex items-center justify-between py-2 text-sm">
                      <Link href={`/settings/teams/${t.teamId}`} className="font-medium text-indigo-700 hover:underline">
                        {t.teamName}
                      </Link>
                      <span className="text-slate-500">
                        {ROLE_LABELS[t.role]} · {t.source === "oidc" ? `via ${t.viaGroup ?? "MSP group"}` : "added by hand"}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </div>

        <Card aria-labelledby="details-heading" className="self-start">
          <CardHeader title={<span id="details-heading">Details</span>} />
          <CardBody>
            <dl className="divide-y divide-slate-100">
              <Row label="Status">{staff.status === "disabled" ? "Disabled" : "Active"}</Row>
              <Row label="First sign-in">{staff.signedIn ? "Done" : "Not yet (pre-added by email)"}</Row>
              <Row label="Last sign-in">{staff.lastSignInAt ? formatDateTime(staff.lastSignInAt) : "Never"}</Row>
              <Row label="Open sessions">{staff.activeSessions}</Row>
              <Row label="MSP groups">
                {staff.oidcGroups.length ? (
                  <span className="flex flex-wrap gap-1">
                    {staff.oidcGroups.map((g) => (
                      <Badge key={g}>{g}</Badge>
                    ))}
                  </span>
                ) : (
                  <span className="text-slate-400">None at last sign-in</span>
                )}
              </Row>
              <Row label="Added">{formatDateTime(staff.createdAt)}</Row>
            </dl>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
