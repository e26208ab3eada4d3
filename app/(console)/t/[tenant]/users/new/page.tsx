import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { CreateUserForm } from "@/components/users/user-create-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { userCreateFormView } from "@/lib/users/form-pages";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.create")) {
    const ask = page.can("elevation.request") ? `/t/${encodeURIComponent(slug)}/access?role=technician` : undefined;
    return <NoAccess title="Create user" need="create users" requestHref={ask} />;
  }
  const view = await userCreateFormView(slug, {});
  if (!view.ok && view.code === "not_found") notFound();
  const base = `/t/${encodeURIComponent(slug)}`;
  return (
    <div className="mx-auto max-w-5xl">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href={`${base}/users`} className="hover:text-slate-800 hover:underline">
          Users
        </Link>
        <span aria-hidden className="mx-1.5">
          /
        </span>
        <span aria-current="page">New user</span>
      </nav>
      <PageHeader title="Create user" description={`A new person in ${page.tenant.name}'s Okta org. Okta checks everything again when you create them.`} />
      {view.ok ? (
        <CreateUserForm slug={slug} schema={view.data.schema} ticketRequired={page.tenant.ticketRequired} tenantName={page.tenant.name} />
      ) : (
        <Alert tone="error" title="The form could not be prepared">
          {view.error}
        </Alert>
      )}
    </div>
  );
}
