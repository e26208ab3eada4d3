import "server-only";
// The per-tenant Okta gateway: one official SDK Client per customer org, built from that org's
// decrypted credential and nothing else. The credential is decrypted here, handed to the SDK and never
// returned. Clients are cached per tenant id and credential version (a hash of everything that shapes
// the client), so an edit or rotation - in this process or another - gets a fresh client.
import { createHash } from "node:crypto";
import { Client, DefaultRequestExecutor, RequestExecutor } from "@okta/okta-sdk-nodejs";
import type { Db } from "@/lib/db";
import { isOrgNetworkRefusalCode, OrgNetworkRefusedError, redirectRefusal, tooLargeRefusal } from "@/lib/net/errors";
import { createGuardedAgents, isRedirectStatus, MAX_API_RESPONSE_BYTES, type GuardedAgents, type OrgNetworkPolicy } from "@/lib/net/guard";
import { CredentialCryptoError, decryptCredential, decryptWithKeys, type CredentialKey } from "@/lib/tenants/crypto";
import { oktaCredentialSchema, type CredentialType, type OktaCredential } from "@/lib/tenants/schemas";
import { OktaOAuthTokenError, OktaTimeoutError } from "./errors";
import { withAttribution } from "./attribution";
import { currentOktaAttribution, recordOktaRequestId } from "./request-log";
import { currentOktaLane, orgBudget, sleep, type BucketState, type OktaLane, type OrgBudget } from "./budget";

export { describeOktaError, OktaOAuthTokenError, OktaTimeoutError, type OktaErrorDescription } from "./errors";
export { withOktaRequestLog, currentOktaRequestIds, type OktaRequestLogResult } from "./request-log";
export { OktaRequestAbortedError, withOktaLane, type OktaLane } from "./budget";

/** Per attempt; a hung Okta call fails after this instead of holding a server action. */
export const OKTA_REQUEST_TIMEOUT_MS = 15_000;
/** The SDK's own 429 retries (after waiting for X-Rate-Limit-Reset). */
export const OKTA_MAX_RETRIES = 2;
/** A 429 whose window resets later than this is returned to the caller instead of waited out. */
export const OKTA_MAX_RETRY_DELAY_MS = 10_000;
/** Longest pause the pacer adds before one interactive request. */
const MAX_PACE_MS = 5_000;
/** Bulk lane: a read (or an idempotent write) that failed with a 5xx, a timeout or a dropped connection is tried this many more times. */
export const OKTA_BULK_TRANSIENT_RETRIES = 5;
/** Bulk lane: first backoff after a transient failure (doubles each time, with jitter, capped at 8 s). */
const BULK_BACKOFF_MS = 250;

export interface OktaUserSummary {
  id: string;
  status?: string;
  login?: string;
  email?: string;
  displayName: string;
}

export interface OktaRoleSummary {
  id?: string;
  type: string;
  label?: string;
  status?: string;
  assignmentType?: string;
}

export interface OktaGateway {
  readonly tenantId: string;
  readonly orgUrl: string;
  readonly credentialType: CredentialType;
  /** The SDK client for this org only. Calls made through it are paced, timed out and logged. */
  readonly client: Client;
  /** The user behind an API token (SSWS only: an OAuth service app has no user). */
  me(): Promise<OktaUserSummary>;
  /** Admin roles assigned to a user (directly or through groups). */
  userRoles(userId: string): Promise<OktaRoleSummary[]>;
  /** Admin roles assigned to the OAuth service app of this credential (OAuth only). */
  clientRoles(): Promise<OktaRoleSummary[]>;
  /**
   * OAuth only: fetch (and cache) an access token now, to prove the credential works. Returns the scopes
   * Okta put in the token, which leaves out requested scopes the app was not granted (SSWS: none).
   */
  ensureAccessToken(): Promise<{ scopes: string[] }>;
}

// ---------------------------------------------------------------------------------------------------
// Request executor: request ids, the org's rate-limit budget (./budget.ts: lanes, reserve, concurrency),
// per-attempt timeout, 429 handling per lane, transient retries of bulk reads.

interface ExecRequest {
  url: string;
  method?: string;
  timeout?: number;
  startTime?: Date;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

interface FetchResponse {
  status: number;
  statusText?: string;
  url?: string;
  headers: { get(name: string): string | null };
  /** node-fetch v2: the whole body (rejects with FetchError "max-size" past `request.size`). */
  buffer(): Promise<Buffer>;
}

/** Where and how the SDK may connect: ALLOW_LOCAL_ORG_URLS, a test resolver, the body cap. */
export interface GatewayNetworkOptions extends OrgNetworkPolicy {
  maxResponseBytes?: number;
}

/**
 * The rate-limit bucket of a request, as Okta documents its management buckets (one window and limit per
 * bucket, shared by every endpoint in it): the users collection; one user by id; the rest of a user's
 * reads (groups, roles, factors, app links...); writes to a user (lifecycle, credentials, sessions...);
 * groups; apps; the System Log. Okta ids (00u..., 0oa..., 00g...) and other long opaque segments
 * collapse, so every user shares one bucket. Requests that share an Okta bucket must share one here:
 * the budget subtracts what it sends from the bucket Okta counts them in. Anything else is bucketed by
 * method and path.
 */
export function rateLimitBucket(orgUrl: string, method: string | undefined, url: string): string {
  let path = url.startsWith(orgUrl) ? url.slice(orgUrl.length) : url;
  try {
    path = new URL(url).pathname.slice(new URL(orgUrl).pathname.replace(/\/$/, "").length);
  } catch {
    // keep the raw path
  }
  path = path.split("?")[0]!.replace(/\/+$/, "");
  const m = (method ?? "GET").toUpperCase();
  if (path === "/api/v1/users") return `${m} /api/v1/users`;
  const user = /^\/api\/v1\/users\/[^/]+(\/.*)?$/.exec(path);
  if (user) {
    if (m !== "GET") return "WRITE /api/v1/users/:id*";
    return user[1] ? "GET /api/v1/users/:id/*" : "GET /api/v1/users/:id";
  }
  if (path === "/api/v1/groups" || path.startsWith("/api/v1/groups/")) return "/api/v1/groups*";
  if (path === "/api/v1/apps" || path.startsWith("/api/v1/apps/")) return "/api/v1/apps*";
  if (path === "/api/v1/logs") return "GET /api/v1/logs";
  const normalized = path
    .split("/")
    .map((seg) => (seg.length >= 12 && /\d/.test(seg) ? ":id" : seg))
    .join("/");
  return `${m} ${normalized}`;
}

/**
 * May this request be sent again after a 5xx, a timeout or a dropped connection? Reads, and the writes
 * Okta treats as idempotent (PUT replaces; DELETE of a membership, assignment or session leaves the same
 * state). DELETE of a user is not: the first deactivates, a second deletes for good. POSTs never are.
 */
export function retryableAfterFailure(method: string | undefined, path: string): boolean {
  const m = (method ?? "GET").toUpperCase();
  if (m === "GET" || m === "HEAD" || m === "OPTIONS" || m === "PUT") return true;
  if (m === "DELETE") return !/^\/api\/v1\/users\/[^/]+\/?$/.test(path);
  return false;
}

function isTransientNetworkError(err: unknown): boolean {
  if (err instanceof OktaTimeoutError) return true;
  if (!isRecord(err) || err.name !== "FetchError") return false;
  if (err.type === "request-timeout" || err.type === "body-timeout") return true;
  return err.type === "system" && typeof err.code === "string" && ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "UND_ERR_SOCKET"].includes(err.code);
}

export interface ExecutorOptions {
  attemptTimeoutMs: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  /** The lane of requests made outside withOktaLane (default interactive). */
  lane?: OktaLane;
}

export class ConsoleRequestExecutor extends DefaultRequestExecutor {
  /** This org's budget, shared with every other gateway of the org in this process. */
  readonly budget: OrgBudget;
  /** Every SDK request (API calls and the OAuth token request alike) connects through these. */
  private readonly agents: GuardedAgents;
  private readonly maxResponseBytes: number;

  constructor(
    private readonly orgUrl: string,
    readonly options: ExecutorOptions = {
      attemptTimeoutMs: OKTA_REQUEST_TIMEOUT_MS,
      maxRetries: OKTA_MAX_RETRIES,
      maxRetryDelayMs: OKTA_MAX_RETRY_DELAY_MS,
    },
    network: GatewayNetworkOptions = { allowLocal: false },
  ) {
    // requestTimeout 0: the SDK's overall budget is off; each attempt has its own timeout below and
    // 429 waits are bounded by maxRetryDelayMs.
    super({ maxRetries: options.maxRetries, requestTimeout: 0 });
    this.agents = createGuardedAgents(network, { keepAlive: true });
    this.maxResponseBytes = network.maxResponseBytes ?? MAX_API_RESPONSE_BYTES;
    this.budget = orgBudget(orgUrl);
  }

  /** The org's buckets as Okta last described them (shared by every gateway of the org). */
  get buckets(): Map<string, BucketState> {
    return this.budget.buckets as Map<string, BucketState>;
  }

  /**
   * The network rules on the node-fetch request: the guarded agent (replacing any agent the SDK set,
   * such as its HTTPS_PROXY agent: a proxy would resolve the host where the guard cannot see), no
   * redirects, and the body cap.
   */
  private guard(request: ExecRequest): void {
    request.agent = this.agents.forUrl;
    request.redirect = "manual";
    request.follow = 0;
    request.size = this.maxResponseBytes;
  }

  /** The staff member and ticket of the running action, appended to the SDK's User-Agent (./attribution.ts). */
  private attribute(request: ExecRequest): void {
    const attribution = currentOktaAttribution();
    if (!attribution) return;
    const headers = (request.headers ??= {});
    const key = Object.keys(headers).find((k) => k.toLowerCase() === "user-agent") ?? "User-Agent";
    const current = headers[key];
    const ua = withAttribution(typeof current === "string" ? current : undefined, attribution);
    if (ua) headers[key] = ua;
  }

  /** A redirect is refused; the body is read here, under the cap, so the SDK never sees a partial one. */
  private async checkedResponse(response: FetchResponse): Promise<FetchResponse> {
    if (isRedirectStatus(response.status)) throw redirectRefusal(response.status, response.headers.get("location"));
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) throw tooLargeRefusal(this.maxResponseBytes);
    let body: Buffer;
    try {
      body = await response.buffer();
    } catch (err) {
      if (isRecord(err) && err.name === "FetchError" && err.type === "max-size") throw tooLargeRefusal(this.maxResponseBytes);
      throw err;
    }
    // The same node-fetch Response class the SDK expects (json(), text(), headers.forEach...).
    const ResponseClass = response.constructor as new (body: Buffer, init: Record<string, unknown>) => FetchResponse;
    return new ResponseClass(body, { url: response.url, status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /** Interactive lane: how long to wait before sending to this bucket (0 = go). Reserves one call of the budget. */
  paceDelay(bucket: string, now = Date.now()): number {
    return this.budget.paceDelay(bucket, now, MAX_PACE_MS);
  }

  observe(bucket: string, response: FetchResponse, now = Date.now()): void {
    this.budget.observe(bucket, response, now);
  }

  /** One attempt on the wire: timeout, network guard, attribution. */
  private send(request: ExecRequest): Promise<FetchResponse> {
    if (!request.startTime) request.startTime = new Date();
    request.timeout = this.options.attemptTimeoutMs; // node-fetch v2: covers headers and body
    this.guard(request);
    this.attribute(request);
    return (RequestExecutor.prototype.fetch as (r: ExecRequest) => Promise<FetchResponse>).call(this, request);
  }

  // The SDK calls fetch() for every request (and again for each interactive 429 retry via retryRequest()).
  override fetch(request: ExecRequest): Promise<FetchResponse> {
    const lane = currentOktaLane();
    if ((lane?.lane ?? this.options.lane ?? "interactive") === "bulk") return this.fetchBulk(request, lane?.signal);
    return this.fetchInteractive(request);
  }

  /** Interactive: paced as before, first in line for a connection slot, 429s per the SDK (bounded). */
  private fetchInteractive(request: ExecRequest): Promise<FetchResponse> {
    const bucket = rateLimitBucket(this.orgUrl, request.method, request.url);
    const delay = this.paceDelay(bucket);
    const start = delay > 0 ? new Promise((r) => setTimeout(r, delay)) : Promise.resolve();
    return start
      .then(() => this.budget.acquire(bucket, "interactive"))
      .then(async (ticket) => {
        let response: FetchResponse | undefined;
        try {
          response = await this.send(request);
        } finally {
          this.budget.release(ticket, response);
        }
        recordOktaRequestId(response.headers.get("x-okta-request-id"));
        return this.checkedResponse(response);
      })
      .catch((err: unknown) => {
        throw this.translateError(err, request);
      })
      .then((response) => this.parseResponse(request as never, response as never) as Promise<FetchResponse>);
  }

  /**
   * Bulk: waits for a bulk slot and for the bucket to have more than its reserve left; a 429 is waited
   * out (X-Rate-Limit-Reset against the answer's Date) and sent again until it goes through or the job is
   * cancelled (then OktaRequestAbortedError; a request already sent is never cut off). Reads and
   * idempotent writes are also tried again after a 5xx, a timeout or a dropped connection, with backoff.
   */
  private async fetchBulk(request: ExecRequest, signal: AbortSignal | undefined): Promise<FetchResponse> {
    const bucket = rateLimitBucket(this.orgUrl, request.method, request.url);
    const retryable = retryableAfterFailure(request.method, pathOf(request.url).slice(pathOf(this.orgUrl).replace(/\/$/, "").length));
    let transientFailures = 0;
    let rateLimited = 0;
    let firstRequestId: string | null = null;
    for (let attempt = 0; ; attempt++) {
      const ticket = await this.budget.acquire(bucket, "bulk", signal);
      const current: ExecRequest =
        attempt === 0
          ? request
          : {
              ...request,
              headers: { ...request.headers, ...(firstRequestId ? { [this.retryForHeader]: firstRequestId } : {}), [this.retryCountHeader]: attempt },
            };
      let response: FetchResponse | undefined;
      try {
        response = await this.send(current);
      } catch (err) {
        this.budget.release(ticket);
        const translated = this.translateError(err, request);
        if (retryable && isTransientNetworkError(translated) && transientFailures < OKTA_BULK_TRANSIENT_RETRIES) {
          transientFailures++;
          await sleep(backoffMs(transientFailures), signal);
          continue;
        }
        throw translated;
      }
      this.budget.release(ticket, response);
      const requestId = response.headers.get("x-okta-request-id");
      recordOktaRequestId(requestId);
      firstRequestId ??= requestId;
      if (response.status === 429) {
        // Okta did not apply it: wait for the window and send it again (never surfaced for bulk work).
        rateLimited++;
        const wait = this.budget.exhausted(bucket, response);
        await drain(response);
        // Spread the waiters a little so a reset is not met by all of them in the same millisecond.
        await sleep(wait + Math.floor(Math.random() * Math.min(200, 20 * rateLimited)), signal);
        continue;
      }
      if (response.status >= 500 && retryable && transientFailures < OKTA_BULK_TRANSIENT_RETRIES) {
        transientFailures++;
        await drain(response);
        await sleep(backoffMs(transientFailures), signal);
        continue;
      }
      try {
        return await this.checkedResponse(response);
      } catch (err) {
        throw this.translateError(err, request);
      }
    }
  }

  private translateError(err: unknown, request: ExecRequest): unknown {
    if (!isRecord(err) || err.name !== "FetchError") return err;
    if (err.type === "request-timeout" || err.type === "body-timeout") {
      return new OktaTimeoutError(this.options.attemptTimeoutMs, pathOf(request.url));
    }
    // node-fetch wraps the guard's refusal as "request to <url> failed, reason: <sentence>", keeping
    // only its code: take the sentence back out.
    if (isOrgNetworkRefusalCode(err.code) && typeof err.message === "string") {
      const at = err.message.indexOf("reason: ");
      return new OrgNetworkRefusedError(err.code, at >= 0 ? err.message.slice(at + "reason: ".length) : "The console refused to connect to this org URL.");
    }
    return err;
  }

  override parseResponse(request: never, response: never) {
    const res = response as FetchResponse;
    if (res.status === 429 && this.validateRetryResponseHeaders(response)) {
      const delay = this.getRetryDelayMs(response);
      // A long wait is the caller's decision: hand back the 429 (-> "try again in N seconds").
      if (!Number.isFinite(delay) || delay > this.options.maxRetryDelayMs) return response;
    }
    return super.parseResponse(request, response);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function backoffMs(failures: number): number {
  const base = Math.min(8_000, BULK_BACKOFF_MS * 2 ** (failures - 1));
  return base / 2 + Math.floor(Math.random() * (base / 2));
}

async function drain(response: FetchResponse): Promise<void> {
  try {
    await response.buffer();
  } catch {
    // the body does not matter
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------------------------------------------
// Building gateways

export function normalizeGatewayOrgUrl(orgUrl: string): string {
  return orgUrl.trim().replace(/\/+$/, "");
}

export interface GatewayInput {
  tenantId: string;
  orgUrl: string;
  credential: OktaCredential;
  /**
   * ALLOW_LOCAL_ORG_URLS: whether the SDK may connect to loopback and private addresses (the local
   * emulator). Required, so every caller states it; metadata addresses are refused regardless.
   */
  allowLocalOrgUrls: boolean;
  /** Test hooks (timeouts); production uses the defaults. */
  executorOptions?: ConstructorParameters<typeof ConsoleRequestExecutor>[1];
  /** Test hooks (a resolver, a smaller body cap); production uses the system resolver and 10 MB. */
  networkOptions?: Omit<GatewayNetworkOptions, "allowLocal">;
  /**
   * "bulk": every request of this gateway runs in the budget's bulk lane (job items) unless
   * withOktaLane says otherwise, and me() is remembered for a minute (a job's items would otherwise
   * read the credential's own user once each). Default interactive.
   */
  lane?: OktaLane;
}

/**
 * A gateway from an explicit credential, uncached. For lib/tenants (test connection before saving)
 * and tests; everything else uses oktaGatewayFor(tenant).
 */
export function createOktaGateway(input: GatewayInput): OktaGateway {
  const orgUrl = normalizeGatewayOrgUrl(input.orgUrl);
  const credential = input.credential;
  const executorOptions = {
    ...(input.executorOptions ?? { attemptTimeoutMs: OKTA_REQUEST_TIMEOUT_MS, maxRetries: OKTA_MAX_RETRIES, maxRetryDelayMs: OKTA_MAX_RETRY_DELAY_MS }),
    ...(input.lane ? { lane: input.lane } : {}),
  };
  const requestExecutor = new ConsoleRequestExecutor(orgUrl, executorOptions, {
    ...input.networkOptions,
    allowLocal: input.allowLocalOrgUrls,
  });
  // Every config field is passed explicitly so nothing leaks in from OKTA_CLIENT_* environment
  // variables or an okta.yaml the SDK's config loader would otherwise read.
  const common = {
    orgUrl,
    requestExecutor,
    cacheMiddleware: null, // the console must see live data
    userAgent: "okta-msp-console",
  };
  const client =
    credential.type === "ssws"
      ? new Client({ ...common, authorizationMode: "SSWS", token: credential.token, clientId: "", scopes: [], privateKey: "", keyId: "" })
      : new Client({
          ...common,
          authorizationMode: "PrivateKey",
          token: "",
          clientId: credential.clientId,
          scopes: credential.scopes,
          privateKey: credential.privateKey,
          keyId: credential.keyId ?? "",
        });

  if (client.oauth) guardAccessToken(client.oauth);

  const readMe = async (): Promise<OktaUserSummary> => {
    const user = (await client.userApi.getUser({ userId: "me" })) as unknown as {
      id: string;
      status?: string;
      profile?: { login?: string; email?: string; firstName?: string | null; lastName?: string | null };
    };
    const p = user.profile ?? {};
    const name = [p.firstName, p.lastName].filter(Boolean).join(" ");
    return { id: user.id, status: user.status, login: p.login, email: p.email, displayName: name || p.login || user.id };
  };
  let meCache: { at: number; value: Promise<OktaUserSummary> } | null = null;
  const gateway: OktaGateway = {
    tenantId: input.tenantId,
    orgUrl,
    credentialType: credential.type,
    client,
    me() {
      if (input.lane !== "bulk") return readMe();
      const now = Date.now();
      if (meCache && now - meCache.at < 60_000) return meCache.value;
      const value = readMe();
      meCache = { at: now, value };
      value.catch(() => {
        if (meCache?.value === value) meCache = null;
      });
      return value;
    },
    async userRoles(userId: string) {
      const collection = await client.roleAssignmentApi.listAssignedRolesForUser({ userId });
      return collectRoles(collection);
    },
    async clientRoles() {
      if (credential.type !== "oauth") throw new Error("clientRoles() needs an OAuth credential");
      const collection = await client.roleAssignmentApi.listRolesForClient({ clientId: credential.clientId });
      return collectRoles(collection);
    },
    async ensureAccessToken() {
      if (!client.oauth) return { scopes: [] };
      const token = (await client.oauth.getAccessToken()) as unknown;
      const scope = isRecord(token) && typeof token.scope === "string" ? token.scope : "";
      return { scopes: scope.split(/\s+/).filter(Boolean) };
    },
  };
  // Keep the credential out of accidental serialisation (JSON.stringify(gateway), console.log).
  Object.defineProperty(gateway, "toJSON", { value: () => ({ tenantId: input.tenantId, orgUrl }), enumerable: false });
  return gateway;
}

/**
 * SDK 8.1.0's OAuth.getAccessToken() resolves with whatever JSON the token endpoint returned, errors
 * included, and caches it; every API call would then send "Bearer undefined". Check the answer.
 */
function guardAccessToken(oauth: NonNullable<Client["oauth"]>): void {
  const original = oauth.getAccessToken.bind(oauth) as (...args: unknown[]) => Promise<unknown>;
  const guarded = async (...args: unknown[]) => {
    const token = await original(...args);
    if (isRecord(token) && typeof token.access_token === "string" && token.access_token) return token;
    oauth.clearCachedAccessToken();
    const t = isRecord(token) ? token : {};
    const error = typeof t.error === "string" ? t.error : typeof t.errorCode === "string" ? t.errorCode : undefined;
    const description =
      typeof t.error_description === "string" ? t.error_description : typeof t.errorSummary === "string" ? t.errorSummary : undefined;
    throw new OktaOAuthTokenError(error, description);
  };
  (oauth as unknown as { getAccessToken: typeof guarded }).getAccessToken = guarded;
}

async function collectRoles(collection: AsyncIterable<unknown>): Promise<OktaRoleSummary[]> {
  const roles: OktaRoleSummary[] = [];
  for await (const item of collection) {
    if (!isRecord(item)) continue;
    roles.push({
      id: typeof item.id === "string" ? item.id : undefined,
      type: typeof item.type === "string" ? item.type : String(item.role ?? "CUSTOM"),
      label: typeof item.label === "string" ? item.label : undefined,
      status: typeof item.status === "string" ? item.status : undefined,
      assignmentType: typeof item.assignmentType === "string" ? item.assignmentType : undefined,
    });
  }
  return roles;
}

// ---------------------------------------------------------------------------------------------------
// Per-tenant cache

const globalCache = globalThis as unknown as { __oktaGateways?: Map<string, { version: string; gateway: OktaGateway }> };
const cache = (globalCache.__oktaGateways ??= new Map());

export class TenantUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TenantUnavailableError";
  }
}

interface TenantCredentialRow {
  id: string;
  orgUrl: string;
  credentialType: string;
  credentialCiphertext: string;
  oauthClientId: string | null;
  oauthScopes: string | null;
  archivedAt: Date | null;
}

async function readCredentialRow(tenantId: string, db?: Db): Promise<TenantCredentialRow | null> {
  const database = db ?? (await import("@/lib/db")).db();
  return database.tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, orgUrl: true, credentialType: true, credentialCiphertext: true, oauthClientId: true, oauthScopes: true, archivedAt: true },
  });
}

function credentialVersion(row: TenantCredentialRow): string {
  return createHash("sha256")
    .update([row.orgUrl, row.credentialType, row.oauthClientId ?? "", row.oauthScopes ?? "", row.credentialCiphertext].join("\u0000"))
    .digest("base64url");
}

/**
 * The gateway for one customer org. Reads the tenant's credential row itself (callers pass only the
 * id, so the ciphertext never travels through actions or pages; the action wrapper may hand over the
 * row it read in this request), decrypts it, and reuses the client while the credential version is
 * unchanged.
 */
export async function oktaGatewayFor(
  tenant: { id: string },
  options: {
    db?: Db;
    allowArchived?: boolean;
    /** Tests: keys instead of CREDENTIAL_KEYS. */
    keys?: readonly CredentialKey[];
    /** Tests: instead of ALLOW_LOCAL_ORG_URLS. */
    allowLocalOrgUrls?: boolean;
    /**
     * The tenant's row as the action wrapper read it from the database in this same request (its slug
     * lookup): used instead of reading it again. Only the wrapper passes it, never a page or a body.
     */
    row?: TenantCredentialRow;
    /** "bulk": the org's gateway for job items (the budget's bulk lane); cached beside the interactive one. */
    lane?: OktaLane;
  } = {},
): Promise<OktaGateway> {
  const allowLocalOrgUrls = options.allowLocalOrgUrls ?? (await import("@/lib/env")).env().ALLOW_LOCAL_ORG_URLS;
  const row = options.row?.id === tenant.id ? options.row : await readCredentialRow(tenant.id, options.db);
  if (!row) throw new TenantUnavailableError("This org does not exist.");
  if (row.archivedAt && !options.allowArchived) throw new TenantUnavailableError("This org is archived.");
  if (!row.credentialCiphertext) throw new TenantUnavailableError("This org has no credential yet.");

  // The network rule is part of the client: a gateway built under another setting is not reused.
  const version = `${credentialVersion(row)}:${allowLocalOrgUrls ? "local" : "public"}`;
  const lane: OktaLane = options.lane ?? "interactive";
  const cacheKey = lane === "bulk" ? `${row.id}\u0000bulk` : row.id;
  const hit = cache.get(cacheKey);
  if (hit && hit.version === version) return hit.gateway;

  // The envelope is bound to the org URL it was entered for: decrypting with the row's URL, and then
  // calling exactly that URL, means a changed URL column never receives the credential.
  const orgUrl = normalizeGatewayOrgUrl(row.orgUrl);
  const binding = { tenantId: row.id, orgUrl };
  let plaintext: string;
  try {
    plaintext = options.keys
      ? decryptWithKeys(options.keys, binding, row.credentialCiphertext)
      : decryptCredential(binding, row.credentialCiphertext);
  } catch (err) {
    if (!(err instanceof CredentialCryptoError)) throw err;
    throw new TenantUnavailableError(
      `This org's stored credential cannot be used. ${err.message} An Administrator must enter it again (Org settings › Replace credential).`,
    );
  }
  const credential = oktaCredentialSchema.parse(JSON.parse(plaintext));
  const gateway = createOktaGateway({ tenantId: row.id, orgUrl, credential, allowLocalOrgUrls, ...(lane === "bulk" ? { lane } : {}) });
  cache.set(cacheKey, { version, gateway });
  return gateway;
}

/** Drops a cached client at once (edit, rotation, archive). Other processes notice the new version. */
export function invalidateOktaGateway(tenantId: string): void {
  cache.delete(tenantId);
  cache.delete(`${tenantId}\u0000bulk`);
}
