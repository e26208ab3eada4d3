import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { consoleCan } from "@/lib/staff/access";
import { CreateOrgForm } from "../org-forms";

export const metadata: Metadata = { title: "Add org" };

export default async function NewOrgPage() {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.tenants.manage"))) return <NoAccess title="Add org" need="add, edit and archive orgs" />;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/orgs" className="text-indigo-700 hover:underline">
          Orgs
        </Link>
      </nav>
      <PageHeader
        title="Add org"
        description="Test the connection before saving: the console checks that the URL is an Okta org, that the credential works, and that it holds an admin role the console can work with."
      />
      <Card>
        <CardBody className="py-6">
          <CreateOrgForm />
        </CardBody>
      </Card>
    </>
  );
}
