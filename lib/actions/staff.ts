// The staff-scope variant of the one wrapper: a read that spans every org the staff member may see
// (cross-org search, the dashboard), which is neither a console permission (held only through all-org
// roles) nor one org's tenant action. It is defined with a TENANT permission and the wrapper decides, per
// org, where that permission holds:
//   1. parse input (zod)            -> "invalid" with field errors; not audited (as everywhere)
//   2. session                       -> "unauthenticated"; audited as denied (throttled per action)
//   3. effectiveAccess (lib/rbac/grants.ts): the visible, non-archived orgs where the roles granted in
//      THAT org allow the permission. None -> "forbidden"; audited as denied (throttled per staff)
//   4. one of the staff member's Okta reads (the per-staff read limit, like a tenant read): a fan-out is
//      one technician request that spends one call of each customer's budget, so it takes one token
//   5. the body gets ctx.orgs (only those orgs) and ctx.okta(org), which builds the gateway of one of
//      them and refuses any other; it yields lines that the route streams (NDJSON) as orgs answer
//   6. audit: one row for the whole run when the stream ends (success rows only where the definition
//      asks for them, e.g. a search: the query and the orgs searched; otherwise only when an org
//      failed), with every Okta request id, never a row per org
// It reuses the tenant pipeline's pieces (denial throttles, outcome sentences, the request log that
// carries the staff member's attribution to Okta) rather than a second framework; lib/actions/core.ts
// stays untouched. Define routes with staffRoute() and import the module in ./registry-index.ts.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import { z } from "zod";
import type { AuditInput } from "@/lib/audit/types";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor, withOktaRequestLog, type OktaGateway } from "@/lib/okta/gateway";
import { effectiveAccess, roleLabels, type StaffAccess } from "@/lib/rbac/grants";
import { PERMISSIONS, rolesAllow, type Permission, type Role } from "@/lib/rbac/permissions";
import type { RequestMeta } from "@/lib/request/context";
import { metaFromHeaders } from "@/lib/request/client-ip";
import { refuseUnlessSameOriginJson } from "@/lib/request/origin";
import type { TenantRow } from "@/lib/rbac/tenant-access";
import { admitAnonymousAudit } from "./anonymous-audit";
import { OKTA_READS_PER_MINUTE, oktaReads, rateLimitRefusals } from "./audit-throttle";
import { auditInputOf, auditStaffDenial, assertAuditSelection, fieldErrorsOf, forbiddenSentence, normaliseInput, outcomeOf, writeAudit, type ActionDefBase, type GatewayFactory } from "./core";
import { toResponse, type RouteHandler } from "./index";
import { registerAction } from "./registry";
import { INVALID_MESSAGE, UNAUTHENTICATED_MESSAGE, type ActionResult } from "./result";

/** One org a staff action may reach: visible, not archived, and the permission holds there. */
export interface StaffOrg {
  id: string;
  slug: string;
  name: string;
  roles: readonly Role[];
}

export type StaffActionDef<S extends z.ZodType> = ActionDefBase<S> & {
  /**
   * Write one success row per run (the query and the orgs reached), e.g. a search. Default false: like
   * every read, only a run where an org failed (or was refused) leaves a row.
   */
  auditSuccess?: boolean;
};

export interface StaffActionContext {
  db: Db;
  staff: StaffIdentity;
  access: StaffAccess;
  meta: RequestMeta;
  /** The orgs the permission holds in, by name. Nothing else can be reached through ctx.okta. */
  orgs: readonly StaffOrg[];
  /** Another permission in one of ctx.orgs (e.g. whether its card may show status counts). */
  can(org: StaffOrg, permission: Permission): boolean;
  /** The gateway of one of ctx.orgs (built on first use; the org rows are read once per run). */
  okta(org: StaffOrg): Promise<OktaGateway>;
  /** Facts for the run's one audit row (merged into the kept input; `orgs` replaces the default list of ctx.orgs). */
  addAuditDetail(details: Record<string, unknown>): void;
  /** An org that failed or timed out: listed in the audit row, and it makes a row be written. */
  orgFailed(org: StaffOrg, reason: string): void;
}

export interface StaffCoreArgs {
  db: Db;
  staff: StaffIdentity | null;
  rawInput: unknown;
  meta: RequestMeta;
  /** Tests: replaces oktaGatewayFor (count gateway creations, point at the emulator). */
  gatewayFor?: GatewayFactory;
}

type StaffFn<S extends z.ZodType, E> = (ctx: StaffActionContext, input: z.infer<S>) => AsyncIterable<E>;


export interface StaffRoute<S extends z.ZodType, E> extends RouteHandler {
  def: StaffActionDef<S>;
  /** The pipeline with the identity passed in (tests): the lines as an async iterable. */
  run(args: StaffCoreArgs): Promise<ActionResult<AsyncIterable<E>>>;
  /** Steps 1–3 only. */
  authorize(args: StaffCoreArgs): Promise<ActionResult<null>>;
}

// ---------------------------------------------------------------------------------------------------

type Gate<T> =
  | { ok: false; result: ActionResult<never> }
  | { ok: true; input: T; staff: StaffIdentity; access: StaffAccess; orgs: StaffOrg[]; base: AuditInput };

async function gate<S extends z.ZodType>(def: StaffActionDef<S>, args: StaffCoreArgs): Promise<Gate<z.infer<S>>> {
  const { db, staff, meta } = args;
  // 1. input
  const parsed = def.input.safeParse(normaliseInput(args.rawInput));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, result: { ok: false, code: "invalid", error: fieldErrors._form?.[0] ?? INVALID_MESSAGE, fieldErrors } };
  }
  const input = parsed.data as z.infer<S>;
  const base: AuditInput = { action: def.name, input: auditInputOf(def, input), outcome: "denied", ip: meta.ip, userAgent: meta.userAgent };
  // 2. session
  if (!staff) {
    const { write, summary, suppressedBefore } = admitAnonymousAudit(def.name);
    if (write) {
      let text = "No valid session";
      if (suppressedBefore) text += ` (${suppressedBefore} earlier such requests not recorded)`;
      if (summary) text += "; further such requests this minute are counted, not recorded one by one";
      await writeAudit(db, { ...base, errorCode: "unauthenticated", errorSummary: text });
    }
    return { ok: false, result: { ok: false, code: "unauthenticated", error: UNAUTHENTICATED_MESSAGE } };
  }
  // 3. the orgs where the permission holds (never archived ones: effectiveAccess leaves them out)
  const access = await effectiveAccess(db, staff.staffId);
  const orgs = access.visibleTenants
    .filter((t) => rolesAllow(t.roles, def.permission))
    .map((t) => ({ id: t.id, slug: t.slug, name: t.name, roles: t.roles }));
  const who = { ...base, staffId: staff.staffId, staffEmail: staff.email };
  if (orgs.length === 0) {
    const all = new Set(access.visibleTenants.flatMap((t) => t.roles));
    await auditStaffDenial(db, { ...who, role: roleLabels(all) || null, errorCode: "forbidden", errorSummary: `Missing permission ${def.permission} in every org` });
    return { ok: false, result: { ok: false, code: "forbidden", error: `${forbiddenSentence(def.permission, all).replace(/\.$/, "")} in any org.` } };
  }
  return { ok: true, input, staff, access, orgs, base: who };
}

/** Step 4: one token of the staff member's Okta reads for the whole fan-out. */
async function takeRead(db: Db, row: AuditInput & { staffId: string }): Promise<ActionResult<never> | null> {
  const take = oktaReads.take(row.staffId);
  if (take.ok) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
  const admission = rateLimitRefusals.admit(row.staffId);
  if (admission.write) {
    await writeAudit(db, { ...row, outcome: "denied", errorCode: "rate_limited", errorSummary: `Over ${OKTA_READS_PER_MINUTE} Okta reads a minute` });
  }
  return {
    ok: false,
    code: "rate_limited",
    error: `You are reading from Okta too quickly. Wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`,
    retryAfterSeconds,
  };
}

const defaultGatewayFor: GatewayFactory = (tenant, db, row) => oktaGatewayFor(tenant, { db, row });

async function runStaff<S extends z.ZodType, E>(def: StaffActionDef<S>, fn: StaffFn<S, E>, args: StaffCoreArgs): Promise<ActionResult<AsyncIterable<E>>> {
  const g = await gate(def, args);
  if (!g.ok) return g.result;
  const { db, meta } = args;
  const { staff, access, orgs, input } = g;
  const allRoles = new Set(orgs.flatMap((o) => o.roles));
  const row: AuditInput & { staffId: string } = { ...g.base, staffId: staff.staffId, role: roleLabels(allRoles) || null, outcome: "success" };

  // 4. the staff member's read limit
  const limited = await takeRead(db, row);
  if (limited) return limited;

  // 5. the body, with the gateways of ctx.orgs only
  const allowed = new Map(orgs.map((o) => [o.id, o]));
  const gatewayFor = args.gatewayFor ?? defaultGatewayFor;
  let rows: Promise<Map<string, TenantRow>> | undefined;
  const tenantRows = () =>
    (rows ??= db.tenant.findMany({ where: { id: { in: orgs.map((o) => o.id) }, archivedAt: null } }).then((list) => new Map(list.map((r) => [r.id, r]))));
  const failed: Array<{ org: string; reason: string }> = [];
  let details: Record<string, unknown> = {};
  const ctx: StaffActionContext = {
    db,
    staff,
    access,
    meta,
    orgs,
    can: (org, permission) => allowed.has(org.id) && rolesAllow(org.roles, permission),
    async okta(org) {
      // Only an org the gate resolved (by id; a look-alike object with another id is refused).
      if (!allowed.has(org.id)) throw new Error(`${def.name}: ${org.slug} is not among the orgs this run may reach`);
      const row = (await tenantRows()).get(org.id);
      if (!row) throw Object.assign(new Error("This org is archived or no longer exists."), { name: "TenantUnavailableError" });
      return gatewayFor({ id: org.id }, db, row);
    },
    addAuditDetail(d) {
      details = { ...details, ...d };
    },
    orgFailed(org, reason) {
      failed.push({ org: org.slug, reason: reason.slice(0, 200) });
    },
  };

  // The body's Okta calls carry the staff member in their User-Agent and record their request ids into
  // this run's log, also while the stream is read after this function returned.
  let iterator: AsyncIterator<E> | undefined;
  let resume: <R>(f: () => R) => R = (f) => f();
  const started = await withOktaRequestLog(
    async () => {
      iterator = fn(ctx, input)[Symbol.asyncIterator]();
      resume = AsyncLocalStorage.snapshot();
    },
    { staff: staff.email, ticketId: null },
  );
  if ("error" in started && started.error !== undefined) return outcomeOf(started.error, def.name).result;
  const requestIds = started.requestIds; // the run's log: later responses land in the same array
  const it = iterator!;

  let settled = false;
  const settle = async (error?: unknown, cancelled = false) => {
    if (settled) return;
    settled = true;
    const orgsReached = orgs.map((o) => o.slug);
    const input = { ...(row.input && typeof row.input === "object" ? (row.input as Record<string, unknown>) : { input: row.input }), orgs: orgsReached, ...details, ...(failed.length ? { failed } : {}), ...(cancelled ? { cancelled: true } : {}) };
    if (error !== undefined) {
      const outcome = outcomeOf(error, def.name);
      await writeAudit(db, { ...row, input, ...outcome.audit, oktaRequestIds: [...requestIds] });
      return;
    }
    const everyOrgFailed = failed.length > 0 && failed.length >= orgs.length;
    if (!def.auditSuccess && failed.length === 0) return;
    await writeAudit(db, {
      ...row,
      input,
      outcome: everyOrgFailed || (!def.auditSuccess && failed.length > 0) ? "failure" : "success",
      errorCode: failed.length ? "org_failures" : null,
      errorSummary: failed.length ? `${failed.length} of ${orgs.length} org${orgs.length === 1 ? "" : "s"} failed or timed out: ${failed.map((f) => f.org).join(", ")}`.slice(0, 500) : null,
      oktaRequestIds: [...requestIds],
    });
  };

  const stream: AsyncIterable<E> = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          try {
            const r = await resume(() => it.next());
            if (r.done) await settle();
            return r;
          } catch (err) {
            await settle(err);
            throw err;
          }
        },
        async return(value?: unknown) {
          await resume(() => it.return?.(value as never));
          await settle(undefined, true);
          return { done: true, value: undefined as never };
        },
      };
    },
  };
  return { ok: true, data: stream };
}

async function authorizeStaff<S extends z.ZodType>(def: StaffActionDef<S>, args: StaffCoreArgs): Promise<ActionResult<null>> {
  const g = await gate(def, args);
  return g.ok ? { ok: true, data: null } : g.result;
}

/** NDJSON: one JSON object per line, flushed as the body yields it. */
export function ndjsonBody<E>(lines: AsyncIterable<E>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = lines[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(r.value)}\n`));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * GET /api/... across the staff member's orgs: the query string is the input; errors before the body
 * answer JSON with the wrapper's statuses, a run streams `application/x-ndjson` (one line per event as
 * orgs answer). Export it under GET only.
 */
export function staffRoute<S extends z.ZodType, E>(def: StaffActionDef<S>, fn: StaffFn<S, E>): StaffRoute<S, E> {
  if (PERMISSIONS[def.permission].scope !== "tenant") throw new Error(`${def.name}: a staff action takes a tenant permission (checked per org)`);
  assertAuditSelection(def);
  const run = (args: StaffCoreArgs) => runStaff(def, fn, args);
  const authorize = (args: StaffCoreArgs) => authorizeStaff(def, args);
  const handler: RouteHandler = async (req) => {
    try {
      const refused = refuseUnlessSameOriginJson(req, env().NEXTAUTH_URL);
      if (refused) return refused;
      const input: Record<string, string | string[]> = {};
      for (const [key, value] of new URL(req.url).searchParams) {
        const prev = input[key];
        input[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      }
      const [{ db }, { getStaff }] = await Promise.all([import("@/lib/db"), import("@/lib/auth/session")]);
      const result = await run({ db: db(), staff: await getStaff(), meta: metaFromHeaders(req.headers, env().TRUSTED_PROXY_HOPS), rawInput: input });
      if (!result.ok) return toResponse(result);
      return new Response(ndjsonBody(result.data), {
        status: 200,
        headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
      });
    } catch (err) {
      const reference = crypto.randomBytes(5).toString("hex");
      console.error(`[action ${def.name}] unexpected error, reference ${reference}:`, err);
      return toResponse({ ok: false, code: "internal", error: `Something went wrong; the error was logged with reference ${reference}.` });
    }
  };
  registerAction({
    name: def.name,
    permission: def.permission,
    kind: "staffRoute",
    scope: "staff",
    example: def.example,
    hasExample: def.example !== undefined,
    readOnly: true,
    callsOkta: true,
    run,
    authorize,
  });
  return Object.assign(handler, { def, run, authorize }) as StaffRoute<S, E>;
}

// ---------------------------------------------------------------------------------------------------
// Fan-out

export type FanOutResult<T, R> =
  | { item: T; ok: true; value: R; ms: number }
  | { item: T; ok: false; error: unknown; timedOut: boolean; ms: number };

export class FanOutTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${Math.round(ms / 100) / 10} s.`);
    this.name = "FanOutTimeoutError";
  }
}

/**
 * Runs `fn` over `items` with at most `concurrency` in flight and yields each result as it settles
 * (completion order). An item that takes longer than `timeoutMs` is yielded as timed out and frees its
 * slot; its request is left to finish or fail on its own (the gateway's own timeout bounds it), so one
 * slow org never holds the others.
 */
export async function* fanOut<T, R>(items: readonly T[], opts: { concurrency: number; timeoutMs: number }, fn: (item: T) => Promise<R>): AsyncGenerator<FanOutResult<T, R>> {
  const ready: Array<FanOutResult<T, R>> = [];
  let wake: (() => void) | null = null;
  let next = 0;
  let running = 0;
  let stopped = false;
  const push = (r: FanOutResult<T, R>) => {
    ready.push(r);
    running--;
    launch();
    wake?.();
  };
  const launch = () => {
    while (!stopped && running < opts.concurrency && next < items.length) {
      const item = items[next++]!;
      running++;
      const t0 = performance.now();
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        push({ item, ok: false, error: new FanOutTimeoutError(opts.timeoutMs), timedOut: true, ms: performance.now() - t0 });
      }, opts.timeoutMs);
      Promise.resolve()
        .then(() => fn(item))
        .then(
          (value) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            push({ item, ok: true, value, ms: performance.now() - t0 });
          },
          (error: unknown) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            push({ item, ok: false, error, timedOut: false, ms: performance.now() - t0 });
          },
        );
    }
  };
  launch();
  let yielded = 0;
  try {
    while (yielded < items.length) {
      if (ready.length === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      while (ready.length) {
        yielded++;
        yield ready.shift()!;
      }
    }
  } finally {
    // The reader stopped early (a new query, a closed page): start nothing more.
    stopped = true;
  }
}

/** The sentence for one org's failure (Okta's error, an unreachable org, a timeout), never a stack. */
export function orgErrorSentence(err: unknown, actionName: string): string {
  if (err instanceof FanOutTimeoutError) return `This org did not answer within ${Math.round(err.ms / 1000)} seconds.`;
  const { result } = outcomeOf(err, actionName);
  return result.ok ? "This org could not be read." : result.error;
}
