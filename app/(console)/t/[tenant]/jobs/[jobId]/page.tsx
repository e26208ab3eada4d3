import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NoAccess } from "@/components/admin/no-access";
import { Alert } from "@/components/ui/alert";
import { jobDetailView } from "@/lib/jobs/actions";
import { requireTenantPage } from "@/lib/tenants/page-guard";
import { JobProgress } from "../_components/job-progress";

export const metadata: Metadata = { title: "Job" };

/** One job: live progress (polled every second while it runs), counts, rate, ETA, per-item results. */
export default async function JobPage({ params }: { params: Promise<{ tenant: string; jobId: string }> }) {
  const { tenant: slug, jobId } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("jobs.read")) return <NoAccess title="Jobs" need="see bulk jobs and their reports" />;
  const view = await jobDetailView(slug, { jobId });
  if ((!view.ok && (view.code === "not_found" || view.code === "invalid")) || (view.ok && !view.data)) notFound();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/t/${slug}/jobs`} className="text-indigo-700 hover:underline">
          Jobs
        </Link>
      </nav>
      {!view.ok ? (
        <Alert tone="error" title="This job could not be read">
          {view.error}
        </Alert>
      ) : view.data ? (
        <JobProgress slug={slug} initial={view.data} ticketRequired={page.tenant.ticketRequired} />
      ) : null}
    </div>
  );
}
