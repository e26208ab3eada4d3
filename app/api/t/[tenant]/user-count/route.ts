import { tenantUserCountRoute } from "@/lib/tenants/user-count";

export const GET = tenantUserCountRoute;
