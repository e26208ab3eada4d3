import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { consoleCan } from "@/lib/staff/access";
import { listActiveTenants } from "@/lib/staff/service";
import { listTenantTags } from "@/lib/teams/service";
import { TeamForm } from "../team-forms";

export const metadata: Metadata = { title: "New team" };

export default async function NewTeamPage() {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.staff.manage"))) return <NoAccess title="New team" need="edit teams and grants" />;
  const [tenants, tags] = await Promise.all([listActiveTenants(db()), listTenantTags(db())]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/teams" className="text-indigo-700 hover:underline">Teams</Link>
        <span aria-hidden className="mx-1 text-slate-400">/</span>
        <span className="text-slate-500">New team</span>
      </nav>
      <PageHeader title="New team" />
      <Card>
        <CardBody>
          <TeamForm
            initial={{ name: "", description: "", role: "technician", scopeType: "orgs", tenantIds: [], scopeTag: "", oidcGroup: "" }}
            tenants={tenants}
            tags={tags}
          />
        </CardBody>
      </Card>
    </>
  );
}
