import { appLookupRoute } from "@/lib/jobs/actions";

/** GET /api/t/[tenant]/jobs/app-lookup?q= -> active apps for the users list's bulk "Assign app". */
export const GET = appLookupRoute;
