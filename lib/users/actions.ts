import "server-only";
// Every change to a user in a customer's org, through the one wrapper (tenantAction): the permission
// table, the org's Ticket ID rule, the write-ahead audit row and the Okta request ids come from it.
// Each body then, at action time and before any Okta write:
//   1. reads the target and its privilege live (lib/users/privilege.ts: user, admin roles, groups,
//      console principal, manual marks, in parallel);
//   2. applies the service-account / privileged-target guard (targetDecision): a service account is
//      refused for every role unless the caller holds users.serviceAccounts.override AND typed the
//      account's login AND gave a Ticket ID (audited as an override); an Okta admin is refused for
//      roles without the privileged-target grant (ctx.assertCanActOn, audited as denied);
//   3. checks the status table (lib/users/lifecycle.ts) and the user's source (lib/users/mastery.ts);
//   4. makes the ONE Okta write (never retried except on Okta's 429, see lib/okta/gateway.ts);
//   5. re-reads the status so the page shows Okta's truth.
// Temporary passwords, reset links and activation links are returned once in the result and never
// audited, logged or stored: no audit selection below names them, and none is in any input.
import crypto from "node:crypto";
import { z } from "zod";
import { ActionError, tenantAction, type TenantActionContext } from "@/lib/actions";
import { describeOktaError } from "@/lib/okta/gateway";
import { BASE_PROFILE_FIELDS, type BaseProfileField } from "./schemas";
import {
  activateSchema,
  clearSessionsSchema,
  createUserSchema,
  deleteUserSchema,
  markServiceAccountSchema,
  resetFactorSchema,
  resetPasswordSchema,
  unmarkServiceAccountSchema,
  updateUserSchema,
  userTargetSchema,
} from "./schemas";
import { createFormKey, oktaFieldErrors, updateFormKey } from "@/lib/okta/error-fields";
import { getUserDetail, type ProfileValue, type UserDetail } from "@/lib/okta/users";
import { isUserStatus, OPERATIONS, statusRefusal, type UserOperation } from "./lifecycle";
import { attributeLock, operationCaution } from "./mastery";
import { readTargetPrivilege, type TargetPrivilege } from "./privilege";
import { overrideConfirmed, targetDecision } from "./service-accounts";
import { missingRequired, validateProfileValues, type ProfileInputValue } from "./attribute-validation";
import { oktaMasteredAttributes, readUserSchema, type UserSchemaAttribute } from "@/lib/okta/user-schema";
import { mapBounded } from "@/lib/okta/bounded";
import { callerCheckSchema, type CallerCheck } from "@/lib/verification/schemas";
import { enforceCallerCheck } from "@/lib/verification/service";

/** A syntactically valid Okta user id, for the authorization matrix's example inputs. */
const EXAMPLE_USER_ID = "00uexample0000000001";
const EXAMPLE_FACTOR_ID = "ufsexample0000000001";

const USER_GONE = "Okta has no user with this id in this org; it may have been deleted.";

const describeOktaErrorFor = (err: unknown): string | undefined => describeOktaError(err)?.sentence;

// ---------------------------------------------------------------------------------------------------
// The guard

interface TargetInput {
  userId: string;
  override?: { confirmLogin: string } | undefined;
  /** Unlock / password reset / MFA reset: what the dialog says about caller verification (lib/verification). */
  callerCheck?: CallerCheck;
}

export interface GuardedTarget extends TargetPrivilege {
  /** The service-account guard was overridden (ticket + typed login). */
  overridden: boolean;
}

/**
 * Reads the target at action time and refuses (throws) unless this staff member may run `op` on it
 * now. Nothing is written to Okta before this returns.
 */
export async function guardUserOperation(ctx: TenantActionContext, op: UserOperation, input: TargetInput): Promise<GuardedTarget> {
  const rule = OPERATIONS[op];
  const target = await readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, input.userId, { mastery: ctx.tenant.mastery });
  const { user, assessment } = target;
  ctx.setTarget({ type: "user", id: user.id, name: user.login });

  let overridden = false;
  if (assessment.serviceAccount) {
    const decision = targetDecision(rule.permission, [...ctx.roles], { login: user.login, assessment });
    if (decision.kind === "refused") throw new ActionError(decision.reason, "forbidden", undefined, "service_account");
    if (decision.kind === "override") {
      const typed = input.override?.confirmLogin ?? "";
      if (!typed.trim()) throw new ActionError(decision.reason, "forbidden", undefined, "service_account");
      const missing: Record<string, string[]> = {};
      if (!overrideConfirmed(decision, typed)) missing["override.confirmLogin"] = [`Type the account's login (${user.login}) exactly to override.`];
      if (!ctx.ticketId) missing.ticketId = ["A Ticket ID is required to override the service-account guard."];
      if (Object.keys(missing).length) {
        const what = [missing["override.confirmLogin"] ? "the account's login typed exactly" : "", missing.ticketId ? "a Ticket ID" : ""].filter(Boolean).join(" and ");
        throw new ActionError(`${user.login} is a service account: overriding the guard needs ${what}. Nothing was changed.`, "forbidden", missing, "service_account_override_incomplete");
      }
      overridden = true;
      // The audit row names the override (its input summary also carries override: true).
      ctx.setTarget({ type: "user", id: user.id, name: `${user.login} (service account; guard overridden)` });
    }
    // (decision "allowed" cannot happen for a service account.)
  } else if (assessment.oktaAdmin) {
    // Help Desk on an Okta admin: refused by the wrapper's rule (audited as denied, no Okta write).
    ctx.assertCanActOn({ privileged: true, name: user.login });
  }

  const status = user.status;
  const refusal = isUserStatus(status)
    ? statusRefusal(op, status)
    : `Okta reports a status the console does not know (${status}); ${rule.label.toLowerCase()} was not attempted.`;
  if (refusal) throw new ActionError(`${refusal} Nothing was changed.`, "invalid", undefined, "status_not_allowed");

  const caution = operationCaution(user.source, op);
  if (caution?.effect === "block") throw new ActionError(caution.sentence, "invalid", undefined, "mastered_elsewhere");

  return { ...target, overridden };
}

// ---------------------------------------------------------------------------------------------------
// Okta calls

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && typeof (err as { status?: unknown }).status === "number" ? (err as { status: number }).status : undefined;
const oktaCodeOf = (err: unknown): string | undefined =>
  typeof err === "object" && err !== null && typeof (err as { errorCode?: unknown }).errorCode === "string" ? (err as { errorCode: string }).errorCode : undefined;

/**
 * The one Okta write of an action. A 404 becomes "not found"; Okta's errorCauses become field errors
 * (keyed by `keyFor`) with Okta's sentence. Everything else (429, 5xx, timeouts) propagates to the
 * wrapper, which answers with a plain sentence and audits the failure: never a success claim.
 */
async function oktaWrite<T>(work: () => Promise<T>, options: { notFound?: string; keyFor?: (attribute: string) => string | null } = {}): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError(options.notFound ?? USER_GONE, "not_found", undefined, oktaCodeOf(err) ?? "E0000007");
    if (options.keyFor && statusOf(err) === 400) {
      const fieldErrors = oktaFieldErrors(err, options.keyFor);
      if (Object.keys(fieldErrors).length) {
        const sentence = describeOktaErrorFor(err) ?? "Okta rejected the input.";
        throw new ActionError(sentence, "invalid", fieldErrors, oktaCodeOf(err) ?? "E0000001");
      }
    }
    throw err;
  }
}

/** Okta's status after the write, re-read (null if the re-read failed: the write itself succeeded). */
async function statusNow(ctx: TenantActionContext, userId: string): Promise<string | null> {
  try {
    return (await getUserDetail(ctx.okta, userId, ctx.tenant.mastery))?.status ?? null;
  } catch {
    return null;
  }
}

/**
 * A POST whose answer the SDK's typed model would drop (expire_password_with_temp_password answers a
 * TempPassword, which SDK 8.1.0 deserialises as a User and loses). Through the same SDK client, so
 * the executor's pacing, timeout, request ids and retry rules apply.
 */
async function postForJson(ctx: TenantActionContext, path: string): Promise<Record<string, unknown>> {
  const res = (await ctx.okta.client.http.postJson(`${ctx.okta.orgUrl}${path}`, { body: "{}" } as never)) as unknown;
  return typeof res === "object" && res !== null ? (res as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------------------------------------------
// Audit selections: ids and choices only; never a password, link or token.

const targetAudit = (i: TargetInput, extra: Record<string, unknown> = {}) => ({
  userId: i.userId,
  ...extra,
  ...(i.override ? { override: true } : {}),
  // The browser's claim (checked against the database) and the reason given for not verifying.
  ...(i.callerCheck?.verificationId ? { claimedVerificationId: i.callerCheck.verificationId } : {}),
  ...(i.callerCheck?.skipReason ? { callerNotVerifiedReason: i.callerCheck.skipReason } : {}),
});

// ---------------------------------------------------------------------------------------------------
// Caller verification (issue 12): unlock, password resets (email link, one-time link, temporary
// password) and MFA resets (all, one factor) apply the org's rule first, from the console's own rows
// (lib/verification/service.ts): "required" refuses without a fresh success of this staff member for
// this user (audited as denied, no Okta call); "recommended" asks for a reason instead; the outcome
// row says which verification the action ran on ("callerVerified": "push at 10:42 UTC").

const verifiedTargetSchema = userTargetSchema.extend({ callerCheck: callerCheckSchema });
const verifiedResetPasswordSchema = resetPasswordSchema.extend({ callerCheck: callerCheckSchema });
const verifiedResetFactorSchema = resetFactorSchema.extend({ callerCheck: callerCheckSchema });

const userTarget = (i: { userId: string }) => ({ type: "user", id: i.userId });

// ---------------------------------------------------------------------------------------------------
// Lifecycle and resets

export interface StatusResult {
  /** Okta's status after the change, re-read (null when the re-read failed). */
  status: string | null;
}

export const activateUserAction = tenantAction(
  {
    name: "user.activate",
    permission: OPERATIONS.activate.permission,
    input: activateSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i, { sendEmail: i.sendEmail }),
    example: { userId: EXAMPLE_USER_ID, sendEmail: true },
  },
  async (ctx, input): Promise<StatusResult & { activationUrl?: string }> => {
    await guardUserOperation(ctx, "activate", input);
    const token = await oktaWrite(() => ctx.okta.client.userApi.activateUser({ userId: input.userId, sendEmail: input.sendEmail }));
    const activationUrl = !input.sendEmail && typeof token?.activationUrl === "string" ? token.activationUrl : undefined;
    return { status: await statusNow(ctx, input.userId), ...(activationUrl ? { activationUrl } : {}) };
  },
);

export const reactivateUserAction = tenantAction(
  {
    name: "user.reactivate",
    permission: OPERATIONS.reactivate.permission,
    input: userTargetSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i),
    example: { userId: EXAMPLE_USER_ID },
  },
  async (ctx, input): Promise<StatusResult> => {
    await guardUserOperation(ctx, "reactivate", input);
    await oktaWrite(() => ctx.okta.client.userApi.reactivateUser({ userId: input.userId, sendEmail: true }));
    return { status: await statusNow(ctx, input.userId) };
  },
);

/** The simple lifecycle calls: guard, one POST, re-read. `callerVerified`: the org's caller-verification rule applies first. */
function simpleOperation(name: string, op: UserOperation, call: (ctx: TenantActionContext, userId: string) => Promise<unknown>, options: { callerVerified?: boolean } = {}) {
  return tenantAction(
    {
      name,
      permission: OPERATIONS[op].permission,
      // Operations without the rule take no callerCheck (zod strips it, so it is neither read nor audited).
      input: options.callerVerified ? verifiedTargetSchema : (userTargetSchema as typeof verifiedTargetSchema),
      target: userTarget,
      auditInput: (i) => targetAudit(i),
      example: { userId: EXAMPLE_USER_ID },
    },
    async (ctx, input): Promise<StatusResult> => {
      if (options.callerVerified) await enforceCallerCheck(ctx, input.userId, input.callerCheck);
      await guardUserOperation(ctx, op, input);
      await oktaWrite(() => call(ctx, input.userId));
      return { status: await statusNow(ctx, input.userId) };
    },
  );
}

export const unlockUserAction = simpleOperation("user.unlock", "unlock", (ctx, userId) => ctx.okta.client.userApi.unlockUser({ userId }), { callerVerified: true });
export const suspendUserAction = simpleOperation("user.suspend", "suspend", (ctx, userId) => ctx.okta.client.userApi.suspendUser({ userId }));
export const unsuspendUserAction = simpleOperation("user.unsuspend", "unsuspend", (ctx, userId) => ctx.okta.client.userApi.unsuspendUser({ userId }));
export const deactivateUserAction = simpleOperation("user.deactivate", "deactivate", (ctx, userId) =>
  ctx.okta.client.userApi.deactivateUser({ userId, sendEmail: false }),
);
export const resetFactorsAction = simpleOperation("user.reset_factors", "reset_factors", (ctx, userId) => ctx.okta.client.userApi.resetFactors({ userId }), { callerVerified: true });
export const expirePasswordAction = simpleOperation("user.expire_password", "expire_password", (ctx, userId) =>
  ctx.okta.client.userApi.expirePassword({ userId }),
);

export const resetPasswordAction = tenantAction(
  {
    name: "user.reset_password",
    permission: OPERATIONS.reset_password.permission,
    input: verifiedResetPasswordSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i, { sendEmail: i.sendEmail, revokeSessions: i.revokeSessions }),
    example: { userId: EXAMPLE_USER_ID, sendEmail: true, revokeSessions: false },
  },
  async (ctx, input): Promise<StatusResult & { resetUrl?: string }> => {
    await enforceCallerCheck(ctx, input.userId, input.callerCheck);
    await guardUserOperation(ctx, "reset_password", input);
    const token = await oktaWrite(() =>
      ctx.okta.client.userApi.generateResetPasswordToken({ userId: input.userId, sendEmail: input.sendEmail, revokeSessions: input.revokeSessions }),
    );
    // The one-time link goes to the technician who asked, in this result only.
    const resetUrl = !input.sendEmail && typeof token?.resetPasswordUrl === "string" ? token.resetPasswordUrl : undefined;
    if (!input.sendEmail && !resetUrl) throw new ActionError("Okta started the reset but returned no reset link; start it again with the email option.", "okta", undefined, "no_reset_link");
    return { status: await statusNow(ctx, input.userId), ...(resetUrl ? { resetUrl } : {}) };
  },
);

const tempPasswordSchema = verifiedTargetSchema.extend({ revokeSessions: z.boolean().default(false) });

export const setTempPasswordAction = tenantAction(
  {
    name: "user.temp_password",
    permission: OPERATIONS.temp_password.permission,
    input: tempPasswordSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i, { revokeSessions: i.revokeSessions }),
    example: { userId: EXAMPLE_USER_ID },
  },
  async (ctx, input): Promise<StatusResult & { tempPassword: string }> => {
    await enforceCallerCheck(ctx, input.userId, input.callerCheck);
    await guardUserOperation(ctx, "temp_password", input);
    const query = input.revokeSessions ? "?revokeSessions=true" : "";
    const body = await oktaWrite(() => postForJson(ctx, `/api/v1/users/${encodeURIComponent(input.userId)}/lifecycle/expire_password_with_temp_password${query}`));
    const tempPassword = typeof body.tempPassword === "string" ? body.tempPassword : "";
    if (!tempPassword) throw new ActionError("Okta expired the password but returned no temporary password; reset the password instead.", "okta", undefined, "no_temp_password");
    return { status: await statusNow(ctx, input.userId), tempPassword };
  },
);

export const resetFactorAction = tenantAction(
  {
    name: "user.reset_factor",
    permission: OPERATIONS.reset_factor.permission,
    input: verifiedResetFactorSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i, { factorId: i.factorId }),
    example: { userId: EXAMPLE_USER_ID, factorId: EXAMPLE_FACTOR_ID },
  },
  async (ctx, input): Promise<StatusResult> => {
    await enforceCallerCheck(ctx, input.userId, input.callerCheck);
    await guardUserOperation(ctx, "reset_factor", input);
    await oktaWrite(() => ctx.okta.client.userFactorApi.unenrollFactor({ userId: input.userId, factorId: input.factorId }), {
      notFound: "This user has no such factor any more; it may have been reset already.",
    });
    return { status: await statusNow(ctx, input.userId) };
  },
);

export const clearSessionsAction = tenantAction(
  {
    name: "user.clear_sessions",
    permission: OPERATIONS.clear_sessions.permission,
    input: clearSessionsSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i, { revokeOAuthTokens: i.revokeOAuthTokens }),
    example: { userId: EXAMPLE_USER_ID, revokeOAuthTokens: false },
  },
  async (ctx, input): Promise<StatusResult> => {
    await guardUserOperation(ctx, "clear_sessions", input);
    await oktaWrite(() => ctx.okta.client.userApi.revokeUserSessions({ userId: input.userId, oauthTokens: input.revokeOAuthTokens }));
    return { status: await statusNow(ctx, input.userId) };
  },
);

export const deleteUserAction = tenantAction(
  {
    name: "user.delete",
    permission: OPERATIONS.delete.permission,
    input: deleteUserSchema,
    target: userTarget,
    auditInput: (i) => targetAudit(i),
    example: { userId: EXAMPLE_USER_ID, confirmLogin: "someone@example.com" },
  },
  async (ctx, input): Promise<{ deleted: true }> => {
    const { user } = await guardUserOperation(ctx, "delete", input);
    if (input.confirmLogin.trim().toLowerCase() !== user.login.trim().toLowerCase()) {
      throw new ActionError(`Type the user's login (${user.login}) exactly to delete them. Nothing was deleted.`, "invalid", {
        confirmLogin: [`Type ${user.login} to confirm.`],
      }, "confirmation_mismatch");
    }
    // The status table allows delete only for DEPROVISIONED users, so this DELETE is Okta's second
    // step (delete for good), never the first (which would deactivate).
    await oktaWrite(() => ctx.okta.client.userApi.deleteUser({ userId: input.userId }));
    return { deleted: true };
  },
);

// ---------------------------------------------------------------------------------------------------
// The org's user schema (custom attributes, attribute-level mastering): lib/okta/user-schema.ts reads
// GET /api/v1/meta/schemas/user/default (cached a minute per org).

const isBase = (name: string): name is BaseProfileField => (BASE_PROFILE_FIELDS as readonly string[]).includes(name);

// ---------------------------------------------------------------------------------------------------
// Create

/** A temporary password Okta's default policies accept: 16 characters, every class, no words. */
export function generateTempPassword(): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+=?@^*"];
  const all = sets.join("");
  const pick = (s: string) => s[crypto.randomInt(s.length)]!;
  const chars = [...sets.map(pick), ...Array.from({ length: 12 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** Group additions run at most this many at a time. */
const GROUP_CONCURRENCY = 4;

export interface CreateUserResult {
  userId: string;
  login: string;
  status: string | null;
  /** Shown once to the technician who asked; never audited, logged or stored. */
  tempPassword?: string;
  /** Groups the user could NOT be added to, one sentence each (the user was created). */
  groupErrors?: string[];
  /** Groups the user was added to. */
  addedGroupIds?: string[];
}

export const createUserAction = tenantAction(
  {
    name: "user.create",
    permission: "users.create",
    input: createUserSchema,
    target: (i) => ({ type: "user", name: i.profile.login }),
    auditInput: (i) => ({
      login: i.profile.login,
      email: i.profile.email,
      firstName: i.profile.firstName,
      lastName: i.profile.lastName,
      department: i.profile.department,
      title: i.profile.title,
      customAttributes: Object.keys(i.custom),
      groupIds: i.groupIds,
      activation: i.activation,
    }),
    example: { profile: { firstName: "Ada", lastName: "Lovelace", login: "ada@example.com", email: "ada@example.com" }, custom: {}, groupIds: [], activation: "staged" },
  },
  async (ctx, input): Promise<CreateUserResult> => {
    // Custom attributes: checked against the org's schema before anything is created.
    let custom: Record<string, ProfileInputValue> = {};
    const customNames = Object.keys(input.custom);
    if (customNames.length) {
      const schema = await readUserSchema(ctx.okta);
      const clash = customNames.filter(isBase);
      const checked = validateProfileValues(schema.filter((a) => a.custom), input.custom as Record<string, ProfileInputValue>, "custom.");
      const fieldErrors = { ...checked.fieldErrors, ...missingRequired(schema, input.custom, "custom.") };
      for (const c of clash) fieldErrors[`custom.${c}`] = ["Set this in the profile fields above."];
      if (Object.keys(fieldErrors).length) throw new ActionError("Check the highlighted fields.", "invalid", fieldErrors, "invalid_attributes");
      custom = checked.values;
    }

    const profile: Record<string, unknown> = { ...custom };
    for (const [k, v] of Object.entries(input.profile)) if (v !== undefined) profile[k] = v;

    const tempPassword = input.activation === "temp_password" ? generateTempPassword() : undefined;
    // Okta documents both: create with a password and `nextLogin=changePassword` (one call, the user
    // starts PASSWORD_EXPIRED and must change it at first sign-in); `activate=true` without a password
    // sends the activation email; `activate=false` leaves the user STAGED.
    const created = await oktaWrite(
      () =>
        ctx.okta.client.userApi.createUser({
          body: { profile: profile as never, ...(tempPassword ? { credentials: { password: { value: tempPassword } } } : {}) },
          activate: input.activation !== "staged",
          ...(tempPassword ? { nextLogin: "changePassword" as never } : {}),
        }),
      { keyFor: createFormKey(BASE_PROFILE_FIELDS) },
    );
    const userId = String(created.id ?? "");
    const login = typeof created.profile?.login === "string" ? created.profile.login : input.profile.login;
    ctx.setTarget({ type: "user", id: userId, name: login });

    // Groups: one PUT each, a few at a time; a failure is reported for that group, never claimed done.
    const added: string[] = [];
    const groupErrors: string[] = [];
    const groupIds = [...new Set(input.groupIds)];
    await mapBounded(groupIds, GROUP_CONCURRENCY, async (groupId) => {
      try {
        await ctx.okta.client.groupApi.assignUserToGroup({ groupId, userId });
        added.push(groupId);
      } catch (err) {
        const why = statusOf(err) === 404 ? "Okta has no such group in this org." : (describeOktaErrorFor(err) ?? "It could not be added.");
        groupErrors.push(`Not added to group ${groupId}: ${why}`);
      }
    });

    return {
      userId,
      login,
      status: typeof created.status === "string" ? created.status : null,
      ...(tempPassword ? { tempPassword } : {}),
      ...(groupIds.length ? { addedGroupIds: groupIds.filter((g) => added.includes(g)) } : {}),
      ...(groupErrors.length ? { groupErrors } : {}),
    };
  },
);

// ---------------------------------------------------------------------------------------------------
// Update profile (partial)

const OPTIONAL_BASE: readonly string[] = ["secondEmail", "mobilePhone", "department", "title", "manager"];

function sameValue(a: ProfileValue | undefined, b: unknown): boolean {
  if ((a === undefined || a === null || a === "") && (b === null || b === "" || b === undefined)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export const updateUserProfileAction = tenantAction(
  {
    name: "user.profile.update",
    permission: OPERATIONS.edit_profile.permission,
    input: updateUserSchema,
    target: userTarget,
    auditInput: (i) => ({
      userId: i.userId,
      fields: Object.keys(i.changes),
      // The new values of the base fields (names, login, email, job); custom values are not kept.
      values: Object.fromEntries(Object.entries(i.changes).filter(([k]) => isBase(k))),
      ...(i.override ? { override: true } : {}),
    }),
    example: { userId: EXAMPLE_USER_ID, changes: { title: "Engineer" } },
  },
  async (ctx, input): Promise<{ userId: string; changed: string[] }> => {
    // The org's schema is needed for attributes beyond the named base fields, and for imported users
    // (which attributes Okta masters anyway). Started with the guard's reads when it will be needed.
    let schemaWork: Promise<UserSchemaAttribute[]> | null = null;
    const schema = () => (schemaWork ??= readUserSchema(ctx.okta));
    const hasOthers = Object.keys(input.changes).some((k) => !isBase(k));
    if (hasOthers || ctx.tenant.mastery !== "okta") schema().catch(() => undefined); // awaited (and its error handled) below
    const { user } = await guardUserOperation(ctx, "edit_profile", input);

    // Mastery: attributes the user's source owns are refused with the reason. Okta's attribute-level
    // mastering (schema master OKTA) leaves some editable; if the schema cannot be read, every
    // attribute of an imported user stays locked (protective).
    let oktaMastered: string[] = [];
    if (user.source.importMastered) {
      try {
        oktaMastered = oktaMasteredAttributes(await schema());
      } catch {
        oktaMastered = [];
      }
    }
    const locked: Record<string, string[]> = {};
    for (const key of Object.keys(input.changes)) {
      const lock = attributeLock(user.source, key, { oktaMasteredAttributes: oktaMastered });
      if (lock.readOnly) locked[`changes.${key}`] = [lock.reason ?? "This attribute is read-only here."];
    }
    if (Object.keys(locked).length) {
      throw new ActionError(`Mastered by ${user.source.owner}: change these fields there. Nothing was changed.`, "invalid", locked, "mastered_elsewhere");
    }

    // Base fields by name; anything else checked against the org's schema.
    const changes: Record<string, ProfileInputValue> = {};
    const others: Record<string, ProfileInputValue> = {};
    for (const [k, v] of Object.entries(input.changes)) {
      const value = typeof v === "string" ? v.trim() : v;
      if (isBase(k)) changes[k] = value === "" && OPTIONAL_BASE.includes(k) ? null : value;
      else others[k] = value;
    }
    const baseTypeErrors: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(changes)) if (v !== null && typeof v !== "string") baseTypeErrors[`changes.${k}`] = ["Enter text."];
    if (Object.keys(baseTypeErrors).length) throw new ActionError("Check the highlighted fields.", "invalid", baseTypeErrors, "invalid_attributes");
    if (Object.keys(others).length) {
      const checked = validateProfileValues(await schema(), others, "changes.");
      if (Object.keys(checked.fieldErrors).length) throw new ActionError("Check the highlighted fields.", "invalid", checked.fieldErrors, "invalid_attributes");
      Object.assign(changes, checked.values);
    }

    // Only what differs from Okta's current profile is sent (partial update: POST merges).
    const diff = Object.fromEntries(Object.entries(changes).filter(([k, v]) => !sameValue(user.profile[k], v)));
    const changed = Object.keys(diff);
    if (changed.length === 0) return { userId: user.id, changed };
    const updated = await oktaWrite(() => ctx.okta.client.userApi.updateUser({ userId: input.userId, user: { profile: diff as never } }), { keyFor: updateFormKey });
    const login = typeof updated.profile?.login === "string" ? updated.profile.login : user.login;
    if (login !== user.login) ctx.setTarget({ type: "user", id: user.id, name: login });
    return { userId: user.id, changed };
  },
);

// ---------------------------------------------------------------------------------------------------
// Service-account marks (the console's own list, kept in its database)

export const markServiceAccountAction = tenantAction(
  {
    name: "user.service_account.mark",
    permission: "users.serviceAccounts.manage",
    input: markServiceAccountSchema,
    target: userTarget,
    auditFields: ["userId", "purpose"],
    example: { userId: EXAMPLE_USER_ID, purpose: "Backup agent" },
  },
  async (ctx, input): Promise<{ userId: string; login: string }> => {
    const user: UserDetail | null = await getUserDetail(ctx.okta, input.userId, ctx.tenant.mastery);
    if (!user) throw new ActionError(USER_GONE, "not_found", undefined, "E0000007");
    ctx.setTarget({ type: "user", id: user.id, name: user.login });
    await ctx.db.serviceAccountMark.upsert({
      where: { tenantId_oktaUserId: { tenantId: ctx.tenant.id, oktaUserId: user.id } },
      create: { tenantId: ctx.tenant.id, oktaUserId: user.id, login: user.login, purpose: input.purpose, markedById: ctx.staff.staffId },
      update: { login: user.login, purpose: input.purpose, markedById: ctx.staff.staffId },
    });
    return { userId: user.id, login: user.login };
  },
);

export const unmarkServiceAccountAction = tenantAction(
  {
    name: "user.service_account.unmark",
    permission: "users.serviceAccounts.manage",
    input: unmarkServiceAccountSchema,
    target: userTarget,
    auditFields: ["userId"],
    example: { userId: EXAMPLE_USER_ID },
    okta: false,
  },
  async (ctx, input): Promise<{ userId: string }> => {
    const mark = await ctx.db.serviceAccountMark.findUnique({ where: { tenantId_oktaUserId: { tenantId: ctx.tenant.id, oktaUserId: input.userId } } });
    if (!mark) throw new ActionError("This account is not marked as a service account in the console.", "not_found", undefined, "not_marked");
    ctx.setTarget({ type: "user", id: input.userId, name: mark.login });
    await ctx.db.serviceAccountMark.delete({ where: { id: mark.id } });
    return { userId: input.userId };
  },
);
