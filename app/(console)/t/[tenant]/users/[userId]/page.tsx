import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import type { DetailTarget } from "@/components/users/detail-actions";
import { initials } from "@/components/users/detail-format";
import {
  AccountFacts,
  AddToGroupSlot,
  ActionsCard,
  AppsCard,
  CardSkeleton,
  EditProfileLink,
  EventsCard,
  FactorsCard,
  GroupsCard,
  PrivilegeBanner,
  ProfileCard,
  RolesCard,
  SourceCard,
  StatusMeaning,
} from "@/components/users/detail-sections";
import { DeepLinkButton } from "@/components/users/deep-link-button";
import { AddToGroupDialog } from "@/components/groups/add-to-group-dialog";
import { UserPoliciesTab } from "@/components/policies/user-policies-tab";
import { StatusBadge } from "@/components/users/status-badge";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { detailTabOf } from "@/components/timeline/detail-tab-names";
import { UserDetailTabs } from "@/components/timeline/detail-tabs";
import { loadUserPolicies } from "./policies-action";
import { loadUserTimeline } from "./timeline-action";
import { UserTimelineTab } from "@/components/timeline/user-timeline-tab";
import { logViewerHref } from "@/lib/logs/href";
import { afterOktaRequestsLeave } from "@/lib/okta/okta-first";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { userDetailView } from "@/lib/users/detail";
import { callerStateAction } from "@/lib/verification/actions";
import { CallerVerifiedBadge, VerifyCallerButton } from "@/components/users/verify-caller";

export const metadata: Metadata = { title: "User" };

/**
 * One user of a customer org, live from Okta. Every read starts at once (one readOnly action,
 * lib/users/detail.ts); the page waits only for the user itself (a user Okta does not know in this
 * org, a deleted one or an id that is not an Okta id: the 404 page), then each section streams in its
 * own Suspense boundary and shows its own error.
 */
export default async function UserDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug, userId: rawId }, { tab }] = await Promise.all([params, searchParams]);
  const userId = safeDecode(rawId);
  // The read action starts with the page guard, not after it: it authorizes on its own (same tenant
  // resolution, permission table, audit of denials), and every Okta read starts one step earlier.
  const pageWork = requireTenantPage(slug);
  // Caller verification (database reads: this staff member's fresh verification, a pending break glass)
  // runs during the Okta round trip, not after it: it starts once the guard allows it and the Okta
  // requests have left.
  const callerWork = pageWork.then(async (p) => {
    if (!p.can("users.verifyCaller")) return null;
    await afterOktaRequestsLeave();
    return callerStateAction(slug, { userId });
  });
  // Awaited only once the guard has let the page through; a guard that throws (sign-in redirect, 404)
  // must not leave this promise's rejection unhandled.
  callerWork.catch(() => undefined);
  const [page, result] = await Promise.all([pageWork, userDetailView(slug, { userId })]);
  if (!page.can("users.read")) notFound();
  if (!result.ok) {
    if (result.code === "not_found" || result.code === "invalid") notFound();
    return (
      <Alert tone="error" title="This user could not be shown">
        {result.error}
      </Alert>
    );
  }
  const data = result.data;
  const userSection = await data.user;
  if (userSection.ok && userSection.data === null) notFound();
  if (!userSection.ok) {
    if (userSection.status === 404) notFound();
    return (
      <div className="space-y-4">
        <BackLink slug={slug} />
        <Alert tone="error" title="Okta did not return this user">
          {userSection.error}
        </Alert>
      </div>
    );
  }
  const user = userSection.data!;
  const roles = [...page.roles];
  const callerResult = await callerWork;
  const caller = callerResult?.ok ? callerResult.data : null;
  const target: DetailTarget = { slug, userId: user.id, login: user.login, displayName: user.displayName, ticketRequired: page.tenant.ticketRequired, caller };
  const editHref = page.can("users.update") ? `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(user.id)}/edit` : null;

  return (
    <>
      <div className="space-y-6">
        <div>
          <BackLink slug={slug} />
          <header className="mt-3 flex flex-wrap items-start gap-4">
            <div aria-hidden className="grid h-12 w-12 shrink-0 place-items-center rounded-full bg-indigo-100 text-base font-semibold text-indigo-800">
              {initials(user.displayName)}
            </div>
            <div className="min-w-[min(100%,16rem)] flex-1">
              <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight text-slate-900">
                <span className="break-words">{user.displayName}</span>
                <StatusBadge status={user.status} />
              </h1>
              <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-500">
                <span className="break-all font-mono">{user.login}</span>
                {user.title || user.department ? <span>{[user.title, user.department].filter(Boolean).join(" · ")}</span> : null}
                <span className="font-mono text-xs leading-5 text-slate-400">{user.id}</span>
              </p>
              {caller ? (
                <p className="mt-2">
                  <CallerVerifiedBadge state={caller} />
                </p>
              ) : null}
            </div>
            {caller ? (
              <VerifyCallerButton slug={slug} userId={user.id} displayName={user.displayName} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} state={caller} />
            ) : null}
            {page.can("logs.read") ? (
              <ButtonLink href={logViewerHref(slug, { target: user.id, range: "7d" })} variant="secondary" className="w-full sm:w-auto">
                View in Log Viewer
              </ButtonLink>
            ) : null}
            {page.can("okta.deepLink") ? <DeepLinkButton slug={slug} userId={user.id} ticketRequired={page.tenant.ticketRequired} className="w-full sm:w-auto" /> : null}
            {page.can("users.offboard") && user.status !== "DEPROVISIONED" ? (
              <ButtonLink href={`/t/${encodeURIComponent(slug)}/users/offboard?users=${encodeURIComponent(user.id)}`} variant="secondary" className="w-full sm:w-auto">
                Offboard
              </ButtonLink>
            ) : null}
          </header>
        </div>

        {/* The existing sections are the "Details" tab (indentation kept so the sections' diffs stay small). */}
        <UserDetailTabs
          defaultTab={detailTabOf(tab)}
          // Timeline and Policies are read when opened (a link with ?tab= opens them at once), not on every view.
          timeline={page.can("audit.read") ? <UserTimelineTab load={loadUserTimeline.bind(null, slug, user.id)} /> : null}
          policies={page.can("groups.read") ? <UserPoliciesTab load={loadUserPolicies.bind(null, slug, user.id)} /> : null}
        >
        <StatusMeaning user={user} />
        <Suspense fallback={null}>
          <PrivilegeBanner privilege={data.privilege} />
        </Suspense>

        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:order-2">
            <Suspense fallback={<CardSkeleton title="Actions" rows={4} />}>
              <ActionsCard user={user} roles={roles} privilege={data.privilege} factors={data.factors} target={target} editHref={editHref} />
            </Suspense>
            <SourceCard user={user} />
            <Suspense fallback={<CardSkeleton title="Okta admin roles" rows={1} />}>
              <RolesCard roles={data.roles} />
            </Suspense>
          </div>
          <div className="min-w-0 space-y-6 lg:order-1 lg:col-span-2">
            <AccountFacts user={user} />
            <Suspense fallback={<CardSkeleton title="MFA factors" rows={2} />}>
              <FactorsCard factors={data.factors} privilege={data.privilege} user={user} roles={roles} target={target} />
            </Suspense>
            <Suspense fallback={<CardSkeleton title="Groups" rows={2} />}>
              <GroupsCard
                groups={data.groups}
                action={
                  page.can("groups.membership") ? (
                    <AddToGroupSlot
                      privilege={data.privilege}
                      roles={roles}
                      button={<AddToGroupDialog slug={slug} user={{ id: user.id, name: user.displayName }} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} />}
                    />
                  ) : null
                }
              />
            </Suspense>
            <Suspense fallback={<CardSkeleton title="App assignments" rows={2} />}>
              <AppsCard apps={data.apps} />
            </Suspense>
            <Suspense fallback={<CardSkeleton title="Recent activity" rows={5} />}>
              <EventsCard events={data.events} userId={user.id} />
            </Suspense>
            <ProfileCard
              user={user}
              edit={
                editHref ? (
                  <Suspense fallback={null}>
                    <EditProfileLink href={editHref} user={user} roles={roles} privilege={data.privilege} />
                  </Suspense>
                ) : null
              }
            />
          </div>
        </div>
        </UserDetailTabs>
      </div>
    </>
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
    <Link href={`/t/${encodeURIComponent(slug)}/users`} className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900">
      <span aria-hidden>←</span> Users
    </Link>
  );
}
