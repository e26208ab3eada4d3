import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/admin/no-access";
import { ImportWizard } from "@/components/import/import-wizard";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Import users" };

export default async function ImportUsersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.import")) return <NoAccess title="Import users" need="create users in bulk" />;
  const base = `/t/${encodeURIComponent(slug)}`;
  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href={`${base}/users`} className="hover:text-slate-800 hover:underline">
          Users
        </Link>
        <span aria-hidden className="mx-1.5">
          /
        </span>
        <span aria-current="page">Import</span>
      </nav>
      <PageHeader
        title="Import users from a CSV file"
        description={`New people in ${page.tenant.name}'s Okta org, from a spreadsheet. Every row is checked first; nothing is sent to Okta until you confirm.`}
      />
      <ImportWizard slug={slug} orgName={page.tenant.name} ticketRequired={page.tenant.ticketRequired} />
    </div>
  );
}
