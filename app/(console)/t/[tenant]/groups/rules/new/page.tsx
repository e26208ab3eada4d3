import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { ruleFormAction } from "@/lib/rules/actions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { RuleForm } from "../_components/rule-form";

export const metadata: Metadata = { title: "New group rule" };

export default async function NewRulePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("rules.manage")) return <NoAccess title="New group rule" need="create group rules" />;
  const form = await ruleFormAction(slug, {});
  if (!form.ok && form.code === "not_found") notFound();
  return (
    <>
      <PageHeader title="New group rule" description="Build the condition, pick the groups, preview who it would add. The rule is saved inactive." />
      {form.ok ? (
        <RuleForm slug={slug} data={form.data} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} />
      ) : (
        <Alert tone="error" title="The form could not be prepared">
          {form.error}
        </Alert>
      )}
    </>
  );
}
