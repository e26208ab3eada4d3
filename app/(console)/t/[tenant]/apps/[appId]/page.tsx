import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AppMonogram, AppStatusBadge, signOnModeLabel } from "@/components/apps/app-parts";
import { AssignGroupButton, AssignUserButton, UnassignGroupButton, UnassignUserButton, type AppTarget } from "@/components/apps/assignment-dialogs";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/data-table";
import { DeepLinkButton } from "@/components/users/deep-link-button";
import { appDetailView } from "@/lib/apps/actions";
import { appBase, appsBase, nextHref, parsePageParams, previousHref, type PageParams } from "@/lib/apps/filters";
import type { AppGroupRow, AppUsersPage } from "@/lib/okta/apps";
import type { Section } from "@/lib/okta/users";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "App" };

/**
 * One app of a customer org, live from Okta: its group assignments (group-based licensing) and its user
 * assignments (paged with Okta's cursor, `q` on the person). Assign and unassign behind confirmations
 * that say first who gains or loses the app. Unknown ids and other orgs' apps are a 404.
 */
export default async function AppDetailPage({ params, searchParams }: { params: Promise<{ tenant: string; appId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ tenant: slug, appId: rawId }, sp] = await Promise.all([params, searchParams]);
  const appId = safeDecode(rawId);
  const filters = parsePageParams(sp);
  const [page, result] = await Promise.all([requireTenantPage(slug), appDetailView(slug, { appId, q: filters.q, after: filters.after })]);
  if (!page.can("apps.read")) notFound();
  if (!result.ok) {
    if (result.code === "not_found" || result.code === "invalid") notFound();
    return (
      <Alert tone="error" title="This app could not be shown">
        {result.error}
      </Alert>
    );
  }
  const appSection = await result.data.app;
  if (!appSection.ok) {
    if (appSection.status === 404) notFound();
    return (
      <div className="space-y-4">
        <BackLink slug={slug} />
        <Alert tone="error" title="Okta did not return this app">
          {appSection.error}
        </Alert>
      </div>
    );
  }
  const app = appSection.data;
  if (!app) notFound();
  const canAssign = page.can("apps.assign");
  const target: AppTarget = { slug, appId: app.id, label: app.label, ticketRequired: page.tenant.ticketRequired };
  return (
    <div className="space-y-6">
      <div>
        <BackLink slug={slug} />
        <header className="mt-3 flex flex-wrap items-start gap-4">
          <AppMonogram label={app.label} size="lg" />
          <div className="min-w-[min(100%,16rem)] flex-1">
            <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold tracking-tight text-slate-900">
              <span className="break-words">{app.label}</span>
              <AppStatusBadge status={app.status} />
            </h1>
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-500">
              <span className="font-mono">{app.name}</span>
              <span>{signOnModeLabel(app.signOnMode)}</span>
              {app.features.some((f) => f.startsWith("PUSH_")) ? <span>Provisions accounts</span> : null}
              <span className="font-mono text-xs leading-5 text-slate-400">{app.id}</span>
            </p>
          </div>
          {page.can("okta.deepLink") ? <DeepLinkButton slug={slug} app={{ id: app.id, name: app.name }} ticketRequired={page.tenant.ticketRequired} className="w-full sm:w-auto" /> : null}
        </header>
      </div>
      {app.status !== "ACTIVE" ? <Alert tone="warning">{app.label} is inactive in Okta: nobody can sign in to it, and it cannot be assigned until it is activated.</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 lg:col-span-2">
          <Suspense fallback={<SkeletonCard title="Group assignments" />}>
            <GroupsCard groups={result.data.groups} target={target} canAssign={canAssign && app.status === "ACTIVE"} canUnassign={canAssign} />
          </Suspense>
        </div>
        <div className="min-w-0 lg:col-span-3">
          <Suspense fallback={<SkeletonCard title="User assignments" />}>
            <UsersCard users={result.data.users} target={target} filters={filters} canAssign={canAssign && app.status === "ACTIVE"} canUnassign={canAssign} />
          </Suspense>
        </div>
      </div>
    </div>
  );
}

function SkeletonCard({ title }: { title: string }) {
  return (
    <Card aria-label={title}>
      <CardHeader title={title} />
      <CardBody>
        <div className="space-y-3" aria-busy="true" aria-label={`Loading ${title.toLowerCase()}`}>
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-3.5 animate-pulse rounded bg-slate-100" />
          ))}
        </div>
      </CardBody>
    </Card>
  );
}

async function GroupsCard({ groups, target, canAssign, canUnassign }: { groups: Promise<Section<{ items: AppGroupRow[]; truncated: boolean }>>; target: AppTarget; canAssign: boolean; canUnassign: boolean }) {
  const s = await groups;
  return (
    <Card aria-label="Group assignments">
      <CardHeader
        title="Group assignments"
        description={s.ok ? `${s.data.items.length}${s.data.truncated ? "+" : ""} groups: every member gets the app` : undefined}
        actions={canAssign ? <AssignGroupButton target={target} /> : null}
      />
      <CardBody>
        {!s.ok ? (
          <Alert tone="error" title="Group assignments could not be read from Okta">
            {s.error}
          </Alert>
        ) : s.data.items.length === 0 ? (
          <p className="text-sm text-slate-500">No group is assigned this app.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {s.data.items.map((g) => (
              <li key={g.groupId} className="flex items-center justify-between gap-3 py-2 first:pt-0 last:pb-0">
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium text-slate-900">{g.name}</span>
                  <span className="block truncate text-xs text-slate-500">{g.type === "BUILT_IN" ? "Built-in group" : g.type === "APP_GROUP" ? "Imported group" : "Okta group"}</span>
                </span>
                {canUnassign ? <UnassignGroupButton target={target} groupId={g.groupId} groupName={g.name} /> : null}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

async function UsersCard({ users, target, filters, canAssign, canUnassign }: { users: Promise<Section<AppUsersPage>>; target: AppTarget; filters: PageParams; canAssign: boolean; canUnassign: boolean }) {
  const s = await users;
  const base = appBase(target.slug, target.appId);
  return (
    <Card aria-label="User assignments">
      <CardHeader title="User assignments" description="Directly, or through a group" actions={canAssign ? <AssignUserButton target={target} /> : null} />
      <CardBody className="space-y-3">
        <form action={base} method="get" role="search" className="flex gap-2">
          <label htmlFor="app-users-q" className="sr-only">
            Search assigned people
          </label>
          <input
            id="app-users-q"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="Name or email starts with…"
            className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-3 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20"
          />
          <button type="submit" className={buttonClasses("secondary", "sm")}>
            Search
          </button>
        </form>
        {!s.ok ? (
          <Alert tone="error" title="User assignments could not be read from Okta">
            {s.error}
          </Alert>
        ) : s.data.rows.length === 0 ? (
          <p className="text-sm text-slate-500">{filters.q ? `Nobody assigned starts with “${filters.q}”.` : "Nobody is assigned this app."}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {s.data.rows.map((r) => {
              const name = r.displayName ?? r.login ?? r.userName ?? r.userId;
              return (
                <li key={r.userId} className="flex items-center justify-between gap-3 py-2 first:pt-0 last:pb-0">
                  <span className="min-w-0">
                    <Link href={`/t/${encodeURIComponent(target.slug)}/users/${encodeURIComponent(r.userId)}`} prefetch={false} className="block truncate text-sm font-medium text-slate-900 hover:text-indigo-700 hover:underline">
                      {name}
                    </Link>
                    <span className="block truncate text-xs text-slate-500">{r.login ?? r.userName}</span>
                  </span>
                  <span className="flex shrink-0 items-center gap-2">
                    <Badge tone={r.scope === "USER" ? "indigo" : "neutral"}>{r.scope === "USER" ? "Direct" : "Group"}</Badge>
                    {canUnassign && r.scope === "USER" ? <UnassignUserButton target={target} userId={r.userId} name={name} /> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {s.ok ? <CursorPager label="User assignment pages" previousHref={previousHref(base, filters)} nextHref={nextHref(base, filters, s.data.nextAfter)} /> : null}
      </CardBody>
    </Card>
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
    <Link href={appsBase(slug)} className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900">
      <span aria-hidden>←</span> Apps
    </Link>
  );
}
