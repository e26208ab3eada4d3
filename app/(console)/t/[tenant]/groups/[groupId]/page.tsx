import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AdminRolesCard, AppsCard, MembersCard, RulesCard } from "@/components/groups/detail-sections";
import { DeleteGroupDialog } from "@/components/groups/delete-group-dialog";
import { GroupFormDialog } from "@/components/groups/group-form-dialog";
import { GroupTypeBadge } from "@/components/groups/type-badge";
import { CardSkeleton } from "@/components/ui/skeleton";
import { DeepLinkButton } from "@/components/users/deep-link-button";
import { GroupPoliciesCard, PoliciesSkeleton } from "@/components/policies/policies-card";
import { policySetView } from "@/lib/policies/actions";
import { Alert } from "@/components/ui/alert";
import { groupDetailView } from "@/lib/groups/detail";
import { membersFilterSchema } from "@/lib/groups/filters-schema";
import { readOnlyReason } from "@/lib/groups/read-only";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllowOnPrivilegedTarget } from "@/lib/rbac/permissions";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Group" };

/**
 * One group of a customer org, live from Okta. Every read starts at once (one read-only action,
 * lib/groups/detail.ts); the page waits only for the group itself (unknown or another org's id: 404),
 * then each section streams in its own Suspense boundary. More cards (e.g. the policies that include
 * or exclude the group) go in the side column, each in its own boundary.
 */
export default async function GroupDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; groupId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug, groupId: rawId }, raw] = await Promise.all([params, searchParams]);
  const groupId = safeDecode(rawId);
  const members = membersFilterSchema.parse(raw);
  // The Policies card's read starts in the same wave and streams in its own boundary.
  const policies = policySetView(slug, { groupId });
  const [page, result] = await Promise.all([requireTenantPage(slug), groupDetailView(slug, { groupId, ...members })]);
  if (!page.can("groups.read")) notFound();
  if (!result.ok) {
    if (result.code === "not_found" || result.code === "invalid") notFound();
    return (
      <Alert tone="error" title="This group could not be shown">
        {result.error}
      </Alert>
    );
  }
  const data = result.data;
  if (data.group.ok && data.group.data === null) notFound();
  if (!data.group.ok) {
    if (data.group.status === 404) notFound();
    return (
      <div className="space-y-4">
        <BackLink slug={slug} />
        <Alert tone="error" title="Okta did not return this group">
          {data.group.error}
        </Alert>
      </div>
    );
  }
  const group = data.group.data!;
  const reason = readOnlyReason(group);
  const manage = page.can("groups.manage") && !reason;
  const ticketRequired = page.tenant.ticketRequired;
  const counts = [
    group.usersCount === null ? null : `${group.usersCount.toLocaleString("en")} ${group.usersCount === 1 ? "member" : "members"}`,
    group.appsCount === null ? null : `${group.appsCount.toLocaleString("en")} ${group.appsCount === 1 ? "app" : "apps"}`,
  ].filter(Boolean);

  return (
    <div className="space-y-6">
      <div>
        <BackLink slug={slug} />
        <header className="mt-3 flex flex-wrap items-start gap-4">
          <div className="min-w-[min(100%,16rem)] flex-1">
            <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight text-slate-900">
              <span className="break-words">{group.name}</span>
              <GroupTypeBadge type={group.type} />
            </h1>
            {group.description ? <p className="mt-1 text-sm text-slate-600">{group.description}</p> : null}
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-500">
              {counts.length ? <span>{counts.join(" · ")}</span> : null}
              <span className="font-mono text-xs leading-5 text-slate-400">{group.id}</span>
            </p>
          </div>
          <div className="flex w-full flex-wrap gap-2 sm:w-auto">
            {manage ? <GroupFormDialog slug={slug} ticketRequired={ticketRequired} orgName={page.tenant.name} group={group} trigger={{ label: "Edit", variant: "secondary" }} /> : null}
            {manage ? <DeleteGroupDialog slug={slug} group={group} ticketRequired={ticketRequired} /> : null}
            {page.can("okta.deepLink") ? <DeepLinkButton slug={slug} groupId={group.id} ticketRequired={ticketRequired} /> : null}
          </div>
        </header>
        {reason && page.can("groups.manage") ? (
          <div className="mt-4">
            <Alert tone="info" title="Read-only here">
              {reason}
            </Alert>
          </div>
        ) : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Suspense fallback={<CardSkeleton title="Members" rows={6} />}>
            <MembersCard
              slug={slug}
              group={group}
              members={data.members}
              roles={data.roles}
              params={members}
              mayChange={page.can("groups.membership") && !reason}
              mayChangePrivileged={rolesAllowOnPrivilegedTarget(page.roles, "groups.membership")}
              readOnlyReason={page.can("groups.membership") ? reason : null}
              roleLabels={roleLabels(page.roles)}
              orgName={page.tenant.name}
              ticketRequired={ticketRequired}
            />
          </Suspense>
        </div>
        <div className="min-w-0 space-y-6">
          <Suspense fallback={<CardSkeleton title="Apps" rows={2} />}>
            <AppsCard apps={data.apps} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Group rules" rows={1} />}>
            <RulesCard rules={data.rules} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Okta admin roles" rows={1} />}>
            <AdminRolesCard roles={data.roles} />
          </Suspense>
          <Suspense fallback={<PoliciesSkeleton />}>
            <GroupPoliciesCard slug={slug} groupId={group.id} policies={policies} />
          </Suspense>
        </div>
      </div>
    </div>
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function BackLink({ slug }: { slug: string }) {
  return (
    <Link href={`/t/${encodeURIComponent(slug)}/groups`} className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900">
      <span aria-hidden>←</span> Groups
    </Link>
  );
}
