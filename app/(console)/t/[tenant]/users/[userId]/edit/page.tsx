import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { EditUserForm } from "@/components/users/user-edit-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { userEditFormView } from "@/lib/users/form-pages";

export const metadata: Metadata = { title: "Edit profile" };

export default async function EditUserPage({ params }: { params: Promise<{ tenant: string; userId: string }> }) {
  const { tenant: slug, userId } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.update")) return <NoAccess title="Edit profile" need="edit user profiles" />;
  const view = await userEditFormView(slug, { userId });
  // A user id of another org, a deleted user, a typo: the same clean 404.
  if ((view.ok && view.data === null) || (!view.ok && view.code === "not_found")) notFound();
  const base = `/t/${encodeURIComponent(slug)}`;
  const data = view.ok ? view.data : null;
  const userHref = `${base}/users/${encodeURIComponent(userId)}`;
  return (
    <div className="mx-auto max-w-5xl">
      <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap items-center gap-1.5 text-sm text-slate-500">
        <Link href={`${base}/users`} className="hover:text-slate-800 hover:underline">
          Users
        </Link>
        <span aria-hidden>/</span>
        <Link href={userHref} className="max-w-[16rem] truncate hover:text-slate-800 hover:underline">
          {data?.user.displayName ?? "User"}
        </Link>
        <span aria-hidden>/</span>
        <span aria-current="page">Edit profile</span>
      </nav>
      <PageHeader
        title={data ? `Edit ${data.user.displayName}` : "Edit profile"}
        description={
          data ? (
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs text-slate-600">{data.user.login}</span>
              <Badge tone="neutral">{data.user.statusLabel}</Badge>
              <span>Only the fields you change are sent to Okta.</span>
            </span>
          ) : undefined
        }
      />
      {data ? (
        <EditUserForm
          slug={slug}
          tenantName={page.tenant.name}
          ticketRequired={page.tenant.ticketRequired}
          userId={data.user.id}
          login={data.user.login}
          schema={data.schema}
          values={data.values}
          locks={data.locks}
          caution={data.caution}
          sourceLabel={data.user.source.detail ? `${data.user.source.label} (${data.user.source.detail})` : data.user.source.label}
        />
      ) : (
        <Alert tone="error" title="The profile could not be read">
          {view.ok ? null : view.error}
        </Alert>
      )}
    </div>
  );
}
