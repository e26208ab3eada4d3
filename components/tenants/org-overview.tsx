import { Suspense } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DeepLinkButton } from "@/components/users/deep-link-button";
import { tenantPermissionsFor } from "@/lib/rbac/grants";
import { PERMISSIONS } from "@/lib/rbac/permissions";
import { tenantOverview } from "@/lib/tenants/overview";
import type { TenantPageContext } from "@/lib/tenants/page-guard";


function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900">{value}</dd>
    </div>
  );
}

async function LiveFacts({ page }: { page: TenantPageContext }) {
  // Through the action wrapper (same checks as any action; failures audited with Okta request ids).
  const result = await tenantOverview(page.tenant.slug, {});
  if (!result.ok) return <Alert tone="error" title="Okta did not answer">{result.error}</Alert>;
  const facts = result.data;
  return (
    <dl className="grid grid-cols-1 gap-6 sm:grid-cols-3">
      <Fact label="People" value={facts.usersCount === null ? "—" : facts.usersCount.toLocaleString("en")} />
      {facts.showsOktaData ? (
        <>
          <Fact label="Company (in Okta)" value={<span className="text-base">{facts.companyName ?? "—"}</span>} />
          <Fact label="Okta subdomain" value={<span className="font-mono text-base">{facts.subdomain ?? "—"}</span>} />
        </>
      ) : null}
    </dl>
  );
}

function FactsSkeleton() {
  return (
    <div className="grid grid-cols-1 gap-6 sm:grid-cols-3" aria-busy="true" aria-label="Loading live data from Okta">
      {[0, 1, 2].map((i) => (
        <div key={i} className="space-y-2">
          <div className="h-3 w-20 animate-pulse rounded bg-slate-200" />
          <div className="h-7 w-28 animate-pulse rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}

export function OrgOverview({ page }: { page: TenantPageContext }) {
  const permissions = tenantPermissionsFor(page.roles).filter((p) => p !== "tenant.view");
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title="Live from Okta" description="Read from the org's API now; nothing is cached or copied." />
        <CardBody>
          <Suspense fallback={<FactsSkeleton />}>
            <LiveFacts page={page} />
          </Suspense>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Okta Admin Console" />
        <CardBody className="space-y-3 text-sm text-slate-600">
          {page.can("okta.deepLink") ? (
            <>
              <p>Open this org in Okta&apos;s own Admin Console, signed in with your admin account there.</p>
              {/* Through the console's audited deep-link route, which redirects to the org's admin host. */}
              <DeepLinkButton slug={page.tenant.slug} ticketRequired={page.tenant.ticketRequired} />
            </>
          ) : (
            <p>Your role in this org does not include deep links into the Okta Admin Console.</p>
          )}
        </CardBody>
      </Card>
      <Card className="lg:col-span-3">
        <CardHeader title="What you can do here" description="From your roles in this org; when several grants apply, you get every permission any of them gives." />
        <CardBody>
          {permissions.length ? (
            <ul className="grid gap-x-6 gap-y-1.5 text-sm text-slate-700 sm:grid-cols-2 lg:grid-cols-3">
              {permissions.map((p) => (
                <li key={p} className="flex items-center gap-2">
                  <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-emerald-500" />
                  {PERMISSIONS[p].description}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">Only this overview.</p>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
