import "server-only";
// Kind bulk_user_action: one single-user operation per selected user (the users list's multi-select).
// Each item goes through the SAME checks as the single actions, read live when the item runs:
//   - user operations: lib/users/actions.ts guardUserOperation (the user, their admin roles, their groups,
//     the console's principal and manual marks -> service-account / privileged-target guard, the status
//     table, the user's source), then the operation's one Okta write;
//   - group membership: lib/groups/guards.ts guardMembershipChange (Okta groups only; Help Desk never on a
//     group granting an admin role nor on a privileged user);
//   - app assignment: the app must be active, the user not privileged for Help Desk (as lib/apps/actions.ts).
// Bulk never takes a one-time secret: reset password always sends Okta's email. A service account is
// refused for every role (the override needs a typed login per account, which a bulk job cannot give).
// An item taken over after a crash (attempt > 1) looks at Okta first where repeating the write would
// duplicate it (a second reset email, a second suspend).
import { ActionError, type TenantActionContext } from "@/lib/actions";
import { activityOf } from "@/lib/actions/core";
import type { AuditTarget } from "@/lib/audit/types";
import { guardMembershipChange } from "@/lib/groups/guards";
import { forgetAppCounts } from "@/lib/apps/count-cache";
import { getApp, getAppUser } from "@/lib/okta/apps";
import { getUserDetail } from "@/lib/okta/users";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllow, rolesAllowOnPrivilegedTarget, type Permission } from "@/lib/rbac/permissions";
import { guardUserOperation } from "@/lib/users/actions";
import { OPERATIONS, type UserOperation } from "@/lib/users/lifecycle";
import { readTargetPrivilege } from "@/lib/users/privilege";
import type { JobItemContext, JobItemOutcome, JobKindDefinition } from "../types";
import { BULK_USER_ACTIONS, bulkUserActionParamsSchema, bulkUserItemSchema, type BulkUserAction, type BulkUserActionParams, type BulkUserItem } from "./bulk-user-action-schema";

export { BULK_USER_ACTIONS, bulkUserActionParamsSchema, bulkUserItemSchema, type BulkUserAction, type BulkUserActionParams, type BulkUserItem };

/** The single-user operation (lib/users/lifecycle.ts) behind each user action. */
const USER_OPERATION: Partial<Record<BulkUserAction, UserOperation>> = {
  reset_password: "reset_password",
  reset_mfa: "reset_factors",
  clear_sessions: "clear_sessions",
  suspend: "suspend",
  deactivate: "deactivate",
};

/** The status a user operation leaves behind, where one proves a cut-off earlier attempt went through. */
const DONE_STATUS: Partial<Record<BulkUserAction, string>> = {
  reset_password: "RECOVERY",
  suspend: "SUSPENDED",
  deactivate: "DEPROVISIONED",
};

export function bulkActionPermission(params: Pick<BulkUserActionParams, "action">): Permission {
  const op = USER_OPERATION[params.action];
  if (op) return OPERATIONS[op].permission;
  return params.action === "assign_app" ? "apps.assign" : "groups.membership";
}

const SUCCESS_SENTENCE: Record<BulkUserAction, string> = {
  reset_password: "Password reset started; Okta emailed the reset link.",
  reset_mfa: "All MFA factors reset.",
  clear_sessions: "Sessions cleared.",
  suspend: "Suspended.",
  deactivate: "Deactivated.",
  add_to_group: "Added to the group.",
  remove_from_group: "Removed from the group.",
  assign_app: "App assigned.",
};

/**
 * The item's context in the shape the single actions' guards take. Only what they use is real: the
 * org, the gateway (bulk lane), the creator's roles now, the job's ticket, the privileged-target rule of
 * the action's permission. The staff session and request meta do not exist for a job item.
 */
function actionContext(ctx: JobItemContext<BulkUserActionParams>, permission: Permission, onTarget: (t: AuditTarget) => void): TenantActionContext {
  const unavailable = (what: string) => () => {
    throw new Error(`${what} is not available to a job item`);
  };
  const base = {
    db: ctx.db,
    tenant: ctx.tenant,
    roles: ctx.roles,
    ticketId: ctx.job.ticketId,
    okta: ctx.okta,
    can: (p: Permission) => rolesAllow(ctx.roles, p),
    assertCanActOn(check: { privileged: boolean; name?: string }) {
      if (check.privileged && !rolesAllowOnPrivilegedTarget(ctx.roles, permission)) {
        const who = check.name ? `${check.name} holds` : "This user holds";
        throw new ActionError(
          `${who} an Okta admin role or is a service account; the job creator's role in ${ctx.tenant.name} (${roleLabels(ctx.roles)}) does not allow ${activityOf(permission)} for privileged users.`,
          "forbidden",
          undefined,
          "privileged_target",
        );
      }
    },
    setTarget: onTarget,
    recordOktaRequestId: () => undefined, // the engine's request log collects every id
  };
  Object.defineProperty(base, "staff", { get: unavailable("The staff session") });
  Object.defineProperty(base, "access", { get: unavailable("The staff access") });
  Object.defineProperty(base, "meta", { get: () => ({ ip: null, userAgent: null }) });
  return base as unknown as TenantActionContext;
}

async function runUserOperation(actx: TenantActionContext, ctx: JobItemContext<BulkUserActionParams>, item: BulkUserItem): Promise<{ login: string; already?: boolean }> {
  const action = ctx.params.action;
  const op = USER_OPERATION[action]!;
  const userId = item.userId;
  // Taken over after a cut-off attempt: if Okta already shows the result, do not send it again.
  if ((ctx.attempt ?? 1) > 1) {
    const done = DONE_STATUS[action];
    const user = await getUserDetail(ctx.okta, userId, ctx.tenant.mastery);
    if (user && done && user.status === done) return { login: user.login, already: true };
    if (user && action === "reset_mfa") {
      const factors = await ctx.okta.client.userFactorApi.listFactors({ userId });
      let any = false;
      for await (const f of factors) if (f) any = true;
      if (!any) return { login: user.login, already: true };
    }
  }
  const { user } = await guardUserOperation(actx, op, { userId });
  if (ctx.signal.aborted) throw new ActionError("Cancelled before the change was sent.", "invalid", undefined, "cancelled");
  const api = ctx.okta.client.userApi;
  switch (action) {
    case "reset_password":
      await api.generateResetPasswordToken({ userId, sendEmail: true, revokeSessions: false });
      break;
    case "reset_mfa":
      await api.resetFactors({ userId });
      break;
    case "clear_sessions":
      await api.revokeUserSessions({ userId, oauthTokens: ctx.params.revokeOAuthTokens ?? false });
      break;
    case "suspend":
      await api.suspendUser({ userId });
      break;
    case "deactivate":
      await api.deactivateUser({ userId, sendEmail: false });
      break;
    default:
      throw new Error(`not a user operation: ${action}`);
  }
  return { login: user.login };
}

async function runMembership(actx: TenantActionContext, ctx: JobItemContext<BulkUserActionParams>, item: BulkUserItem): Promise<{ login?: string; already?: boolean }> {
  const groupId = ctx.params.groupId!;
  const verb = ctx.params.action === "add_to_group" ? "add" : "remove";
  // The membership guard skips the target's privilege for roles that may act on privileged users; a
  // bulk job never changes a service account (as for app assignments below), so it is read here.
  const [{ group }, target] = await Promise.all([
    guardMembershipChange(actx, groupId, [item.userId], verb),
    readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, item.userId, { mastery: ctx.tenant.mastery }),
  ]);
  if (target.assessment.serviceAccount) {
    throw new ActionError(`${target.user.login} is a service account: bulk jobs never change service accounts. Nothing was changed.`, "forbidden", undefined, "service_account");
  }
  if (ctx.signal.aborted) throw new ActionError("Cancelled before the change was sent.", "invalid", undefined, "cancelled");
  // PUT / DELETE of a membership: Okta treats both as idempotent (a repeat leaves the same state).
  if (verb === "add") await ctx.okta.client.groupApi.assignUserToGroup({ groupId: group.id, userId: item.userId });
  else await ctx.okta.client.groupApi.unassignUserFromGroup({ groupId: group.id, userId: item.userId });
  return { login: target.user.login };
}

async function runAssignApp(actx: TenantActionContext, ctx: JobItemContext<BulkUserActionParams>, item: BulkUserItem): Promise<{ login: string; already?: boolean }> {
  const appId = ctx.params.appId!;
  const [app, target, existing] = await Promise.all([
    getApp(ctx.okta, appId),
    readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, item.userId, { mastery: ctx.tenant.mastery }),
    getAppUser(ctx.okta, appId, item.userId),
  ]);
  if (!app) throw new ActionError("Okta has no app with this id in this org; it may have been deleted.", "not_found");
  if (app.status !== "ACTIVE") throw new ActionError(`${app.label} is inactive in Okta. Nothing was changed.`, "invalid", undefined, "app_inactive");
  if (target.assessment.serviceAccount) {
    throw new ActionError(`${target.user.login} is a service account: bulk jobs never change service accounts. Nothing was changed.`, "forbidden", undefined, "service_account");
  }
  if (target.assessment.privileged) actx.assertCanActOn({ privileged: true, name: `${target.user.login} (an Okta admin)` });
  if (existing?.scope === "USER") return { login: target.user.login, already: true };
  if (ctx.signal.aborted) throw new ActionError("Cancelled before the change was sent.", "invalid", undefined, "cancelled");
  try {
    await ctx.okta.client.applicationApi.assignUserToApplication({ appId: app.id, appUser: { id: item.userId, scope: "USER" } });
  } finally {
    forgetAppCounts(ctx.tenant.id, app.id); // the apps list counts it again (lib/apps/count-cache.ts)
  }
  return { login: target.user.login };
}

export const bulkUserActionKind: JobKindDefinition<BulkUserActionParams, BulkUserItem> = {
  kind: "bulk_user_action",
  // The least any bulk user action needs; the action's own permission (permissionFor) is what is checked.
  permission: "users.read",
  permissionFor: bulkActionPermission,
  paramsSchema: bulkUserActionParamsSchema,
  itemSchema: bulkUserItemSchema,
  auditAction: "job.bulk_user_action.item",
  // The id only: the login in the item came from the browser (a label for the job page), and an audit
  // row names nothing Okta did not say (the item's result carries the login Okta returned).
  target: (item) => ({ type: "user", id: item.userId }),
  async runItem(ctx, item): Promise<JobItemOutcome> {
    const permission = bulkActionPermission(ctx.params);
    if (!ctx.can(permission)) {
      throw new ActionError(`The job creator's role in ${ctx.tenant.name} does not allow ${activityOf(permission)}.`, "forbidden", undefined, "forbidden");
    }
    let target: AuditTarget | null = null;
    const actx = actionContext(ctx, permission, (t) => {
      target = t;
    });
    const action = ctx.params.action;
    const done = USER_OPERATION[action]
      ? await runUserOperation(actx, ctx, item)
      : action === "assign_app"
        ? await runAssignApp(actx, ctx, item)
        : await runMembership(actx, ctx, item);
    const login = done.login ?? item.login ?? (target as AuditTarget | null)?.name;
    return {
      status: "succeeded",
      result: {
        action,
        ...(login ? { login } : {}),
        outcome: done.already ? "Already done: Okta showed the change from an earlier attempt; not sent again." : SUCCESS_SENTENCE[action],
      },
    };
  },
};
