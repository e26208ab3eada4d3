import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { ruleFormAction } from "@/lib/rules/actions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { ActiveRuleNotice } from "../_components/active-rule-notice";
import { RuleForm } from "../_components/rule-form";

export const metadata: Metadata = { title: "Edit group rule" };

export default async function EditRulePage({ params }: { params: Promise<{ tenant: string; ruleId: string }> }) {
  const { tenant: slug, ruleId } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("rules.read")) return <NoAccess title="Group rule" need="view group rules" />;
  const form = await ruleFormAction(slug, { ruleId });
  if (!form.ok && (form.code === "not_found" || form.code === "invalid")) notFound();
  if (!form.ok) {
    return (
      <>
        <PageHeader title="Group rule" />
        <Alert tone="error" title="The rule could not be read">
          {form.error}
        </Alert>
      </>
    );
  }
  const rule = form.data.rule!;
  return (
    <>
      <PageHeader title={rule.name} description={`Group rule · ${rule.status === "ACTIVE" ? "Active" : rule.status === "INVALID" ? "Invalid" : "Inactive"}`} />
      {!form.data.canManage ? (
        <Alert tone="info" title="Read only">
          Your role may view this rule but not change it. Condition: <code className="font-mono text-xs">{rule.expression}</code>
        </Alert>
      ) : rule.status === "ACTIVE" ? (
        <ActiveRuleNotice slug={slug} rule={rule} ticketRequired={page.tenant.ticketRequired} />
      ) : (
        <RuleForm slug={slug} data={form.data} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} />
      )}
    </>
  );
}
