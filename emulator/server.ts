/**
 * The emulator's HTTP server (node:http). Each org lives under `/orgs/<slug>`; below that the
 * Management API (`/api/v1/...`, SSWS-authenticated), the OIDC provider (`/oauth2/...`,
 * `/login/...`, delegated to emulator/oidc) and a stub admin page. `/__emulator/...` holds the
 * unauthenticated test controls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import { isAllowed } from "./admin-permissions.ts";
import { registerAppRoutes } from "./api/apps.ts";
import { answerPush, lastOtp, pendingPushes, registerFactorVerifyRoutes, setFactorVerifySettings, type OtpView, type PendingPush } from "./api/factor-verify.ts";
import { registerClientRoutes } from "./api/clients.ts";
import { registerGroupRoutes } from "./api/groups.ts";
import { registerLogRoutes } from "./api/logs.ts";
import { registerMetaRoutes } from "./api/meta.ts";
import { registerOrgRoutes } from "./api/org.ts";
import { registerPolicyRoutes } from "./api/policies.ts";
import { registerRuleRoutes } from "./api/rules.ts";
import { registerUserRoutes } from "./api/users.ts";
import { ControlPlane, type FaultSpec, type RequestLogEntry } from "./control.ts";
import { actorFromUser, makeLogEvent, recordEvent } from "./events.ts";
import { errorBody, errors, OktaError, parseJsonBody, readBody, type ApiContext, type ApiResult } from "./http.ts";
import { createIdFactory, type IdFactory } from "./ids.ts";
import type { OrgState } from "./model.ts";
import { clientAppParty, verifyServiceToken } from "./oidc/org-as.ts";
import { parseCustomRateLimit, RateLimiter, type CustomRateLimit, type RateLimitProfile } from "./ratelimit.ts";
import { requiredScope, scopeSatisfied } from "./scopes.ts";
import { Router } from "./router.ts";
import { handlePhoneControl, handlePhonePage } from "./phone.ts";
import { dropRuntime, runtimeFor } from "./store.ts";
import { userRolesOf } from "./roles.ts";

export interface EmulatorOptions {
  /** 0 = any free port; default 8484. */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  orgs: OrgState[];
  latencyMs?: number;
  rateLimitProfile?: RateLimitProfile;
  /** Test hook: called with every org request's outcome (e.g. to validate responses against the spec). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Exchange {
  org: string;
  method: string;
  /** org-relative path, e.g. /api/v1/users/00u... */
  path: string;
  query: URLSearchParams;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for 204 / non-JSON). */
  body: unknown;
}

export interface EmulatorConfig {
  latencyMs?: number;
  rateLimitProfile?: RateLimitProfile;
  /** Every bucket `limit` requests per `windowMs` (whole seconds); null goes back to the profile's limits. */
  rateLimit?: CustomRateLimit | null;
  /** How long an Okta Verify push waits for an answer before it is TIMEOUT (Okta: 5 minutes). */
  pushLifetimeMs?: number;
}

export interface RunningEmulator {
  baseUrl: string;
  port: number;
  orgUrl(slug: string): string;
  org(slug: string): OrgState;
  orgs: Map<string, OrgState>;
  stop(): Promise<void>;
  /** The same operations as the /__emulator control endpoints, for in-process tests. */
  resetOrg(slug: string): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  configure(config: EmulatorConfig): void;
  requests(slug?: string): { count: number; requests: RequestLogEntry[] };
  clearRequests(slug?: string): void;
  /** The user's phone (emulator/phone.ts): pushes waiting in an org, answering one, the last code sent. */
  pendingPushes(slug: string, opts?: { all?: boolean }): PendingPush[];
  approvePush(slug: string, transactionId: string, number?: number): PendingPush;
  rejectPush(slug: string, transactionId: string): PendingPush;
  lastOtp(slug: string, userIdOrLogin: string, factorId?: string): OtpView | null;
}

interface OidcModule {
  handleOidcRequest(ctx: {
    org: OrgState;
    orgUrl: string;
    path: string;
    url: URL;
    req: IncomingMessage;
    res: ServerResponse;
    ids: IdFactory;
    requestId: string;
  }): Promise<boolean>;
}

let oidcModule: OidcModule | undefined;

/** Loads the OIDC provider lazily so the API works (and its tests run) without it. */
async function loadOidc(): Promise<OidcModule | undefined> {
  if (oidcModule) return oidcModule;
  try {
    oidcModule = (await import(new URL("./oidc/index.ts", import.meta.url).href)) as OidcModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND" && !String(e).includes("Cannot find module")) throw e;
  }
  return oidcModule;
}

/** The Management API's routes (exported for the tests that check them against the spec). */
export function buildRouter(): Router {
  const router = new Router();
  registerUserRoutes(router);
  registerFactorVerifyRoutes(router);
  registerGroupRoutes(router);
  registerRuleRoutes(router);
  registerAppRoutes(router);
  registerLogRoutes(router);
  registerOrgRoutes(router);
  registerClientRoutes(router);
  registerMetaRoutes(router);
  registerPolicyRoutes(router);
  return router;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "127.0.0.1";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip === "::1" ? "127.0.0.1" : ip;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const orgs = new Map(options.orgs.map((o) => [o.slug, o]));
  // Compact, off-heap copies to restore on reset (structured clone keeps Maps and Sets).
  const pristine = new Map(options.orgs.map((o) => [o.slug, v8.serialize(o)]));
  const config = { latencyMs: options.latencyMs ?? 0, pushLifetimeMs: 5 * 60_000 };
  const limiter = new RateLimiter(options.rateLimitProfile ?? "workforce");
  const control = new ControlPlane();
  const ids = createIdFactory();
  const router = buildRouter();

  const resetOrg = (slug: string) => {
    const org = orgs.get(slug);
    const snap = pristine.get(slug);
    if (!org || !snap) throw errors.notFound(slug, "Org");
    const fresh = v8.deserialize(snap) as OrgState;
    // Reset in place so references handed out by `org(slug)` stay valid.
    for (const key of Object.keys(org)) if (!(key in fresh)) delete (org as unknown as Record<string, unknown>)[key];
    Object.assign(org, fresh);
    dropRuntime(org);
  };

  const configure = (c: EmulatorConfig) => {
    if (c.latencyMs !== undefined) {
      if (!Number.isFinite(c.latencyMs) || c.latencyMs < 0) throw new Error("latencyMs must be a non-negative number");
      config.latencyMs = c.latencyMs;
    }
    if (c.rateLimitProfile !== undefined) {
      if (!["workforce", "free", "test"].includes(c.rateLimitProfile)) throw new Error("rateLimitProfile must be workforce, free or test");
      limiter.setProfile(c.rateLimitProfile);
    }
    if (c.rateLimit !== undefined) limiter.setCustom(c.rateLimit === null ? null : parseCustomRateLimit(c.rateLimit));
    if (c.pushLifetimeMs !== undefined) {
      if (!Number.isFinite(c.pushLifetimeMs) || c.pushLifetimeMs <= 0) throw new Error("pushLifetimeMs must be a positive number");
      config.pushLifetimeMs = c.pushLifetimeMs;
      for (const o of orgs.values()) setFactorVerifySettings(o, { pushLifetimeMs: c.pushLifetimeMs });
    }
  };

  const send = (res: ServerResponse, req: IncomingMessage, result: ApiResult, requestId: string) => {
    const headers: Record<string, string> = { "X-Okta-Request-Id": requestId, ...result.headers };
    let payload: string | undefined;
    if (result.status !== 204 && result.body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(result.body);
    }
    res.writeHead(result.status, headers);
    res.end(req.method === "HEAD" ? undefined : payload);
  };

  const errorResult = (err: OktaError, requestId: string, extraHeaders: Record<string, string> = {}): ApiResult => ({
    status: err.status,
    body: errorBody(err, `oae${requestId.slice(0, 22)}`),
    headers: { ...extraHeaders, ...err.headers },
  });

  /** Serves /__emulator/... */
  const handleControl = async (req: IncomingMessage, url: URL, baseUrl: string): Promise<ApiResult> => {
    const method = req.method ?? "GET";
    const path = url.pathname.replace(/\/$/, "");
    const body = method === "POST" ? parseJsonBody(await readBody(req)) : undefined;
    const bad = (msg: string): ApiResult => ({ status: 400, body: { error: msg } });
    try {
      if (path === "/__emulator/orgs" && method === "GET") {
        return {
          status: 200,
          body: [...orgs.values()].map((o) => ({
            slug: o.slug,
            name: o.name,
            kind: o.kind ?? null,
            orgUrl: `${baseUrl}/orgs/${o.slug}`,
            apiToken: o.apiTokens[0]?.token ?? null,
            adminConsoleUrl: `${baseUrl}/orgs/${o.slug}/admin`,
            ...serviceAppEntry(o),
          })),
        };
      }
      const reset = /^\/__emulator\/orgs\/([^/]+)\/reset$/.exec(path);
      if (reset && method === "POST") {
        resetOrg(decodeURIComponent(reset[1]!));
        return { status: 204 };
      }
      if (path === "/__emulator/faults") {
        if (method === "POST") {
          control.addFault(body as FaultSpec);
          return { status: 201, body: control.listFaults() };
        }
        if (method === "DELETE") {
          control.clearFaults();
          return { status: 204 };
        }
        if (method === "GET") return { status: 200, body: control.listFaults() };
      }
      if (path === "/__emulator/config" && method === "POST") {
        configure((body ?? {}) as EmulatorConfig);
        return { status: 200, body: { latencyMs: config.latencyMs, rateLimitProfile: limiter.profile, rateLimit: limiter.custom, pushLifetimeMs: config.pushLifetimeMs } };
      }
      const phone = handlePhoneControl({ orgs, ids }, method, path, url, body);
      if (phone) return phone;
      if (path === "/__emulator/requests") {
        const org = url.searchParams.get("org") ?? undefined;
        if (method === "GET") return { status: 200, body: control.requests(org) };
        if (method === "DELETE") {
          control.clearRequests(org);
          return { status: 204 };
        }
      }
    } catch (e) {
      if (e instanceof OktaError) throw e;
      return bad((e as Error).message);
    }
    throw errors.notFoundPath();
  };

  /** Serves /orgs/<slug>/api/... */
  const handleApi = async (req: IncomingMessage, url: URL, org: OrgState, orgUrl: string, path: string, requestId: string): Promise<ApiResult> => {
    const method = req.method ?? "GET";
    if (!limiter.acquire(org.slug)) throw errors.rateLimited(limiter.concurrencyHeaders());
    try {
      const auth = headerValue(req, "authorization") ?? "";
      const resource = url.pathname.slice(url.pathname.indexOf(path));
      // Okta's challenge on Bearer failures (as reported from real orgs, e.g. okta/okta-sdk-golang#145).
      const challenge = (error: string, description: string, scope?: string) =>
        `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}",${scope ? ` scope="${scope}",` : ""} error="${error}", error_description="${description}", resource="${resource}"`;
      let principal: ApiContext["principal"] = null;
      let service: ReturnType<typeof verifyServiceToken> = null;
      const ssws = /^SSWS\s+(\S+)$/i.exec(auth);
      const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
      if (ssws) {
        const token = org.apiTokens.find((t) => t.token === ssws[1]);
        principal = (token && org.users.get(token.userId)) ?? null;
        if (!principal) throw errors.invalidToken();
      } else if (bearer) {
        service = verifyServiceToken(org, orgUrl, bearer[1]!);
        if (!service) throw errors.invalidToken({ "WWW-Authenticate": challenge("invalid_token", "The access token is invalid.") });
      } else {
        throw errors.invalidToken();
      }

      const decision = limiter.take(org.slug, method, path);
      if (!decision.allowed) throw errors.rateLimited(decision.headers);
      try {
        const match = router.match(method, path);
        if (match.kind === "not-found") throw errors.notFoundPath();
        if (match.kind === "method-not-allowed") throw errors.methodNotAllowed(match.allow);
        if (service) {
          const scope = requiredScope(method, match.template);
          if (!scope || !scopeSatisfied(scope, service.scopes)) {
            // Reports from real orgs show the insufficient_scope challenge with an empty body; Okta's spec
            // documents E0000006 for 403 on every operation. The emulator sends both.
            throw errors.forbidden({ "WWW-Authenticate": challenge("insufficient_scope", "The access token provided does not contain the required scopes.", scope) });
          }
        }
        // The caller acts with its admin roles: the token's user's, or those assigned to the service app
        // (emulator/admin-permissions.ts has the table and the rules for reading oneself).
        const roles = (principal ? userRolesOf(org, principal.id) : org.clientRoles?.get(service!.client.clientId)) ?? [];
        const isSelf = (value: string) =>
          principal
            ? value === "me" || value === principal.id || value.toLowerCase() === principal.profile.login.toLowerCase()
            : value === service!.client.clientId;
        if (!isAllowed({ method, template: match.template, params: match.params, roles: roles.map((r) => r.type), isSelf })) throw errors.forbidden();
        const body = method === "POST" || method === "PUT" || method === "PATCH" ? parseJsonBody(await readBody(req)) : undefined;
        const ua = [headerValue(req, "user-agent"), headerValue(req, "x-okta-user-agent-extended")].filter(Boolean).join(" ");
        const ipAddress = clientIp(req);
        const ctx: ApiContext = {
          org,
          rt: runtimeFor(org),
          orgUrl,
          url,
          method,
          params: match.params,
          query: url.searchParams,
          body,
          requestId,
          principal,
          client: service?.client ?? null,
          ids,
          userAgent: ua,
          ipAddress,
          emit: (eventType, displayMessage, targets, outcome) =>
            recordEvent(
              org,
              makeLogEvent({ org, ids, eventType, displayMessage, actor: principal ? actorFromUser(principal) : clientAppParty(org, service!.client), targets, outcome: outcome ?? undefined, requestId, userAgent: ua, ipAddress }),
            ),
        };
        const result = await match.handler(ctx);
        return { ...result, headers: { ...decision.headers, ...result.headers } };
      } catch (e) {
        if (e instanceof OktaError) throw new OktaError(e.status, e.errorCode, e.errorSummary, e.errorCauses, { ...decision.headers, ...e.headers });
        throw e;
      }
    } finally {
      limiter.release(org.slug);
    }
  };

  const faultResult = (fault: FaultSpec): OktaError => {
    if (fault.status === 429) {
      // A reset a second or two ahead, as a real exhausted window would report.
      const reset = Math.ceil(Date.now() / 1000) + 1;
      return errors.rateLimited({ "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": String(reset) });
    }
    return fault.status === 503 ? errors.unavailable() : errors.internal();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = ids.requestId();
    const method = req.method ?? "GET";
    // A trailing slash on the org URL makes the SDK request `//api/v1/...`.
    const rawPath = (req.url ?? "/").replace(/^[^?]*/, (p) => p.replace(/\/{2,}/g, "/"));
    const host = headerValue(req, "host") ?? `127.0.0.1`;
    const url = new URL(rawPath, `http://${host}`);
    const base = `http://${host}`;

    if (url.pathname.startsWith("/__emulator/phone") && (await handlePhonePage({ orgs, ids }, req, res, url))) return;
    if (url.pathname.startsWith("/__emulator/")) {
      let result: ApiResult;
      try {
        result = await handleControl(req, url, base);
      } catch (e) {
        result = errorResult(e instanceof OktaError ? e : errors.internal(), requestId);
      }
      send(res, req, result, requestId);
      return;
    }

    const m = /^\/orgs\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const org = m ? orgs.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !org) {
      send(res, req, errorResult(errors.notFoundPath(), requestId), requestId);
      return;
    }
    const orgUrl = `${base}/orgs/${org.slug}`;
    const path = m[2] ?? "/";
    let result: ApiResult | undefined;
    let handledRaw = false;
    try {
      const fault = control.takeFault(org.slug, method, path + url.search);
      if (fault?.hangMs) await sleep(fault.hangMs);
      if (fault?.status) throw faultResult(fault);
      if (config.latencyMs > 0) await sleep(config.latencyMs);

      if (path.startsWith("/oauth2/v1/clients/")) {
        // Client role assignments are Management API resources under the OAuth path.
        result = await handleApi(req, url, org, orgUrl, path, requestId);
      } else if (path.startsWith("/oauth2/") || path.startsWith("/login/") || path.startsWith("/.well-known/")) {
        const oidc = await loadOidc();
        handledRaw = oidc ? await oidc.handleOidcRequest({ org, orgUrl, path, url, req, res, ids, requestId }) : false;
        if (!handledRaw) throw errors.notFoundPath();
      } else if (path === "/admin" || path.startsWith("/admin/")) {
        // Okta's Admin Console stands in as one page (deep links such as /admin/user/profile/view/{id}).
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "X-Okta-Request-Id": requestId });
        res.end(adminPage(org, orgUrl, path));
        handledRaw = true;
      } else if (path.startsWith("/api/")) {
        result = await handleApi(req, url, org, orgUrl, path, requestId);
      } else {
        throw errors.notFoundPath();
      }
    } catch (e) {
      if (!(e instanceof OktaError)) console.error(`[emulator] ${method} ${url.pathname} failed:`, e);
      result = errorResult(e instanceof OktaError ? e : errors.internal(), requestId);
    }
    if (result && !res.headersSent) send(res, req, result, requestId);
    const status = result?.status ?? res.statusCode;
    const userAgent = [headerValue(req, "user-agent"), headerValue(req, "x-okta-user-agent-extended")].filter(Boolean).join(" ");
    control.record({ org: org.slug, method, path, status, requestId, at: new Date().toISOString(), ...(userAgent ? { userAgent } : {}) });
    if (options.onExchange && result && !handledRaw) {
      options.onExchange({ org: org.slug, method, path, query: url.searchParams, status, headers: { "X-Okta-Request-Id": requestId, ...result.headers }, body: result.body });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error("[emulator] unhandled", e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8484, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const orgOf = (slug: string) => {
    const o = orgs.get(slug);
    if (!o) throw new Error(`unknown org ${slug}`);
    return o;
  };
  const baseUrl = `http://${host}:${port}`;

  return {
    baseUrl,
    port,
    orgUrl: (slug) => `${baseUrl}/orgs/${slug}`,
    org: (slug) => {
      const o = orgs.get(slug);
      if (!o) throw new Error(`unknown org ${slug}`);
      return o;
    },
    orgs,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    resetOrg,
    addFault: (f) => control.addFault(f),
    clearFaults: () => control.clearFaults(),
    configure,
    requests: (slug) => control.requests(slug),
    clearRequests: (slug) => control.clearRequests(slug),
    pendingPushes: (slug, opts) => pendingPushes(orgOf(slug), opts),
    approvePush: (slug, transactionId, number) => answerPush(orgOf(slug), ids, transactionId, { action: "approve", number }),
    rejectPush: (slug, transactionId) => answerPush(orgOf(slug), ids, transactionId, { action: "reject" }),
    lastOtp: (slug, userIdOrLogin, factorId) => lastOtp(orgOf(slug), userIdOrLogin, factorId),
  };
}

/**
 * A seeded OAuth service app with its private key, for the demo and tests (the control endpoints are
 * test-only; Okta never holds or returns a private key). Absent for orgs without one.
 */
function serviceAppEntry(org: OrgState): { serviceApp?: Record<string, unknown> } {
  const client = org.oidcClients.find((c) => c.applicationType === "service" && c.demoPrivateKeyPem);
  if (!client) return {};
  return {
    serviceApp: {
      clientId: client.clientId,
      name: client.name,
      keyId: client.jwks?.[0]?.kid ?? null,
      privateKeyPem: client.demoPrivateKeyPem,
      scopes: client.grantedScopes ?? [],
      roles: (org.clientRoles?.get(client.clientId) ?? []).map((r) => r.type),
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Stand-in for the org's Admin Console: a summary page with the org's counts. */
function adminPage(org: OrgState, orgUrl: string, path = "/admin"): string {
  const userId = /^\/admin\/user\/profile\/view\/([^/]+)$/.exec(path)?.[1];
  const user = userId ? org.users.get(decodeURIComponent(userId)) : undefined;
  const heading = user ? `User: ${String(user.profile.login ?? user.id)}` : org.name;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(heading)} - Admin (emulated)</title></head><body>
<h1>${escapeHtml(heading)}</h1><p>Okta emulator org <code>${escapeHtml(org.slug)}</code> at <code>${escapeHtml(orgUrl)}</code></p>
<ul><li>Users: ${org.users.size}</li><li>Groups: ${org.groups.size}</li><li>Apps: ${org.apps.size}</li><li>System Log events: ${org.logs.length}</li></ul>
</body></html>`;
}
