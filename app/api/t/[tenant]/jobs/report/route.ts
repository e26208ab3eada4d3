import { jobReportRoute } from "@/lib/jobs/actions";

/** GET /api/t/[tenant]/jobs/report?jobId=... -> the job's CSV report (text/csv). */
export const GET = jobReportRoute;
