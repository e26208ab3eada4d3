import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AppMonogram, AppStatusBadge, signOnModeLabel } from "@/components/apps/app-parts";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { appsListView, type AppListRow } from "@/lib/apps/actions";
import { appsBase, nextHref, parsePageParams, previousHref } from "@/lib/apps/filters";
import { countText } from "@/lib/apps/blast-radius";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Apps" };

/**
 * The org's apps, live from Okta: one page (Okta's cursor; `q` starts-with on name and label), then the
 * assignment counts of each row, read a few at a time (or kept from the last minute) and streamed into
 * their cells.
 */
export default async function AppsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ tenant: slug }, sp] = await Promise.all([params, searchParams]);
  const filters = parsePageParams(sp);
  const [page, result] = await Promise.all([requireTenantPage(slug), appsListView(slug, { q: filters.q, after: filters.after })]);
  if (!page.can("apps.read")) notFound();
  const base = appsBase(slug);
  return (
    <div className="space-y-5">
      <PageHeader title="Apps" description="Apps in this org, who is assigned them, and through which groups." />
      <form action={base} method="get" role="search" className="flex max-w-xl gap-2">
        <label htmlFor="apps-q" className="sr-only">
          Search apps
        </label>
        <input
          id="apps-q"
          name="q"
          defaultValue={filters.q ?? ""}
          placeholder="App name or label starts with…"
          className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 px-3 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20"
        />
        <button type="submit" className={buttonClasses("secondary")}>
          Search
        </button>
      </form>
      {!result.ok ? (
        <Alert tone="error" title="Apps could not be read from Okta">
          {result.error}
        </Alert>
      ) : result.data.rows.length === 0 ? (
        <EmptyState title={filters.q ? `No app starts with “${filters.q}”` : "No apps"}>{filters.q ? <Link href={base}>Show every app</Link> : "This org has no apps."}</EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Apps{filters.q ? ` starting with ${filters.q}` : ""}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2.5">
                  App
                </th>
                <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
                  Sign-on
                </th>
                <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">
                  Status
                </th>
                <th scope="col" className="px-4 py-2.5 text-right">
                  Assigned
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.data.rows.map((row) => (
                <AppRow key={row.app.id} slug={slug} row={row} />
              ))}
            </tbody>
          </table>
          <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-4 py-2.5">
            {/* lib/apps/count-cache.ts: the counts spare the org's apps rate limit. */}
            <p className="text-xs text-slate-500">Assignment counts are up to a minute old; an app&rsquo;s own page is always live.</p>
            <CursorPager label="Apps pages" previousHref={previousHref(base, filters)} nextHref={nextHref(base, filters, result.data.nextAfter)} />
          </div>
        </div>
      )}
    </div>
  );
}

function AppRow({ slug, row }: { slug: string; row: AppListRow }) {
  const { app } = row;
  return (
    <tr className="align-middle">
      <th scope="row" className="px-4 py-2.5 font-normal">
        <div className="flex items-center gap-3">
          <AppMonogram label={app.label} />
          <div className="min-w-0 max-w-[11rem] sm:max-w-none">
            <Link href={`${appsBase(slug)}/${encodeURIComponent(app.id)}`} prefetch={false} className="block truncate font-medium text-slate-900 hover:text-indigo-700 hover:underline">
              {app.label}
            </Link>
            <span className="block truncate font-mono text-xs text-slate-500">
              {app.name}
              <span className="sm:hidden"> · {app.status === "ACTIVE" ? "active" : "inactive"}</span>
            </span>
          </div>
        </div>
      </th>
      <td className="hidden px-4 py-2.5 text-slate-700 md:table-cell">{signOnModeLabel(app.signOnMode)}</td>
      <td className="hidden px-4 py-2.5 sm:table-cell">
        <AppStatusBadge status={app.status} />
      </td>
      <td className="px-4 py-2.5 text-right tabular-nums text-slate-700">
        <Suspense fallback={<span className="text-slate-400" aria-label="Counting">…</span>}>
          <Counts counts={row.counts} />
        </Suspense>
      </td>
    </tr>
  );
}

async function Counts({ counts }: { counts: AppListRow["counts"] }) {
  const c = await counts;
  if (!c.ok) return <span className="text-xs text-rose-700" title={c.error}>not read</span>;
  const { users, groups } = c.data;
  return (
    <span className="whitespace-nowrap">
      {countText(users.count, users.more)} {users.count === 1 && !users.more ? "user" : "users"}
      {/* On narrow screens the users alone: the groups are on the app's page. */}
      <span className="hidden sm:inline">
        <span className="text-slate-400"> · </span>
        {countText(groups.count, groups.more)} {groups.count === 1 && !groups.more ? "group" : "groups"}
      </span>
    </span>
  );
}
