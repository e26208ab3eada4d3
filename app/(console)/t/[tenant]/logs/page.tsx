import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { logViewerHref } from "@/lib/logs/href";
import { parseLogParams } from "@/lib/logs/query";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { LogsResults, startLogsRead } from "./_components/logs-results";
import { LogsSearch } from "./_components/logs-search";
import { LogsSkeleton } from "./_components/logs-skeleton";

export const metadata: Metadata = { title: "Log Viewer" };

/** The org's Okta System Log, read live: the search renders at once, the events stream in. */
export default async function LogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug }, raw] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  // Roles without logs.read (Billing) do not get the page at all; the read action refuses them too.
  if (!page.can("logs.read")) notFound();
  const url = parseLogParams(raw);
  const read = startLogsRead(page.tenant.slug, url);
  return (
    <div className="space-y-5">
      <PageHeader title="Log Viewer" description={<>The Okta System Log of {page.tenant.name}, read live. Newest first.</>} />
      <LogsSearch slug={page.tenant.slug} params={url} canLookupUsers={page.can("users.read")} />
      <Suspense key={logViewerHref(page.tenant.slug, url, { after: url.after, prev: url.prev })} fallback={<LogsSkeleton />}>
        <LogsResults slug={page.tenant.slug} params={url} read={read} />
      </Suspense>
    </div>
  );
}
