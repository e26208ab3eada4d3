import { logsTailRoute } from "@/lib/logs/actions";

export const GET = logsTailRoute;
