import "server-only";
import { z } from "zod";
import { tenantRoute } from "@/lib/actions";
import { orgUserCount } from "@/lib/okta/org-overview";

/** GET /api/t/[tenant]/user-count: one org's user count (dashboard cards, Billing). */
export const tenantUserCountRoute = tenantRoute(
  { name: "tenant.user_count", permission: "tenant.userCount", input: z.object({}), readOnly: true, auditFields: [] },
  async (ctx) => ({ usersCount: await orgUserCount(ctx.okta) }),
);
