import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { jobsListView } from "@/lib/jobs/actions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { JobsTable } from "./_components/jobs-table";

export const metadata: Metadata = { title: "Jobs" };

/** The org's bulk jobs, newest first: kind, title, who, when, status and counts; a CSV report each. */
export default async function JobsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ page?: string }> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  if (!page.can("jobs.read")) return <NoAccess title="Jobs" need="see bulk jobs and their reports" />;
  const view = await jobsListView(slug, { page: query.page });
  if (!view.ok && view.code === "not_found") notFound();
  return (
    <>
      <PageHeader title="Jobs" description={`Bulk work in ${page.tenant.name}: each item is checked, run through Okta's rate limit and audited on its own.`} />
      {view.ok ? (
        <div className="space-y-3">
          <JobsTable slug={slug} jobs={view.data.jobs} />
          {view.data.pages > 1 ? (
            <nav aria-label="Job pages" className="flex items-center justify-end gap-3 text-sm">
              {view.data.page > 1 ? <Link href={`/t/${slug}/jobs?page=${view.data.page - 1}`} className="text-indigo-700 hover:underline">Newer</Link> : null}
              <span className="text-slate-500">
                Page {view.data.page} of {view.data.pages}
              </span>
              {view.data.page < view.data.pages ? <Link href={`/t/${slug}/jobs?page=${view.data.page + 1}`} className="text-indigo-700 hover:underline">Older</Link> : null}
            </nav>
          ) : null}
        </div>
      ) : (
        <Alert tone="error" title="The jobs could not be read">
          {view.error}
        </Alert>
      )}
    </>
  );
}
