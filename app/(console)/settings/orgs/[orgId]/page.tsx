import type { Metadata } from "next";
import { CALLER_RULE_LABELS } from "@/lib/verification/rule";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/admin/format";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { consoleCan } from "@/lib/staff/access";
import { CREDENTIAL_TYPE_LABELS, MASTERY_LABELS } from "@/lib/tenants/schemas";
import { getTenant, getTenantCredentialInfo } from "@/lib/tenants/service";
import { ArchiveOrgButton, EditOrgForm, RotateCredentialForm, TestSavedConnection } from "../org-forms";

export const metadata: Metadata = { title: "Org settings" };

export default async function OrgSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireStaffPage();
  if (!(await consoleCan(me.staffId, "settings.tenants.read"))) return <NoAccess title="Org settings" need="see customer org settings" />;
  const canManage = await consoleCan(me.staffId, "settings.tenants.manage");
  const { orgId } = await params;
  const [org, credential] = await Promise.all([getTenant(orgId), getTenantCredentialInfo(orgId)]);
  if (!org || !credential) notFound();
  const created = (await searchParams).created === "1";
  const archived = org.archivedAt !== null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/settings/orgs" className="text-indigo-700 hover:underline">
          Orgs
        </Link>
      </nav>
      <PageHeader
        title={org.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{org.orgUrl}</span>
            {archived ? <Badge tone="amber">Archived {formatDateTime(org.archivedAt)}</Badge> : null}
          </span>
        }
        actions={canManage ? <ArchiveOrgButton id={org.id} name={org.name} archived={archived} /> : null}
      />
      <div className="space-y-6">
        {created ? <Alert tone="success">Org added. Grant staff access to it from Teams or Staff.</Alert> : null}
        {archived ? (
          <Alert tone="warning">This org is archived: it is hidden from pickers and the console makes no Okta calls for it.</Alert>
        ) : null}

        <Card>
          <CardHeader
            title="Details"
            description={canManage ? "Everything except the credential (which you enter again only if you change the org URL)." : undefined}
          />
          <CardBody>
            {canManage ? (
              <EditOrgForm
                id={org.id}
                currentType={credential.type}
                defaults={{ name: org.name, slug: org.slug, orgUrl: org.orgUrl, mastery: org.mastery, tags: org.tags, ticketRequired: org.ticketRequired, callerVerification: org.callerVerification }}
              />
            ) : (
              <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
                <Detail label="Slug" value={<span className="font-mono">{org.slug}</span>} />
                <Detail label="Users are mastered in" value={MASTERY_LABELS[org.mastery] ?? org.mastery} />
                <Detail label="Tags" value={org.tags.length ? org.tags.join(", ") : "—"} />
                <Detail label="Ticket ID required" value={org.ticketRequired ? "Yes" : "No"} />
                <Detail label="Caller verification" value={CALLER_RULE_LABELS[org.callerVerification]} />
              </dl>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Credential"
            description="Stored encrypted. The console never shows it again; replace it to change it."
          />
          <CardBody className="space-y-6">
            {!archived ? <TestSavedConnection id={org.id} /> : null}
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Detail label="Type" value={CREDENTIAL_TYPE_LABELS[credential.type]} />
              <Detail label="Last set" value={formatDateTime(credential.lastRotatedAt)} />
              {credential.type === "oauth" ? (
                <>
                  <Detail label="Client ID" value={<span className="font-mono">{credential.oauthClientId}</span>} />
                  <Detail label="Scopes" value={<span className="font-mono text-xs">{credential.oauthScopes.join(" ")}</span>} />
                </>
              ) : null}
              <Detail label="Encryption key" value={<span className="font-mono">{credential.keyId || "—"}</span>} />
            </dl>
            {canManage ? (
              <div className="border-t border-slate-200 pt-4">
                <h3 className="mb-3 text-sm font-semibold text-slate-900">Replace credential</h3>
                <RotateCredentialForm id={org.id} orgUrl={org.orgUrl} currentType={credential.type} />
              </div>
            ) : null}
          </CardBody>
        </Card>
      </div>
    </>
  );
}

function Detail({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{value}</dd>
    </div>
  );
}
