import "server-only";
// The console half of a user's Timeline tab (user detail page): this org's audit events whose target is
// the user, in the same window as the page's System Log read (last 7 days), newest 50. Read-only, no
// Okta call; the Okta half is the detail page's own events read (lib/users/detail.ts), so the tab costs
// no extra Okta request. The two are merged by lib/timeline/join.ts.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import { queryAuditEvents } from "@/lib/audit/query";
import type { AuditRowView } from "@/lib/audit-view/rows";
import { tenantRowView } from "@/lib/audit-view/tenant";
import { RECENT_EVENTS_DAYS } from "@/lib/okta/users";

export const TIMELINE_AUDIT_LIMIT = 50;

export const userTimelineAudit = tenantAction(
  {
    name: "audit.user_timeline",
    permission: "audit.read",
    input: z.object({ userId: z.string().trim().min(1).max(100) }),
    readOnly: true,
    okta: false,
    auditFields: ["userId"],
    target: (i) => ({ type: "user", id: i.userId }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx, input): Promise<AuditRowView[]> => {
    const now = new Date();
    const page = await queryAuditEvents(ctx.db, {
      tenantId: ctx.tenant.id,
      target: input.userId,
      from: new Date(now.getTime() - RECENT_EVENTS_DAYS * 86_400_000),
      limit: TIMELINE_AUDIT_LIMIT,
    });
    const withLogLinks = ctx.can("logs.read");
    return page.events.map((e) => tenantRowView(e, ctx.tenant.slug, withLogLinks, now));
  },
);
