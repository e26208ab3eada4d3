import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { serviceAccountsPage } from "@/lib/users/service-accounts-page";
import { ServiceAccountsClient } from "./service-accounts-client";

export const metadata: Metadata = { title: "Service accounts" };

export default async function ServiceAccountsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.read")) return <NoAccess title="Service accounts" need="find and view users" />;
  const view = await serviceAccountsPage(slug, {});
  if (!view.ok && view.code === "not_found") notFound();
  return (
    <>
      <PageHeader
        title="Service accounts"
        description={`Non-human accounts in ${page.tenant.name}: the console refuses changes to them for every role (an Administrator may override with a Ticket ID).`}
      />
      {view.ok ? (
        <div className="space-y-4">
          <Alert tone="info" title="Each service account is an Okta user and consumes an Okta licence.">
            Review them with the customer: remove the ones nothing uses any more, and keep each one&apos;s admin roles to what it needs.
            {view.data.serviceAccountGroupName ? ` Service-account group in Okta: ${view.data.serviceAccountGroupName}.` : " No service-account group was found in this org."}
            {view.data.oauthCredential ? " The console signs in to this org as an OAuth service app, which is not a user." : ""}
          </Alert>
          {view.data.truncated ? (
            <Alert tone="warning">Okta holds more candidates than this page reads; the list may be incomplete.</Alert>
          ) : null}
          <ServiceAccountsClient
            slug={slug}
            tenantName={page.tenant.name}
            rows={view.data.rows}
            canManage={view.data.canManage}
            ticketRequired={page.tenant.ticketRequired}
          />
        </div>
      ) : (
        <Alert tone="error" title="The service accounts could not be read">
          {view.error}
        </Alert>
      )}
    </>
  );
}
