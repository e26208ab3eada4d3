import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { VerificationsClient } from "@/components/verification/verifications-client";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { verificationsOverviewAction } from "@/lib/verification/actions";
import { CALLER_RULE_LABELS } from "@/lib/verification/rule";

export const metadata: Metadata = { title: "Caller verifications" };

/** Recent caller verifications of the org and the break-glass requests waiting for an approver. */
export default async function VerificationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.verifyCaller")) return <NoAccess title="Caller verifications" need="verify callers" />;
  const view = await verificationsOverviewAction(slug, {});
  if (!view.ok && view.code === "not_found") notFound();
  return (
    <>
      <PageHeader
        title="Caller verifications"
        description={`Who verified which caller in ${page.tenant.name} in the last 7 days, and break-glass requests for callers who cannot be verified. Rule in this org: ${view.ok ? CALLER_RULE_LABELS[view.data.rule] : "unknown"}.`}
      />
      {view.ok ? (
        <VerificationsClient slug={slug} data={view.data} orgName={page.tenant.name} />
      ) : (
        <Alert tone="error" title="The verifications could not be read">
          {view.error}
        </Alert>
      )}
    </>
  );
}
