import "server-only";
// Apps of a customer org: the pages' reads and every assignment change, through the one wrapper
// (tenantAction): the permission table (apps.read / apps.assign), the org's Ticket ID rule, the
// write-ahead audit row and the Okta request ids come from it. Each change then, before its ONE Okta
// write (never retried except on Okta's 429):
//   - user assignments: reads the user's privilege live (lib/users/privilege.ts) and refuses roles
//     without apps.assign's privileged-target grant (Help Desk) on Okta admins and service accounts;
//   - reads what the change touches (the app, the group, the current assignment) and refuses what
//     Okta would refuse or what would not do what the technician expects, in a plain sentence.
import { z } from "zod";
import { ActionError, tenantAction, type TenantActionContext } from "@/lib/actions";
import { describeOktaError } from "@/lib/okta/gateway";
import { appAssignmentCounts, getApp, getAppUser, listAppGroups, listAppsPage, listAppUsersPage, type AppCounts, type AppSummary } from "@/lib/okta/apps";
import { settle, type Section } from "@/lib/okta/users";
import { readTargetPrivilege } from "@/lib/users/privilege";
import { cachedAppCounts, forgetAppCounts } from "./count-cache";
import { allReads, getGroupLite, previewAssignGroup, previewUnassignGroup, previewUnassignUser } from "./impact";
import { appGroupTargetSchema, appPreviewSchema, appUserTargetSchema, oktaAppIdSchema } from "./schemas";

const EXAMPLE_APP_ID = "0oaexample0000000001";
const EXAMPLE_GROUP_ID = "00gexample0000000001";
const EXAMPLE_USER_ID = "00uexample0000000001";
const APP_GONE = "Okta has no app with this id in this org; it may have been deleted.";
const GROUP_GONE = "Okta has no group with this id in this org; it may have been deleted.";

/** Per-row reads of a list page in flight at once (the apps bucket is Okta's smallest). */
export const ROW_READS_IN_FLIGHT = 4;

/** Starts `fn` for every item with at most `limit` running; one promise per item, in order. */
export function boundedEach<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R>[] {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return items.map(
    (item) =>
      new Promise<R>((resolve, reject) => {
        const start = () => {
          running++;
          fn(item).then(resolve, reject).finally(release);
        };
        if (running < limit) start();
        else queue.push(start);
      }),
  );
}

const cursorSchema = z.string().regex(/^[A-Za-z0-9._~:=+/-]{1,512}$/).optional();

// ---------------------------------------------------------------------------------------------------
// Reads

export interface AppListRow {
  app: AppSummary;
  /** Assignment counts, read per row after the page (bounded): they stream into their cells. */
  counts: Promise<Section<AppCounts>>;
}

export const appsListView = tenantAction(
  {
    name: "app.list",
    permission: "apps.read",
    input: z.object({ q: z.string().trim().max(100).optional(), after: cursorSchema }),
    readOnly: true,
    auditFields: ["q"],
    example: {},
  },
  async (ctx, input): Promise<{ rows: AppListRow[]; nextAfter: string | null; allCounts: Promise<unknown> }> => {
    const page = await listAppsPage(ctx.okta, { q: input.q || undefined, after: input.after });
    // Kept a minute per app (count-cache.ts): the apps bucket is 100 requests a minute.
    const counts = boundedEach(page.apps, ROW_READS_IN_FLIGHT, (a) => settle(cachedAppCounts(ctx.tenant.id, a.id, () => appAssignmentCounts(ctx.okta, a.id))));
    // `allCounts` settles when every row's counts did (none of them rejects).
    return { rows: page.apps.map((app, i) => ({ app, counts: counts[i]! })), nextAfter: page.nextAfter, allCounts: Promise.all(counts) };
  },
);

export const appDetailView = tenantAction(
  {
    name: "app.detail",
    permission: "apps.read",
    input: z.object({ appId: z.string().trim().min(1).max(100), q: z.string().trim().max(100).optional(), after: cursorSchema }),
    readOnly: true,
    auditFields: ["appId", "q"],
    target: (i) => ({ type: "app", id: i.appId }),
    example: { appId: EXAMPLE_APP_ID },
  },
  async (ctx, input) => {
    // Every read at once; the page waits for the app only (its header, or the 404).
    const valid = oktaAppIdSchema.safeParse(input.appId).success;
    const app = settle(valid ? getApp(ctx.okta, input.appId) : Promise.resolve(null));
    const users = valid ? settle(listAppUsersPage(ctx.okta, input.appId, { q: input.q || undefined, after: input.after })) : app.then(() => ({ ok: false, error: APP_GONE, status: 404 }) as const);
    const groups = valid ? settle(listAppGroups(ctx.okta, input.appId)) : app.then(() => ({ ok: false, error: APP_GONE, status: 404 }) as const);
    await app;
    return { app, users, groups };
  },
);

/** What an assignment change would do, shown in its confirmation before anything changes. */
export const appAssignmentPreview = tenantAction(
  {
    name: "app.assignment_preview",
    permission: "apps.read",
    input: appPreviewSchema,
    readOnly: true,
    auditInput: (i) => ({ kind: i.kind, appId: i.appId, ...("groupId" in i ? { groupId: i.groupId } : { userId: i.userId }) }),
    target: (i) => ({ type: "app", id: i.appId }),
    example: { kind: "assign_group", appId: EXAMPLE_APP_ID, groupId: EXAMPLE_GROUP_ID },
  },
  // A read: what is missing is part of the answer ({ found: false, reason }), not a refusal.
  async (ctx, input) => {
    const app = await getApp(ctx.okta, input.appId);
    if (!app) return { found: false as const, reason: APP_GONE };
    if (input.kind === "unassign_user") return { found: true as const, kind: input.kind, ...(await previewUnassignUser(ctx.okta, input.appId, input.userId)) };
    const preview = input.kind === "assign_group" ? await previewAssignGroup(ctx.okta, input.appId, input.groupId) : await previewUnassignGroup(ctx.okta, input.appId, input.groupId);
    if (!preview) return { found: false as const, reason: GROUP_GONE };
    return { found: true as const, kind: input.kind, ...preview };
  },
);

// ---------------------------------------------------------------------------------------------------
// Changes

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const statusOf = (err: unknown) => (isRec(err) && typeof err.status === "number" ? err.status : undefined);
const codeOf = (err: unknown) => (isRec(err) && typeof err.errorCode === "string" ? err.errorCode : undefined);

function causesOf(err: unknown): string[] {
  const causes = isRec(err) && Array.isArray(err.errorCauses) ? err.errorCauses : [];
  return causes.map((c) => (isRec(c) && typeof c.errorSummary === "string" ? c.errorSummary : "")).filter(Boolean);
}

/** The app, or a "not found" refusal; also refused: an inactive app (Okta would not sign anyone in to it). */
async function liveApp(ctx: TenantActionContext, appId: string, { forAssign }: { forAssign: boolean }): Promise<AppSummary> {
  const app = await getApp(ctx.okta, appId);
  if (!app) throw new ActionError(APP_GONE, "not_found");
  ctx.setTarget({ type: "app", id: app.id, name: app.label });
  if (forAssign && app.status !== "ACTIVE") throw new ActionError(`${app.label} is inactive in Okta: activate it in the Okta Admin Console before assigning it. Nothing was changed.`, "invalid", undefined, "app_inactive");
  return app;
}

/** Help Desk never acts on Okta admins or service accounts (apps.assign's privileged-target rule). */
async function guardUser(ctx: TenantActionContext, userId: string): Promise<{ login: string }> {
  const target = await readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, userId, { mastery: ctx.tenant.mastery });
  if (target.assessment.privileged) {
    const what = target.assessment.serviceAccount ? "a service account" : "an Okta admin";
    ctx.assertCanActOn({ privileged: true, name: `${target.user.login} (${what})` });
  }
  return { login: target.user.login };
}

/**
 * The one Okta write: 404 -> not found; an app that needs per-user fields -> a clear sentence. Sent or
 * not, the app's kept list counts are dropped (a write that timed out may still have been applied).
 */
async function oktaWrite<T>(ctx: TenantActionContext, app: AppSummary, work: () => Promise<T>, notFound: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError(notFound, "not_found", undefined, codeOf(err) ?? "E0000007");
    if (statusOf(err) === 400 && codeOf(err) === "E0000001") {
      const causes = causesOf(err);
      const fields = causes.map((c) => c.split(":")[0]!.trim()).filter(Boolean);
      const sentence = fields.length
        ? `${app.label} needs per-user fields that the console does not set (${fields.join(", ")}): assign it in the Okta Admin Console, where those fields are asked for, or assign it to a group whose app settings give them. Nothing was changed.`
        : (describeOktaError(err)?.sentence ?? "Okta rejected the assignment.");
      throw new ActionError(sentence, "invalid", undefined, "app_user_fields_required");
    }
    throw err;
  } finally {
    forgetAppCounts(ctx.tenant.id, app.id);
  }
}

const userTarget = (i: { userId: string }) => ({ type: "user", id: i.userId });
const groupTarget = (i: { groupId: string }) => ({ type: "group", id: i.groupId });

export const assignAppToUserAction = tenantAction(
  {
    name: "app.assign_user",
    permission: "apps.assign",
    input: appUserTargetSchema,
    auditFields: ["appId", "userId"],
    target: userTarget,
    example: { appId: EXAMPLE_APP_ID, userId: EXAMPLE_USER_ID },
  },
  async (ctx, input): Promise<{ userId: string; scope: string }> => {
    const [app, user, existing] = await allReads([liveApp(ctx, input.appId, { forAssign: true }), guardUser(ctx, input.userId), getAppUser(ctx.okta, input.appId, input.userId)] as const);
    ctx.setTarget({ type: "user", id: input.userId, name: `${user.login} → ${app.label}` });
    if (existing?.scope === "USER") throw new ActionError(`${user.login} is already assigned ${app.label} directly. Nothing was changed.`, "invalid", undefined, "already_assigned");
    const result = await oktaWrite(ctx, app, () => ctx.okta.client.applicationApi.assignUserToApplication({ appId: app.id, appUser: { id: input.userId, scope: "USER" } }), "Okta has no such user or app in this org.");
    const scope = isRec(result) && typeof result.scope === "string" ? result.scope : "USER";
    return { userId: input.userId, scope };
  },
);

export const unassignAppFromUserAction = tenantAction(
  {
    name: "app.unassign_user",
    permission: "apps.assign",
    input: appUserTargetSchema,
    auditFields: ["appId", "userId"],
    target: userTarget,
    example: { appId: EXAMPLE_APP_ID, userId: EXAMPLE_USER_ID },
  },
  async (ctx, input): Promise<{ userId: string; keptThroughGroups: boolean }> => {
    const [app, user, existing] = await allReads([liveApp(ctx, input.appId, { forAssign: false }), guardUser(ctx, input.userId), getAppUser(ctx.okta, input.appId, input.userId)] as const);
    ctx.setTarget({ type: "user", id: input.userId, name: `${user.login} → ${app.label}` });
    if (!existing) throw new ActionError(`${user.login} is not assigned ${app.label}. Nothing was changed.`, "not_found", undefined, "not_assigned");
    if (existing.scope === "GROUP") {
      throw new ActionError(
        `${user.login} has ${app.label} only through a group: remove them from that group, or unassign the group, instead. Nothing was changed.`,
        "invalid",
        undefined,
        "group_assignment",
      );
    }
    await oktaWrite(ctx, app, () => ctx.okta.client.applicationApi.unassignUserFromApplication({ appId: app.id, userId: input.userId, sendEmail: false }), "Okta has no such assignment in this org.");
    // Okta keeps the app for a user who also has it through a group: re-read to say which happened.
    const after = await getAppUser(ctx.okta, app.id, input.userId).catch(() => null);
    return { userId: input.userId, keptThroughGroups: after !== null };
  },
);

export const assignAppToGroupAction = tenantAction(
  {
    name: "app.assign_group",
    permission: "apps.assign",
    input: appGroupTargetSchema,
    auditFields: ["appId", "groupId"],
    target: groupTarget,
    example: { appId: EXAMPLE_APP_ID, groupId: EXAMPLE_GROUP_ID },
  },
  async (ctx, input): Promise<{ groupId: string }> => {
    const [app, group, groups] = await allReads([liveApp(ctx, input.appId, { forAssign: true }), getGroupLite(ctx.okta, input.groupId), listAppGroups(ctx.okta, input.appId)] as const);
    if (!group) throw new ActionError(GROUP_GONE, "not_found");
    ctx.setTarget({ type: "group", id: group.id, name: `${group.name} → ${app.label}` });
    if (groups.items.some((g) => g.groupId === group.id)) throw new ActionError(`${app.label} is already assigned to ${group.name}. Nothing was changed.`, "invalid", undefined, "already_assigned");
    await oktaWrite(ctx, app, () => ctx.okta.client.applicationApi.assignGroupToApplication({ appId: app.id, groupId: group.id, applicationGroupAssignment: {} }), GROUP_GONE);
    return { groupId: group.id };
  },
);

export const unassignAppFromGroupAction = tenantAction(
  {
    name: "app.unassign_group",
    permission: "apps.assign",
    input: appGroupTargetSchema,
    auditFields: ["appId", "groupId"],
    target: groupTarget,
    example: { appId: EXAMPLE_APP_ID, groupId: EXAMPLE_GROUP_ID },
  },
  async (ctx, input): Promise<{ groupId: string }> => {
    const [app, group, groups] = await allReads([liveApp(ctx, input.appId, { forAssign: false }), getGroupLite(ctx.okta, input.groupId), listAppGroups(ctx.okta, input.appId)] as const);
    const name = group?.name ?? input.groupId;
    ctx.setTarget({ type: "group", id: input.groupId, name: `${name} → ${app.label}` });
    if (!groups.items.some((g) => g.groupId === input.groupId) && !groups.truncated) {
      throw new ActionError(`${app.label} is not assigned to ${name}. Nothing was changed.`, "not_found", undefined, "not_assigned");
    }
    await oktaWrite(ctx, app, () => ctx.okta.client.applicationApi.unassignApplicationFromGroup({ appId: app.id, groupId: input.groupId }), "Okta has no such group assignment in this org.");
    return { groupId: input.groupId };
  },
);
