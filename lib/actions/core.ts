// The one action pipeline, independent of Next: every server action and route handler runs through
// runTenant()/runConsole() with the staff identity and request meta passed in (the Next-facing wrappers
// in ./index.ts obtain them from the session and headers). Order:
//   1. parse input (zod)            -> "invalid" with field errors; NOT audited (nothing was attempted,
//                                      and the caller may not even be signed in yet)
//   2. session                       -> "unauthenticated"; audited as denied (throttled per action)
//   3. tenant from the URL slug      -> unknown / archived / not granted all answer the same "not_found";
//      (never an id from the body)     audited as denied (the audit row says which of the three)
//   4. permission table              -> "forbidden" with a sentence; audited as denied
//      (denials of a signed-in staff member are throttled per staff member: ./audit-throttle.ts)
//   5. ticket ID when the org requires one -> "invalid" (field error on ticketId); not audited
//   6. reads that call Okta: the staff member's rate limit -> "rate_limited" (audited once a minute)
//   7. changes (not readOnly): the write-ahead "attempt" row is appended. If that fails, the body does
//      not run (no Okta call, no database change) -> "audit_unavailable".
//   8. the Okta gateway of THAT tenant is created (only now, so a refusal provably makes no Okta call),
//      fn(ctx, input) runs inside withOktaRequestLog. Console actions run their database writes in one
//      transaction with their outcome row (ctx.db is that transaction), unless they wait on the network.
//   9. outcome row: success / failure (Okta error code + summary) / denied (privileged target), with the
//      Okta request ids and ticket ID, linked to its attempt (attemptSeq). Read-only successes are not
//      audited; their failures and denials are.
// Every row keeps only the input fields the action declares (auditFields / auditInput), with
// secret-looking values masked (lib/audit/redact.ts).
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/append";
import { pickAuditFields } from "@/lib/audit/redact";
import type { AuditInput, AuditTarget } from "@/lib/audit/types";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db, Prisma } from "@/lib/db/client";
import { describeOktaError, oktaGatewayFor, withOktaRequestLog, type OktaGateway } from "@/lib/okta/gateway";
import type { RequestMeta } from "@/lib/request/context";
import { effectiveAccess, roleLabels, type StaffAccess } from "@/lib/rbac/grants";
import { resolveTenantAccess, type TenantLookup, type TenantRow } from "@/lib/rbac/tenant-access";
import { PERMISSIONS, rolesAllow, rolesAllowOnPrivilegedTarget, type Permission, type Role } from "@/lib/rbac/permissions";
import { admitAnonymousAudit } from "./anonymous-audit";
import { OKTA_READS_PER_MINUTE, oktaReads, rateLimitRefusals, staffDenials } from "./audit-throttle";
import { ActionError } from "./errors";
import { ticketIdSchema } from "./ticket";
import {
  AUDIT_UNAVAILABLE_MESSAGE,
  INVALID_MESSAGE,
  NOT_FOUND_MESSAGE,
  UNAUTHENTICATED_MESSAGE,
  type ActionErrorCode,
  type ActionResult,
} from "./result";

// ---------------------------------------------------------------------------------------------------
// Definitions and contexts

interface ActionDefCommon<S extends z.ZodType> {
  /** Audit action name, e.g. "user.unlock". Unique per kind. */
  name: string;
  permission: Permission;
  input: S;
  /** The audit target, from the parsed input (the body may refine it with ctx.setTarget). */
  target?: (input: z.infer<S>) => AuditTarget;
  /** A valid input, used by the authorization matrix test to get past validation. */
  example?: z.input<S>;
  /**
   * A lookup that changes nothing (counts, lists behind a page): no ticket ID is asked for, no attempt
   * row is written and its successes are not audited (they would flood the log). Denials and failures
   * are always audited.
   */
  readOnly?: boolean;
}

/**
 * What the audit rows keep of the input: REQUIRED, so a new action cannot forget it. Either the list
 * of input fields to keep (everything else is dropped) or a function building the kept summary (e.g.
 * `credential.type` instead of the credential). Secret-looking values are masked either way.
 */
export type AuditSelection<S extends z.ZodType> =
  | { auditFields: ReadonlyArray<keyof z.infer<S> & string>; auditInput?: never }
  | { auditInput: (input: z.infer<S>) => unknown; auditFields?: never };

export type ActionDefBase<S extends z.ZodType> = ActionDefCommon<S> & AuditSelection<S>;

export type TenantActionDef<S extends z.ZodType> = ActionDefBase<S> & {
  /** false: the body never calls Okta, so no gateway is built (ctx.okta throws). Default true. */
  okta?: boolean;
};

export type ConsoleActionDef<S extends z.ZodType> = ActionDefBase<S> & {
  /**
   * Default true: the body's database writes and the outcome row commit in one transaction (ctx.db is
   * that transaction; nested `$transaction` calls join it). false for bodies that wait on the network
   * (they call Okta: connection tests) or read at length (chain verification): a transaction would
   * hold the database's write lock that long. Their own writes then commit on their own.
   */
  dbTransaction?: boolean;
};

/** The org an action runs in. No credential fields. */
export interface ActionTenant {
  id: string;
  slug: string;
  name: string;
  orgUrl: string;
  ticketRequired: boolean;
  mastery: string;
  credentialType: string;
  /** The org's caller-verification rule column as this request read it ("off" | "recommended" | "required"). */
  callerVerification: string;
}

export interface PrivilegedTargetCheck {
  /** The target holds an Okta admin role or is a service account (the caller determines this). */
  privileged: boolean;
  /** For the refusal sentence, e.g. the user's display name. */
  name?: string;
}

interface BaseContext {
  db: Db;
  staff: StaffIdentity;
  access: StaffAccess;
  meta: RequestMeta;
  setTarget(target: AuditTarget): void;
  /** Request ids from the gateway are collected automatically; this adds one seen elsewhere. */
  recordOktaRequestId(id: string): void;
  /**
   * Facts the body learnt that the outcome row should carry beside the declared input summary (e.g.
   * `callerVerified: "push at 10:42 UTC"`). Never a secret: masked like the input, but do not pass one.
   */
  addAuditDetail(details: Record<string, unknown>): void;
}

export interface TenantActionContext extends BaseContext {
  tenant: ActionTenant;
  /** The staff member's roles in this org. */
  roles: ReadonlySet<Role>;
  ticketId: string | null;
  /** The gateway of THIS org (and no other). */
  okta: OktaGateway;
  /** Another permission in this org, e.g. to decide whether to show deep links. */
  can(permission: Permission): boolean;
  /** Throws a "forbidden" ActionError (audited as denied) when the roles may not act on a privileged target. */
  assertCanActOn(target: PrivilegedTargetCheck): void;
}

export interface ConsoleActionContext extends BaseContext {
  /** Roles that count for console permissions. */
  roles: ReadonlySet<Role>;
}

/** `row`: the org's row as the wrapper read it in this request, so the gateway need not read it again. */
export type GatewayFactory = (tenant: { id: string }, db: Db, row?: TenantRow) => Promise<OktaGateway>;

export interface CoreArgsBase {
  db: Db;
  staff: StaffIdentity | null;
  rawInput: unknown;
  meta: RequestMeta;
}

export interface CoreArgs extends CoreArgsBase {
  /** The org slug from the URL (route param or the page's bound argument). */
  slug: string;
  /** Tests: replaces oktaGatewayFor (e.g. to count gateway creations or point at the emulator). */
  gatewayFor?: GatewayFactory;
  /**
   * The staff member's access as THIS request already resolved it from the database (a page render
   * resolves it once for the shell and the page). Absent: resolved here. Never carried across requests.
   */
  access?: Promise<StaffAccess>;
  /**
   * The org row by slug as THIS request reads it once for the page guard and the page's read actions
   * (React cache). Absent: read here. Never carried across requests.
   */
  tenantBySlug?: TenantLookup;
}

export type ConsoleCoreArgs = CoreArgsBase;

const defaultGatewayFor: GatewayFactory = (tenant, db, row) => oktaGatewayFor(tenant, { db, row });

// ---------------------------------------------------------------------------------------------------
// Input

export { ticketIdSchema } from "./ticket";

/** FormData (forms, useActionState) becomes a plain object; repeated keys become arrays; files are dropped. */
export function normaliseInput(raw: unknown): unknown {
  if (typeof FormData !== "undefined" && raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of raw.entries()) {
      if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
      const prev = out[key];
      out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return out;
  }
  return raw ?? {};
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

function invalid(fieldErrors: Record<string, string[]>, message?: string): ActionResult<never> {
  const formErrors = fieldErrors._form;
  return { ok: false, code: "invalid", error: message ?? formErrors?.[0] ?? INVALID_MESSAGE, fieldErrors };
}

type Parsed<T> = { ok: true; input: T; ticketId: string | null } | { ok: false; result: ActionResult<never> };

function parseInput<S extends z.ZodType>(schema: S, raw: unknown, withTicket: boolean): Parsed<z.infer<S>> {
  const value = normaliseInput(raw);
  const parsed = schema.safeParse(value);
  const errors: Record<string, string[]> = parsed.success ? {} : fieldErrorsOf(parsed.error);
  let ticketId: string | null = null;
  if (withTicket) {
    const rawTicket = value && typeof value === "object" ? (value as Record<string, unknown>).ticketId : undefined;
    const ticket = ticketIdSchema.optional().safeParse(typeof rawTicket === "string" && rawTicket.trim() === "" ? undefined : rawTicket);
    if (ticket.success) ticketId = ticket.data ?? null;
    else (errors.ticketId ??= []).push(...ticket.error.issues.map((i) => i.message));
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, result: invalid(errors) };
  return { ok: true, input: parsed.data as z.infer<S>, ticketId };
}

// ---------------------------------------------------------------------------------------------------
// Sentences

const GERUNDS: Record<string, string> = {
  activate: "activating",
  add: "adding",
  approve: "approving",
  archive: "archiving",
  ask: "asking",
  assign: "assigning",
  cancel: "cancelling",
  clear: "clearing",
  create: "creating",
  deactivate: "deactivating",
  delete: "deleting",
  deny: "denying",
  disable: "disabling",
  edit: "editing",
  expire: "expiring",
  find: "finding",
  know: "knowing",
  manage: "managing",
  mark: "marking",
  offboard: "offboarding",
  open: "opening",
  override: "overriding",
  read: "reading",
  remove: "removing",
  reset: "resetting",
  rotate: "rotating",
  save: "saving",
  search: "searching",
  see: "seeing",
  suspend: "suspending",
  unassign: "unassigning",
  unlock: "unlocking",
  verify: "verifying",
  view: "viewing",
};

/** "Create users" -> "creating users": the permission's description as an activity. */
export function activityOf(permission: Permission): string {
  const description: string = PERMISSIONS[permission].description;
  return description
    .split(/(\s+|,)/)
    .map((word) => GERUNDS[word.toLowerCase()] ?? word)
    .join("")
    .replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}

export function forbiddenSentence(permission: Permission, roles: Iterable<Role>, tenantName?: string): string {
  const labels = roleLabels(roles);
  const activity = activityOf(permission);
  if (tenantName) return `Your role in ${tenantName} (${labels || "none"}) does not allow ${activity}.`;
  return labels ? `Your role (${labels}) does not allow ${activity}.` : `Your access does not allow ${activity}.`;
}

// ---------------------------------------------------------------------------------------------------
// Outcomes

interface Outcome {
  result: ActionResult<never>;
  audit: Pick<AuditInput, "outcome" | "errorCode" | "errorSummary">;
}

function errorName(err: unknown): string | undefined {
  return err && typeof err === "object" && "name" in err && typeof err.name === "string" ? err.name : undefined;
}

/** Maps what the body threw to the user's sentence and the audit fields. Never leaks a stack trace. */
export function outcomeOf(err: unknown, actionName: string): Outcome {
  const fail = (code: ActionErrorCode, error: string, auditCode: string, fieldErrors?: Record<string, string[]>): Outcome => ({
    result: { ok: false, code, error, ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}) },
    audit: { outcome: code === "forbidden" ? "denied" : "failure", errorCode: auditCode, errorSummary: error },
  });

  if (err instanceof ActionError) return fail(err.code, err.message, err.auditCode ?? err.code, err.fieldErrors);
  const name = errorName(err);
  const e = err as { message?: string; code?: string; fieldErrors?: Record<string, string[]> };
  // Expected errors of the lib/ services (matched by name to keep lib/actions free of import cycles).
  if (name === "AdminError") {
    const code: ActionErrorCode = e.code === "not_found" ? "not_found" : e.code === "forbidden" ? "forbidden" : "invalid";
    return fail(code, e.message ?? INVALID_MESSAGE, e.code ?? code, e.fieldErrors);
  }
  if (name === "TenantInputError") return fail("invalid", e.message ?? INVALID_MESSAGE, "invalid", e.fieldErrors);
  if (name === "TenantNotFoundError") return fail("not_found", e.message ?? NOT_FOUND_MESSAGE, "not_found");
  if (name === "TenantUnavailableError") return fail("okta", e.message ?? "This org cannot be reached.", "tenant_unavailable");

  const okta = describeOktaError(err);
  if (okta) {
    return {
      result: { ok: false, code: "okta", error: okta.sentence },
      audit: { outcome: "failure", errorCode: okta.code ?? (okta.status ? `HTTP ${okta.status}` : "okta"), errorSummary: okta.summary },
    };
  }

  const reference = crypto.randomBytes(5).toString("hex");
  console.error(`[action ${actionName}] unexpected error, reference ${reference}:`, err);
  return {
    result: { ok: false, code: "internal", error: `Something went wrong; the error was logged with reference ${reference}.` },
    audit: { outcome: "failure", errorCode: "internal", errorSummary: `Unexpected error (reference ${reference})` },
  };
}

// ---------------------------------------------------------------------------------------------------
// Audit rows

/**
 * What the audit rows keep of the input: the declared fields only (or the declared summary). Checked
 * at run time too, for definitions that bypass the types.
 */
export function auditInputOf<S extends z.ZodType>(def: ActionDefBase<S>, input: z.infer<S>): unknown {
  if (typeof def.auditInput === "function") return def.auditInput(input);
  if (Array.isArray(def.auditFields)) return pickAuditFields(input, def.auditFields);
  throw new Error(`Action ${def.name} declares neither auditFields nor auditInput`);
}

/** Definitions are checked when they are made, so a forgotten allowlist fails at start-up, not in use. */
export function assertAuditSelection(def: { name: string; auditFields?: unknown; auditInput?: unknown }): void {
  const fields = Array.isArray(def.auditFields) && def.auditFields.every((f) => typeof f === "string");
  const fn = typeof def.auditInput === "function";
  if (fields === fn) throw new Error(`Action ${def.name} must declare exactly one of auditFields (the input fields its audit rows keep) or auditInput`);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A row whose failure must not change the answer (refusals, outcomes): logged loudly instead. */
export async function writeAudit(db: Db, entry: AuditInput): Promise<void> {
  try {
    await appendAudit(db, entry);
  } catch (err) {
    // The outcome already happened; the staff member still gets it, the operators get the alarm.
    console.error(
      `[audit] AUDIT WRITE FAILED: could not record ${entry.action} (${entry.outcome})${entry.attemptSeq ? ` settling attempt #${entry.attemptSeq}` : ""}: ${errorText(err)}`,
    );
  }
}

/** A refusal for lack of a session, throttled per action (see ./anonymous-audit.ts). */
async function auditAnonymous(db: Db, base: AuditInput): Promise<void> {
  const { write, summary, suppressedBefore } = admitAnonymousAudit(base.action);
  if (!write) return;
  let text = "No valid session";
  if (suppressedBefore) text += ` (${suppressedBefore} earlier such requests not recorded)`;
  if (summary) text += "; further such requests this minute are counted, not recorded one by one";
  await writeAudit(db, { ...base, errorCode: "unauthenticated", errorSummary: text });
}

/**
 * A denial of a signed-in staff member outside an attempt (gate refusals, read-only bodies), throttled
 * per staff member so nobody can flood the chain lock. Also used by page guards.
 */
export async function auditStaffDenial(db: Db, entry: AuditInput & { staffId: string }): Promise<void> {
  const { write, summary, suppressedBefore } = staffDenials.admit(entry.staffId);
  if (!write) return;
  let text = entry.errorSummary ?? "Denied";
  if (suppressedBefore) text += ` (${suppressedBefore} earlier denials of this staff member not recorded)`;
  if (summary) text += "; further denials of this staff member this minute are counted, not recorded one by one";
  await writeAudit(db, { ...entry, errorSummary: text });
}

/** Step 7: the write-ahead row. null when it could not be written (then nothing may run). */
async function writeAttempt(db: Db, entry: AuditInput): Promise<number | null> {
  try {
    return (await appendAudit(db, { ...entry, outcome: "attempt", errorCode: null, errorSummary: null, oktaRequestIds: [] })).seq;
  } catch (err) {
    console.error(`[audit] AUDIT WRITE FAILED: could not record the attempt of ${entry.action}; the action was refused: ${errorText(err)}`);
    return null;
  }
}

const AUDIT_UNAVAILABLE: ActionResult<never> = { ok: false, code: "audit_unavailable", error: AUDIT_UNAVAILABLE_MESSAGE };

/**
 * What an action body adds to its audit row while it runs: a refined target and request ids seen
 * outside the gateway. Shared by both kinds so the context methods behave identically.
 */
function auditTrail(initialTarget: AuditTarget | null) {
  let target = initialTarget;
  const extraIds: string[] = [];
  let details: Record<string, unknown> | null = null;
  return {
    addAuditDetail(d: Record<string, unknown>) {
      details = { ...(details ?? {}), ...d };
    },
    /** The declared input summary plus the body's details (an object summary is extended, else wrapped). */
    input(summary: unknown): unknown {
      if (!details) return summary;
      return summary && typeof summary === "object" && !Array.isArray(summary) ? { ...(summary as Record<string, unknown>), ...details } : { input: summary, ...details };
    },
    setTarget(t: AuditTarget) {
      target = t;
    },
    recordOktaRequestId(id: string) {
      if (id && !extraIds.includes(id)) extraIds.push(id);
    },
    target: () => target,
    /** The gateway's request ids plus the extra ones, each once. */
    requestIds: (fromGateway: readonly string[]) => [...new Set([...fromGateway, ...extraIds])],
  };
}

type Logged<T> = Awaited<ReturnType<typeof withOktaRequestLog<T>>>;

/**
 * Step 9 outside a transaction: the outcome row (success unless read-only; failure / denied always)
 * and the answer. A failing outcome row does not change the answer: the attempt row already proves
 * the attempt, and the operators are alarmed (writeAudit logs loudly).
 */
async function settle<T>(db: Db, def: { name: string; readOnly?: boolean }, logged: Logged<T>, row: AuditInput): Promise<ActionResult<T>> {
  if (!("error" in logged)) {
    if (!def.readOnly) await writeAudit(db, row);
    return { ok: true, data: logged.result as T };
  }
  const outcome = outcomeOf(logged.error, def.name);
  const failed = { ...row, ...outcome.audit };
  // A read-only body's denial is a standalone row: throttled like any other denial.
  if (def.readOnly && failed.outcome === "denied" && row.staffId) await auditStaffDenial(db, { ...failed, staffId: row.staffId });
  else await writeAudit(db, failed);
  return outcome.result;
}

// ---------------------------------------------------------------------------------------------------
// Tenant actions

export function actionTenant(row: NonNullable<Awaited<ReturnType<Db["tenant"]["findUnique"]>>>): ActionTenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    orgUrl: row.orgUrl,
    ticketRequired: row.ticketRequired,
    mastery: row.mastery,
    credentialType: row.credentialType,
    callerVerification: row.callerVerification,
  };
}

type TenantGate<T> =
  | { ok: false; result: ActionResult<never> }
  | { ok: true; input: T; ticketId: string | null; staff: StaffIdentity; tenant: ActionTenant; row: TenantRow; access: StaffAccess; roles: Set<Role> };

async function gateTenant<S extends z.ZodType>(def: TenantActionDef<S>, args: CoreArgs): Promise<TenantGate<z.infer<S>>> {
  const { db, staff, slug, meta } = args;
  // 1. input
  const parsed = parseInput(def.input, args.rawInput, true);
  if (!parsed.ok) return parsed;
  const base: AuditInput = {
    action: def.name,
    input: auditInputOf(def, parsed.input),
    target: def.target?.(parsed.input) ?? null,
    ticketId: parsed.ticketId,
    tenantSlug: typeof slug === "string" ? slug.slice(0, 100) : null,
    outcome: "denied",
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  // 2. session
  if (!staff) {
    await auditAnonymous(db, base);
    return { ok: false, result: { ok: false, code: "unauthenticated", error: UNAUTHENTICATED_MESSAGE } };
  }
  const who = { ...base, staffId: staff.staffId, staffEmail: staff.email };
  // 3. tenant from the slug + grant. Unknown, archived and not-granted orgs answer identically.
  const resolved = await resolveTenantAccess(db, staff.staffId, slug, args.access, args.tenantBySlug);
  if (!resolved.ok) {
    await auditStaffDenial(db, { ...who, tenantId: resolved.tenant?.id ?? null, errorCode: "not_found", errorSummary: resolved.reason });
    return { ok: false, result: { ok: false, code: "not_found", error: NOT_FOUND_MESSAGE } };
  }
  const { access, roles } = resolved;
  const tenant = actionTenant(resolved.tenant);
  const role = roleLabels(roles);
  // 4. permission
  if (!rolesAllow(roles, def.permission)) {
    const error = forbiddenSentence(def.permission, roles, tenant.name);
    await auditStaffDenial(db, { ...who, role, tenantId: tenant.id, errorCode: "forbidden", errorSummary: `Missing permission ${def.permission}` });
    return { ok: false, result: { ok: false, code: "forbidden", error } };
  }
  // 5. ticket
  if (tenant.ticketRequired && !parsed.ticketId && !def.readOnly) {
    return {
      ok: false,
      result: invalid({ ticketId: [`${tenant.name} requires a ticket ID for every change.`] }, `${tenant.name} requires a ticket ID.`),
    };
  }
  return { ok: true, input: parsed.input, ticketId: parsed.ticketId, staff, tenant, row: resolved.tenant, access, roles };
}

/** Steps 1–5 only (with their audit rows), no body: for tests and pre-flight checks. */
export async function authorizeTenant<S extends z.ZodType>(def: TenantActionDef<S>, args: CoreArgs): Promise<ActionResult<null>> {
  const gate = await gateTenant(def, args);
  return gate.ok ? { ok: true, data: null } : gate.result;
}

/** Step 6: a read that calls Okta spends one of the staff member's tokens. */
async function takeOktaRead(db: Db, row: AuditInput & { staffId: string }): Promise<ActionResult<never> | null> {
  const take = oktaReads.take(row.staffId);
  if (take.ok) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
  const admission = rateLimitRefusals.admit(row.staffId);
  if (admission.write) {
    const more = admission.suppressedBefore ? ` (${admission.suppressedBefore} earlier refusals not recorded)` : "";
    await writeAudit(db, {
      ...row,
      outcome: "denied",
      errorCode: "rate_limited",
      errorSummary: `Over ${OKTA_READS_PER_MINUTE} Okta reads a minute; further refusals this minute are not recorded${more}`,
    });
  }
  return {
    ok: false,
    code: "rate_limited",
    error: `You are reading from Okta too quickly, which would use up this org's Okta rate limit. Wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`,
    retryAfterSeconds,
  };
}

export async function runTenantAction<S extends z.ZodType, T>(
  def: TenantActionDef<S>,
  fn: (ctx: TenantActionContext, input: z.infer<S>) => Promise<T>,
  args: CoreArgs,
): Promise<ActionResult<T>> {
  const gate = await gateTenant(def, args);
  if (!gate.ok) return gate.result;
  const { db, meta } = args;
  const { staff, tenant, access, roles, input, ticketId } = gate;
  const tenantRow = gate.row;
  const trail = auditTrail(def.target?.(input) ?? null);
  const row: AuditInput & { staffId: string } = {
    action: def.name,
    staffId: staff.staffId,
    staffEmail: staff.email,
    role: roleLabels(roles),
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    target: trail.target(),
    input: auditInputOf(def, input),
    ticketId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    outcome: "success",
  };

  // 6. rate limit of reads that call Okta
  if (def.readOnly && def.okta !== false) {
    const limited = await takeOktaRead(db, row);
    if (limited) return limited;
  }

  // 7. write-ahead attempt row (changes only)
  let attemptSeq: number | null = null;
  if (!def.readOnly) {
    attemptSeq = await writeAttempt(db, row);
    if (attemptSeq === null) return AUDIT_UNAVAILABLE;
  }

  let gateway: OktaGateway | undefined;
  const ctx: TenantActionContext = {
    db,
    staff,
    access,
    meta,
    tenant,
    roles,
    ticketId,
    get okta(): OktaGateway {
      if (!gateway) throw new Error(`Action ${def.name} is declared okta: false but used ctx.okta`);
      return gateway;
    },
    can: (permission) => rolesAllow(roles, permission),
    assertCanActOn(check) {
      if (check.privileged && !rolesAllowOnPrivilegedTarget(roles, def.permission)) {
        const who = check.name ? `${check.name} holds` : "This user holds";
        throw new ActionError(
          `${who} an Okta admin role or is a service account; your role in ${tenant.name} (${roleLabels(roles)}) does not allow ${activityOf(def.permission)} for privileged users.`,
          "forbidden",
          undefined,
          "privileged_target",
        );
      }
    },
    setTarget: trail.setTarget,
    recordOktaRequestId: trail.recordOktaRequestId,
    addAuditDetail: trail.addAuditDetail,
  };

  // 8. gateway (only now) + body
  const gatewayFor = args.gatewayFor ?? defaultGatewayFor;
  // The staff member and ticket ride along to Okta in the User-Agent (lib/okta/attribution.ts).
  const logged = await withOktaRequestLog(async () => {
    // The row the gate just resolved (this request's), so the credential is not read a second time.
    if (def.okta !== false) gateway = await gatewayFor({ id: tenant.id }, db, tenantRow);
    return fn(ctx, input);
  }, { staff: staff.email, ticketId });

  // 9. outcome
  return settle(db, def, logged, { ...row, input: trail.input(row.input), target: trail.target(), oktaRequestIds: trail.requestIds(logged.requestIds), attemptSeq });
}

// ---------------------------------------------------------------------------------------------------
// Console actions

type ConsoleGate<T> =
  | { ok: false; result: ActionResult<never> }
  | { ok: true; input: T; ticketId: string | null; staff: StaffIdentity; access: StaffAccess; roles: Set<Role> };

async function gateConsole<S extends z.ZodType>(def: ConsoleActionDef<S>, args: ConsoleCoreArgs): Promise<ConsoleGate<z.infer<S>>> {
  const { db, staff, meta } = args;
  // Console changes take an optional ticket too (confirmation dialogs offer it); never required here.
  const parsed = parseInput(def.input, args.rawInput, true);
  if (!parsed.ok) return parsed;
  const base: AuditInput = {
    action: def.name,
    input: auditInputOf(def, parsed.input),
    target: def.target?.(parsed.input) ?? null,
    ticketId: parsed.ticketId,
    outcome: "denied",
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  if (!staff) {
    await auditAnonymous(db, base);
    return { ok: false, result: { ok: false, code: "unauthenticated", error: UNAUTHENTICATED_MESSAGE } };
  }
  const access = await effectiveAccess(db, staff.staffId);
  const roles = new Set(access.consoleRoles);
  if (PERMISSIONS[def.permission].scope !== "console" || !rolesAllow(roles, def.permission)) {
    await auditStaffDenial(db, {
      ...base,
      staffId: staff.staffId,
      staffEmail: staff.email,
      role: roleLabels(roles) || null,
      errorCode: "forbidden",
      errorSummary: `Missing permission ${def.permission}`,
    });
    return { ok: false, result: { ok: false, code: "forbidden", error: forbiddenSentence(def.permission, roles) } };
  }
  return { ok: true, input: parsed.input, ticketId: parsed.ticketId, staff, access, roles };
}

export async function authorizeConsole<S extends z.ZodType>(def: ConsoleActionDef<S>, args: ConsoleCoreArgs): Promise<ActionResult<null>> {
  const gate = await gateConsole(def, args);
  return gate.ok ? { ok: true, data: null } : gate.result;
}

/**
 * ctx.db of a transactional console body: the transaction client, plus a `$transaction` that joins
 * the one transaction (services such as the last-Administrator guard open their own; inside an action
 * they become part of the action's, so its outcome row commits or rolls back with them).
 */
function joinedTransactionClient(tx: Prisma.TransactionClient): Db {
  const joined: Db = new Proxy(tx, {
    get(target, prop) {
      if (prop === "$transaction") {
        return async (arg: unknown) => {
          if (typeof arg === "function") return (arg as (client: Db) => Promise<unknown>)(joined);
          if (Array.isArray(arg)) {
            const out: unknown[] = [];
            for (const query of arg) out.push(await query);
            return out;
          }
          throw new Error("$transaction inside a console action takes a function or an array of queries");
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Db;
  return joined;
}

/** A console change to one org (its settings, its credential) is filed under that org too. */
async function tenantOfTarget(db: Db, target: AuditTarget | null): Promise<{ id: string; slug: string } | null> {
  if (target?.type !== "tenant" || !target.id) return null;
  return db.tenant.findUnique({ where: { id: target.id }, select: { id: true, slug: true } });
}

/** Marks a body failure so the transaction rolls back and the failure is audited after it. */
class BodyFailed {
  constructor(readonly logged: Logged<unknown>) {}
}

export async function runConsoleAction<S extends z.ZodType, T>(
  def: ConsoleActionDef<S>,
  fn: (ctx: ConsoleActionContext, input: z.infer<S>) => Promise<T>,
  args: ConsoleCoreArgs,
): Promise<ActionResult<T>> {
  const gate = await gateConsole(def, args);
  if (!gate.ok) return gate.result;
  const { db, meta } = args;
  const { staff, access, roles, input, ticketId } = gate;
  const trail = auditTrail(def.target?.(input) ?? null);
  const initialTenant = await tenantOfTarget(db, trail.target());
  const row: AuditInput = {
    action: def.name,
    staffId: staff.staffId,
    staffEmail: staff.email,
    role: roleLabels(roles) || null,
    tenantId: initialTenant?.id ?? null,
    tenantSlug: initialTenant?.slug ?? null,
    target: trail.target(),
    input: auditInputOf(def, input),
    ticketId,
    ip: meta.ip,
    userAgent: meta.userAgent,
    outcome: "success",
  };

  // 7. write-ahead attempt row (changes only)
  let attemptSeq: number | null = null;
  if (!def.readOnly) {
    attemptSeq = await writeAttempt(db, row);
    if (attemptSeq === null) return AUDIT_UNAVAILABLE;
  }

  const context = (client: Db): ConsoleActionContext => ({
    db: client,
    staff,
    access,
    meta,
    roles,
    setTarget: trail.setTarget,
    recordOktaRequestId: trail.recordOktaRequestId,
    addAuditDetail: trail.addAuditDetail,
  });
  /** The outcome row with what the body found out (refined target and its org, request ids). */
  const outcomeRow = async (client: Db, logged: Logged<unknown>): Promise<AuditInput> => {
    const target = trail.target();
    const refined = target === row.target ? initialTenant : await tenantOfTarget(client, target);
    return {
      ...row,
      input: trail.input(row.input),
      target,
      tenantId: refined?.id ?? row.tenantId,
      tenantSlug: refined?.slug ?? row.tenantSlug,
      oktaRequestIds: trail.requestIds(logged.requestIds),
      attemptSeq,
    };
  };

  // 8–9 without a transaction: read-only bodies and bodies that wait on the network.
  if (def.readOnly || def.dbTransaction === false) {
    const logged = await withOktaRequestLog(() => fn(context(db), input), { staff: staff.email, ticketId });
    return settle(db, def, logged, await outcomeRow(db, logged));
  }

  // 8–9 in one transaction: the body's writes and the success row commit together or not at all.
  let outcomeAppendFailed = false;
  try {
    const logged = await db.$transaction(
      async (tx) => {
        const client = joinedTransactionClient(tx);
        const result = await withOktaRequestLog(() => fn(context(client), input), { staff: staff.email, ticketId });
        if ("error" in result) throw new BodyFailed(result);
        const success = await outcomeRow(client, result);
        try {
          await appendAudit(tx, success);
        } catch (err) {
          outcomeAppendFailed = true;
          throw err;
        }
        return result;
      },
      { maxWait: 15_000, timeout: 15_000 },
    );
    return { ok: true, data: logged.result as T };
  } catch (err) {
    // Rolled back: nothing the body wrote was kept. Record why, outside the transaction.
    if (err instanceof BodyFailed) return settle(db, def, err.logged as Logged<T>, await outcomeRow(db, err.logged));
    if (outcomeAppendFailed) {
      console.error(`[audit] AUDIT WRITE FAILED: the outcome of ${def.name} (attempt #${attemptSeq}) could not be recorded, so its changes were rolled back: ${errorText(err)}`);
      await writeAudit(db, { ...row, attemptSeq, outcome: "failure", errorCode: "audit_unavailable", errorSummary: "The outcome row could not be written; the change was rolled back" });
      return AUDIT_UNAVAILABLE;
    }
    const outcome = outcomeOf(err, def.name);
    await writeAudit(db, { ...row, attemptSeq, ...outcome.audit });
    return outcome.result;
  }
}
