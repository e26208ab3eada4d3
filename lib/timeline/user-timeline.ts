import "server-only";
// A user's Timeline tab (user detail page), read when the tab is opened: this org's audit events whose
// target is the user and the user's System Log events, both over the last 7 days (newest 50 actions,
// newest 20 events, as the page's Recent activity), merged by lib/timeline/join.ts. Not part of every
// user view: the page's own render stays one Okta wave plus its sections, and opening the tab costs one
// System Log request and one audit query.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import { queryAuditEvents } from "@/lib/audit/query";
import type { AuditRowView } from "@/lib/audit-view/rows";
import { tenantRowView } from "@/lib/audit-view/tenant";
import { isOktaUserId, listRecentUserEvents, RECENT_EVENTS_DAYS, settle, type Section, type UserEventSummary } from "@/lib/okta/users";

export const TIMELINE_AUDIT_LIMIT = 50;

export interface UserTimelineData {
  audit: AuditRowView[];
  /** The Okta half; an error of its own (Okta unreachable, or no `users.read`) leaves the console half shown. */
  events: Section<UserEventSummary[]>;
}

export const userTimelineView = tenantAction(
  {
    name: "audit.user_timeline",
    permission: "audit.read",
    input: z.object({ userId: z.string().trim().min(1).max(100) }),
    readOnly: true,
    auditFields: ["userId"],
    target: (i) => ({ type: "user", id: i.userId }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx, input): Promise<UserTimelineData> => {
    const now = new Date();
    const events: Promise<Section<UserEventSummary[]>> = !ctx.can("users.read")
      ? Promise.resolve({ ok: false, error: "Your role in this org does not show users' Okta events." })
      : isOktaUserId(input.userId)
        ? settle(listRecentUserEvents(ctx.okta, input.userId, now))
        : Promise.resolve({ ok: true, data: [] });
    const page = await queryAuditEvents(ctx.db, {
      tenantId: ctx.tenant.id,
      target: input.userId,
      from: new Date(now.getTime() - RECENT_EVENTS_DAYS * 86_400_000),
      limit: TIMELINE_AUDIT_LIMIT,
    });
    const withLogLinks = ctx.can("logs.read");
    return { audit: page.events.map((e) => tenantRowView(e, ctx.tenant.slug, withLogLinks, now)), events: await events };
  },
);
