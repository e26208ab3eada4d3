import "server-only";
// Every change to a group in a customer's org, through the one wrapper (tenantAction): permission table,
// the org's Ticket ID rule, write-ahead audit row, Okta request ids. Each body reads what it needs live
// and refuses (lib/groups/guards.ts) before its Okta write. Writes are never retried (except the
// gateway's bounded wait on Okta's 429); a membership batch reports each person's outcome, never
// claiming a change Okta did not confirm.
import { ActionError, tenantAction, type TenantActionContext } from "@/lib/actions";
import { mapBounded } from "@/lib/okta/bounded";
import { oktaCauses } from "@/lib/okta/error-fields";
import { describeOktaError } from "@/lib/okta/gateway";
import { assertOktaGroup, GROUP_GONE, guardMembershipChange, readGroupOrThrow } from "./guards";
import { createGroupSchema, deleteGroupSchema, membershipSchema, updateGroupSchema } from "./schemas";

/** Syntactically valid ids for the authorization matrix's example inputs. */
export const EXAMPLE_GROUP_ID = "00gexample0000000001";
const EXAMPLE_USER_ID = "00uexample0000000001";

/** Membership writes run at most this many at a time (Okta's groups bucket is 500 a minute). */
const MEMBERSHIP_CONCURRENCY = 4;

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && typeof (err as { status?: unknown }).status === "number" ? (err as { status: number }).status : undefined;

/** Okta's "name already exists" (E0000001 with a cause on `name`) lands next to the Name field. */
function nameTaken(err: unknown, tenantName: string): ActionError | null {
  if (statusOf(err) !== 400) return null;
  const cause = oktaCauses(err).find((c) => c.attribute === "name");
  if (!cause) return null;
  const text = /already exists/i.test(cause.message) ? `A group with this name already exists in ${tenantName}.` : cause.message;
  return new ActionError(text, "invalid", { name: [text] }, "E0000001");
}

async function groupWrite<T>(ctx: TenantActionContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError(GROUP_GONE, "not_found", undefined, "E0000007");
    const taken = nameTaken(err, ctx.tenant.name);
    if (taken) throw taken;
    throw err;
  }
}

const groupTarget = (i: { groupId: string }) => ({ type: "group", id: i.groupId });

// ---------------------------------------------------------------------------------------------------
// Create, edit, delete (Okta groups only)

export const createGroupAction = tenantAction(
  {
    name: "group.create",
    permission: "groups.manage",
    input: createGroupSchema,
    target: (i) => ({ type: "group", name: i.name }),
    auditFields: ["name", "description"],
    example: { name: "Example group", description: "" },
  },
  async (ctx, input): Promise<{ groupId: string; name: string }> => {
    const created = await groupWrite(ctx, () =>
      ctx.okta.client.groupApi.createGroup({ group: { profile: { name: input.name, ...(input.description ? { description: input.description } : {}) } } }),
    );
    const groupId = String(created.id ?? "");
    ctx.setTarget({ type: "group", id: groupId, name: input.name });
    return { groupId, name: input.name };
  },
);

export const updateGroupAction = tenantAction(
  {
    name: "group.update",
    permission: "groups.manage",
    input: updateGroupSchema,
    target: groupTarget,
    auditFields: ["groupId", "name", "description"],
    example: { groupId: EXAMPLE_GROUP_ID, name: "Example group", description: "" },
  },
  async (ctx, input): Promise<{ groupId: string; changed: string[] }> => {
    const group = await readGroupOrThrow(ctx, input.groupId);
    assertOktaGroup(group, "Its name and description cannot be edited here.");
    const changed = [group.name !== input.name ? "name" : null, (group.description ?? "") !== input.description ? "description" : null].filter((x): x is string => x !== null);
    if (changed.length === 0) return { groupId: group.id, changed };
    // PUT replaces the whole profile: keep any other attributes the group's profile carries.
    const current = (await groupWrite(ctx, () => ctx.okta.client.groupApi.getGroup({ groupId: input.groupId }))) as unknown as { profile?: Record<string, unknown> };
    const profile: Record<string, unknown> = { ...(current.profile ?? {}), name: input.name };
    if (input.description) profile.description = input.description;
    else delete profile.description;
    await groupWrite(ctx, () => ctx.okta.client.groupApi.replaceGroup({ groupId: input.groupId, group: { profile: profile as never } }));
    ctx.setTarget({ type: "group", id: group.id, name: input.name });
    return { groupId: group.id, changed };
  },
);

export const deleteGroupAction = tenantAction(
  {
    name: "group.delete",
    permission: "groups.manage",
    input: deleteGroupSchema,
    target: groupTarget,
    auditFields: ["groupId"],
    example: { groupId: EXAMPLE_GROUP_ID, confirmName: "Example group" },
  },
  async (ctx, input): Promise<{ deleted: true }> => {
    const group = await readGroupOrThrow(ctx, input.groupId);
    assertOktaGroup(group, "It cannot be deleted here.");
    if (input.confirmName.trim().toLowerCase() !== group.name.trim().toLowerCase()) {
      throw new ActionError(`Type the group's name (${group.name}) exactly to delete it. Nothing was deleted.`, "invalid", { confirmName: [`Type ${group.name} to confirm.`] }, "confirmation_mismatch");
    }
    await groupWrite(ctx, () => ctx.okta.client.groupApi.deleteGroup({ groupId: input.groupId }));
    return { deleted: true };
  },
);

// ---------------------------------------------------------------------------------------------------
// Membership

export interface MembershipResult {
  groupId: string;
  groupName: string;
  /** Users whose membership Okta confirmed. */
  done: string[];
  /** Users Okta refused, one sentence each. */
  failed: Array<{ userId: string; error: string }>;
}

async function changeMembers(ctx: TenantActionContext, input: { groupId: string; userIds: string[] }, verb: "add" | "remove"): Promise<MembershipResult> {
  const { group } = await guardMembershipChange(ctx, input.groupId, input.userIds, verb);
  const done: string[] = [];
  const failed: Array<{ userId: string; error: string }> = [];
  await mapBounded(input.userIds, MEMBERSHIP_CONCURRENCY, async (userId) => {
    try {
      if (verb === "add") await ctx.okta.client.groupApi.assignUserToGroup({ groupId: group.id, userId });
      else await ctx.okta.client.groupApi.unassignUserFromGroup({ groupId: group.id, userId });
      done.push(userId);
    } catch (err) {
      const error = statusOf(err) === 404 ? "Okta has no such user in this org (or the group is gone)." : (describeOktaError(err)?.sentence ?? "Okta did not confirm the change.");
      failed.push({ userId, error });
    }
  });
  // Every write failed: the action failed (the audit row says so), with Okta's first sentence.
  if (done.length === 0 && failed.length > 0) {
    throw new ActionError(`${verb === "add" ? "Nobody was added" : "Nobody was removed"}: ${failed[0]!.error}`, "okta", undefined, "membership_failed");
  }
  return { groupId: group.id, groupName: group.name, done: input.userIds.filter((u) => done.includes(u)), failed };
}

export const addGroupMembersAction = tenantAction(
  {
    name: "group.members.add",
    permission: "groups.membership",
    input: membershipSchema,
    target: groupTarget,
    auditFields: ["groupId", "userIds"],
    example: { groupId: EXAMPLE_GROUP_ID, userIds: [EXAMPLE_USER_ID] },
  },
  (ctx, input) => changeMembers(ctx, input, "add"),
);

export const removeGroupMembersAction = tenantAction(
  {
    name: "group.members.remove",
    permission: "groups.membership",
    input: membershipSchema,
    target: groupTarget,
    auditFields: ["groupId", "userIds"],
    example: { groupId: EXAMPLE_GROUP_ID, userIds: [EXAMPLE_USER_ID] },
  },
  (ctx, input) => changeMembers(ctx, input, "remove"),
);
