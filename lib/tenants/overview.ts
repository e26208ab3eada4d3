import "server-only";
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import { orgFacts, orgUserCount, type OrgFacts } from "@/lib/okta/org-overview";

/**
 * The org overview's live data, read through the wrapper like everything else that calls Okta. Only
 * what the staff member's roles allow is read: the user count for roles with `tenant.userCount`,
 * the org's own settings only for roles that may see Okta data (`users.read`); Billing gets counts only.
 */
export const tenantOverview = tenantAction(
  { name: "tenant.overview", permission: "tenant.view", input: z.object({}), readOnly: true, auditFields: [] },
  async (ctx): Promise<OrgFacts & { showsOktaData: boolean }> => {
    const showsOktaData = ctx.can("users.read");
    if (showsOktaData) return { ...(await orgFacts(ctx.okta)), showsOktaData };
    const usersCount = ctx.can("tenant.userCount") ? await orgUserCount(ctx.okta) : null;
    return { companyName: null, subdomain: null, usersCount, showsOktaData };
  },
);
