import { logsExportRoute } from "@/lib/logs/actions";

export const GET = logsExportRoute;
