import { dashboardRoute } from "@/lib/dashboard/cards";

export const GET = dashboardRoute;
