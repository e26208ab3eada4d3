import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listRulesAction } from "@/lib/rules/actions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { RulesClient } from "./_components/rules-client";

export const metadata: Metadata = { title: "Group rules" };

export default async function GroupRulesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("rules.read")) return <NoAccess title="Group rules" need="view group rules" />;
  const list = await listRulesAction(slug, {});
  if (!list.ok && list.code === "not_found") notFound();
  const base = `/t/${encodeURIComponent(slug)}`;
  return (
    <>
      <PageHeader
        title="Group rules"
        description={`Rules put people of ${page.tenant.name} in groups from their profile. Okta saves a rule inactive; activating it adds every matching user at once, so preview it first.`}
        actions={list.ok && list.data.canManage ? <ButtonLink href={`${base}/groups/rules/new`}>New rule</ButtonLink> : undefined}
      />
      {list.ok ? (
        <div className="space-y-4">
          {list.data.truncated ? <Alert tone="warning">This org has more rules than the console lists (2,000).</Alert> : null}
          <RulesClient slug={slug} tenantName={page.tenant.name} rules={list.data.rules} canManage={list.data.canManage} ticketRequired={page.tenant.ticketRequired} />
        </div>
      ) : (
        <Alert tone="error" title="The group rules could not be read">
          {list.error}
        </Alert>
      )}
    </>
  );
}
