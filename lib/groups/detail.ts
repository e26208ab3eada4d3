import "server-only";
// The group detail page's reads, through the wrapper: ONE read-only action starts every read at once
// (the group with its counts, a page of members or a member search, the group's apps, the rules that
// target it, its admin roles) and hands back a promise per section, so each streams in its own
// Suspense boundary and a failing section shows its own sentence. None of the promises rejects.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import type { OktaRoleSummary } from "@/lib/okta/gateway";
import {
  getGroupWithStats,
  isOktaGroupId,
  listGroupApps,
  listGroupMembersPage,
  listGroupRoles,
  listRulesTargeting,
  searchGroupMembers,
  type GroupAppSummary,
  type GroupSummary,
  type RulesTargeting,
} from "@/lib/okta/groups";
import { settle, type Bounded, type Section, type UserSummary } from "@/lib/okta/users";
import { MEMBERS_PAGE_SIZE } from "./filters";
import { membersFilterSchema } from "./filters-schema";

export type MembersSection =
  | { kind: "page"; users: UserSummary[]; nextAfter: string | null }
  | { kind: "search"; text: string; users: UserSummary[]; scanned: number; complete: boolean };

export interface GroupDetailData {
  group: Section<GroupSummary | null>;
  members: Promise<Section<MembersSection>>;
  apps: Promise<Section<Bounded<GroupAppSummary>>>;
  rules: Promise<Section<RulesTargeting>>;
  roles: Promise<Section<OktaRoleSummary[]>>;
}

export const groupDetailInput = membersFilterSchema.extend({ groupId: z.string().trim().min(1).max(100) });

const skipped = <T>(data: T): Promise<Section<T>> => Promise.resolve({ ok: true, data });

export const groupDetailView = tenantAction(
  {
    name: "group.detail",
    permission: "groups.read",
    input: groupDetailInput,
    readOnly: true,
    auditFields: ["groupId", "mq"],
    target: (i) => ({ type: "group", id: i.groupId }),
    example: { groupId: "00g1abcdefghijklmnop" },
  },
  async (ctx, input): Promise<GroupDetailData> => {
    // Not an Okta id: no call at all, the page answers 404.
    if (!isOktaGroupId(input.groupId)) {
      return { group: { ok: true, data: null }, members: skipped({ kind: "page", users: [], nextAfter: null }), apps: skipped({ items: [], truncated: false }), rules: skipped({ rules: [], complete: true }), roles: skipped([]) };
    }
    const okta = ctx.okta;
    const id = input.groupId;
    const group = settle(getGroupWithStats(okta, id));
    const members: Promise<Section<MembersSection>> = input.mq
      ? settle(searchGroupMembers(okta, id, input.mq, { mastery: ctx.tenant.mastery }).then((r) => ({ kind: "search" as const, text: input.mq!, ...r })))
      : settle(listGroupMembersPage(okta, id, { after: input.mafter, limit: MEMBERS_PAGE_SIZE, mastery: ctx.tenant.mastery }).then((r) => ({ kind: "page" as const, ...r })));
    const apps = settle(listGroupApps(okta, id));
    const rules = settle(listRulesTargeting(okta, [id]));
    const roles = settle(listGroupRoles(okta, id));
    // The page needs the group first (its header, or the 404); the other sections keep streaming.
    return { group: await group, members, apps, rules, roles };
  },
);
