// THE wrapper for every server action and route handler. Define each one with tenantAction /
// consoleAction / tenantRoute / consoleRoute; the pipeline (validation, session, tenant from the URL
// slug, grant, permission table, Okta gateway of that tenant, audit) is in ./core.ts.
//
//   // app/(console)/t/[tenant]/users/actions.ts
//   "use server";
//   export const unlockUser = tenantAction(
//     { name: "user.unlock", permission: "users.unlock", input: z.object({ userId: z.string() }),
//       target: (i) => ({ type: "user", id: i.userId }), example: { userId: "00u1" } },
//     async (ctx, input) => { ctx.assertCanActOn({ privileged: await isPrivileged(ctx.okta, input.userId) }); ... },
//   );
//   // page: <form action={unlockUser.bind(null, params.tenant)}> or useActionState(unlockUser.bind(null, slug), null)
//
// Add the defining module to ./registry-index.ts so the authorization matrix test covers it.
import "server-only";
import crypto from "node:crypto";
import type { z } from "zod";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { metaFromHeaders, type RequestMeta } from "@/lib/request/client-ip";
import { refuseUnlessSameOriginJson } from "@/lib/request/origin";
import {
  assertAuditSelection,
  authorizeConsole,
  authorizeTenant,
  runConsoleAction,
  runTenantAction,
  type ConsoleActionContext,
  type ConsoleActionDef,
  type ConsoleCoreArgs,
  type CoreArgs,
  type TenantActionContext,
  type TenantActionDef,
} from "./core";
import { registerAction, type ActionKind } from "./registry";
import { HTTP_STATUS, type ActionResult } from "./result";

export { ActionError, type ExpectedErrorCode } from "./errors";
export { HTTP_STATUS, NOT_FOUND_MESSAGE, UNAUTHENTICATED_MESSAGE, type ActionErrorCode, type ActionResult } from "./result";
export { registeredActions, type RegistryEntry, type ActionKind } from "./registry";
export {
  activityOf,
  authorizeConsole,
  authorizeTenant,
  forbiddenSentence,
  runConsoleAction,
  runTenantAction,
  ticketIdSchema,
  type ActionTenant,
  type ConsoleActionContext,
  type ConsoleActionDef,
  type ConsoleCoreArgs,
  type CoreArgs,
  type GatewayFactory,
  type PrivilegedTargetCheck,
  type TenantActionContext,
  type TenantActionDef,
} from "./core";

type TenantFn<S extends z.ZodType, T> = (ctx: TenantActionContext, input: z.infer<S>) => Promise<T>;
type ConsoleFn<S extends z.ZodType, T> = (ctx: ConsoleActionContext, input: z.infer<S>) => Promise<T>;

interface TenantMembers<S extends z.ZodType, T> {
  def: TenantActionDef<S>;
  /** The pipeline with the identity passed in (tests, jobs). */
  run(args: CoreArgs): Promise<ActionResult<T>>;
  /** Validation, session, grant, permission and ticket checks only. */
  authorize(args: CoreArgs): Promise<ActionResult<null>>;
}

interface ConsoleMembers<S extends z.ZodType, T> {
  def: ConsoleActionDef<S>;
  run(args: ConsoleCoreArgs): Promise<ActionResult<T>>;
  authorize(args: ConsoleCoreArgs): Promise<ActionResult<null>>;
}

/** A server action bound to an org slug: `action(slug, input)` or, with useActionState, `action(slug, prevState, formData)`. */
export interface TenantAction<S extends z.ZodType, T> extends TenantMembers<S, T> {
  (slug: string, rawInput: unknown): Promise<ActionResult<T>>;
  (slug: string, prevState: unknown, formData: FormData): Promise<ActionResult<T>>;
}

/** A console server action: `action(input)` or, with useActionState, `action(prevState, formData)`. */
export interface ConsoleAction<S extends z.ZodType, T> extends ConsoleMembers<S, T> {
  (rawInput: unknown): Promise<ActionResult<T>>;
  (prevState: unknown, formData: FormData): Promise<ActionResult<T>>;
}

export type RouteHandler = (req: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;
export type TenantRoute<S extends z.ZodType, T> = RouteHandler & TenantMembers<S, T>;
export type ConsoleRoute<S extends z.ZodType, T> = RouteHandler & ConsoleMembers<S, T>;

// ---------------------------------------------------------------------------------------------------
// Next-facing plumbing (loaded lazily so the core stays importable in tests without a Next request)

function internalFailure(err: unknown, name: string): ActionResult<never> {
  const reference = crypto.randomBytes(5).toString("hex");
  console.error(`[action ${name}] unexpected error, reference ${reference}:`, err);
  return { ok: false, code: "internal", error: `Something went wrong; the error was logged with reference ${reference}.` };
}

async function nextIdentity(): Promise<{ db: Db; staff: StaffIdentity | null }> {
  const [{ db }, { getStaff }] = await Promise.all([import("@/lib/db"), import("@/lib/auth/session")]);
  return { db: db(), staff: await getStaff() };
}

/** The staff member's access, resolved once per request (React cache; outside a render, afresh). */
async function requestAccess(staffId: string) {
  const { accessFor } = await import("@/lib/rbac/current-access");
  return accessFor(staffId);
}

/** The org row by slug, read once per request for the page guard and its read actions (React cache). */
async function requestTenantLookup() {
  const { tenantBySlug } = await import("@/lib/rbac/current-access");
  return tenantBySlug;
}

async function actionMeta(): Promise<RequestMeta> {
  const { requestMeta } = await import("@/lib/request/context");
  return requestMeta();
}

function routeMeta(req: Request): RequestMeta {
  return metaFromHeaders(req.headers, env().TRUSTED_PROXY_HOPS);
}

/** GET/HEAD/DELETE: the query string (repeated keys become arrays); otherwise the JSON body. */
async function routeInput(req: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const method = req.method.toUpperCase();
  if (method === "GET" || method === "HEAD" || method === "DELETE") {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of new URL(req.url).searchParams) {
      const prev = out[key];
      out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return { ok: true, value: out };
  }
  const text = await req.text();
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function toResponse(result: ActionResult<unknown>): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!result.ok && result.retryAfterSeconds !== undefined) headers["Retry-After"] = String(result.retryAfterSeconds);
  return Response.json(result, { status: result.ok ? 200 : HTTP_STATUS[result.code], headers });
}

const BAD_JSON: ActionResult<never> = { ok: false, code: "invalid", error: "The request body is not valid JSON." };

function pickInput(args: unknown[]): unknown {
  // (input) or, from useActionState, (prevState, formData)
  return args.length >= 2 ? args[1] : args[0];
}

type RegisteredDef = { name: string; permission: TenantActionDef<z.ZodType>["permission"]; example?: unknown; readOnly?: boolean; okta?: boolean; auditFields?: unknown; auditInput?: unknown };

function register(kind: ActionKind, scope: "tenant" | "console", def: RegisteredDef, members: { run: (a: never) => Promise<ActionResult<unknown>>; authorize: (a: never) => Promise<ActionResult<null>> }) {
  // Every action names what its audit rows keep (the types require it; this catches casts).
  assertAuditSelection(def);
  registerAction({
    name: def.name,
    permission: def.permission,
    kind,
    scope,
    example: def.example,
    hasExample: def.example !== undefined,
    readOnly: def.readOnly === true,
    callsOkta: scope === "tenant" && def.okta !== false,
    run: members.run,
    authorize: members.authorize,
  } as Parameters<typeof registerAction>[0]);
}

// ---------------------------------------------------------------------------------------------------
// Definers

export function tenantAction<S extends z.ZodType, T>(def: TenantActionDef<S>, fn: TenantFn<S, T>): TenantAction<S, T> {
  const members: TenantMembers<S, T> = {
    def,
    run: (args) => runTenantAction(def, fn, args),
    authorize: (args) => authorizeTenant(def, args),
  };
  const action = async (slug: string, ...rest: unknown[]): Promise<ActionResult<T>> => {
    try {
      const [{ db, staff }, meta, tenantBySlug] = await Promise.all([nextIdentity(), actionMeta(), requestTenantLookup()]);
      // Within one request (a page render), the access and the org row the shell and the page guard resolved.
      const access = staff ? requestAccess(staff.staffId) : undefined;
      return await members.run({ db, staff, meta, slug, rawInput: pickInput(rest), access, tenantBySlug });
    } catch (err) {
      return internalFailure(err, def.name);
    }
  };
  register("tenantAction", "tenant", def, members);
  return Object.assign(action, members) as TenantAction<S, T>;
}

export function consoleAction<S extends z.ZodType, T>(def: ConsoleActionDef<S>, fn: ConsoleFn<S, T>): ConsoleAction<S, T> {
  const members: ConsoleMembers<S, T> = {
    def,
    run: (args) => runConsoleAction(def, fn, args),
    authorize: (args) => authorizeConsole(def, args),
  };
  const action = async (...rest: unknown[]): Promise<ActionResult<T>> => {
    try {
      const [{ db, staff }, meta] = await Promise.all([nextIdentity(), actionMeta()]);
      return await members.run({ db, staff, meta, rawInput: pickInput(rest) });
    } catch (err) {
      return internalFailure(err, def.name);
    }
  };
  register("consoleAction", "console", def, members);
  return Object.assign(action, members) as ConsoleAction<S, T>;
}

export interface TenantRouteOptions<T> {
  /**
   * Builds the response from the result instead of the JSON answer, e.g. a redirect once an audited
   * deep link was recorded. Everything before it (origin check, pipeline, audit) is unchanged.
   */
  respond?: (result: ActionResult<T>, req: Request) => Response;
}

/**
 * A route handler under app/.../t/[tenant]/...: the org comes from the `tenant` route param (never the
 * body). JSON answers with 400/401/403/404/502/500 for the error codes. POST/PUT/PATCH/DELETE must come
 * from the console's own origin and declare a JSON body, else 403/415 before anything else runs
 * (lib/request/origin.ts). Export the handler only under the methods it serves: Next.js answers 405
 * to the others.
 */
export function tenantRoute<S extends z.ZodType, T>(def: TenantActionDef<S>, fn: TenantFn<S, T>, options: TenantRouteOptions<T> = {}): TenantRoute<S, T> {
  const members: TenantMembers<S, T> = {
    def,
    run: (args) => runTenantAction(def, fn, args),
    authorize: (args) => authorizeTenant(def, args),
  };
  const handler: RouteHandler = async (req, context) => {
    try {
      const refused = refuseUnlessSameOriginJson(req, env().NEXTAUTH_URL);
      if (refused) return refused;
      const params = await context.params;
      const slug = typeof params.tenant === "string" ? params.tenant : "";
      const input = await routeInput(req);
      if (!input.ok) return toResponse(BAD_JSON);
      const { db, staff } = await nextIdentity();
      const result = await members.run({ db, staff, meta: routeMeta(req), slug, rawInput: input.value });
      return options.respond ? options.respond(result, req) : toResponse(result);
    } catch (err) {
      return toResponse(internalFailure(err, def.name));
    }
  };
  register("tenantRoute", "tenant", def, members);
  return Object.assign(handler, members) as TenantRoute<S, T>;
}

export function consoleRoute<S extends z.ZodType, T>(def: ConsoleActionDef<S>, fn: ConsoleFn<S, T>): ConsoleRoute<S, T> {
  const members: ConsoleMembers<S, T> = {
    def,
    run: (args) => runConsoleAction(def, fn, args),
    authorize: (args) => authorizeConsole(def, args),
  };
  const handler: RouteHandler = async (req) => {
    try {
      const refused = refuseUnlessSameOriginJson(req, env().NEXTAUTH_URL);
      if (refused) return refused;
      const input = await routeInput(req);
      if (!input.ok) return toResponse(BAD_JSON);
      const { db, staff } = await nextIdentity();
      return toResponse(await members.run({ db, staff, meta: routeMeta(req), rawInput: input.value }));
    } catch (err) {
      return toResponse(internalFailure(err, def.name));
    }
  };
  register("consoleRoute", "console", def, members);
  return Object.assign(handler, members) as ConsoleRoute<S, T>;
}
