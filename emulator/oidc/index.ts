/**
 * The emulator's OpenID Connect provider: one custom authorization server, `default`, per org
 * (issuer `${orgUrl}/oauth2/default`), with the authorization code flow (+PKCE), refresh tokens,
 * userinfo, JWKS and RP-initiated logout, and a hosted sign-in page that applies Okta's password
 * lockout and logs System Log events.
 *
 * Ephemeral protocol state (sign-in transactions, authorization codes, refresh tokens) lives in memory
 * beside the org and is not part of snapshots; sessions and the signing key live in the org state.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IdFactory } from "../ids.ts";
import type { OidcClientRecord, OrgState, SessionRecord, UserRecord } from "../model.ts";
import { actorFromUser, makeLogEvent, recordEvent, targetFromApp, targetFromUser, type EventParty } from "../events.ts";
import { atHash, ensureSigningKey, jwks, signJwt, verifyJwt } from "./keys.ts";
import { clientIp, cookie, parseCookies, readForm, redirect, sendHtml, sendJson } from "./http.ts";
import { errorPage, formPostPage, messagePage, signInPage } from "./pages.ts";
import { handleOrgAsRequest } from "./org-as.ts";
import { customClaimNames, customClaims, supportedScopes } from "./claims.ts";
import { revokedSince } from "../oauth-revocation.ts";

export interface OidcContext {
  org: OrgState;
  orgUrl: string;
  /** The path after the org prefix, e.g. "/oauth2/default/v1/token". */
  path: string;
  url: URL;
  req: IncomingMessage;
  res: ServerResponse;
  ids: IdFactory;
  requestId: string;
}

// ---- policy constants (Okta defaults) ----------------------------------------------------------
/** Okta's default password policy locks an account after 10 consecutive failed sign-ins. */
export const LOCKOUT_THRESHOLD = 10;
/** Authorization codes are valid for 60 seconds and single use (Okta). */
const CODE_TTL_MS = 60_000;
const ACCESS_TOKEN_TTL_SEC = 3600;
const ID_TOKEN_TTL_SEC = 3600;
/** Okta's default refresh token lifetime is unlimited-until-unused-for-7-days; the emulator uses 90 days flat. */
const REFRESH_TOKEN_TTL_MS = 90 * 24 * 3600_000;
/** How long a sign-in page stays usable. */
const TRANSACTION_TTL_MS = 15 * 60_000;
/** Okta's default global session policy: 2 hours. The emulator applies it as a maximum lifetime. */
const SESSION_TTL_MS = 2 * 3600_000;

const AUTH_SERVER_ID = "default";
const AUDIENCE = "api://default";
const SIGN_IN_STATUSES = new Set<UserRecord["status"]>([
  "ACTIVE",
  // Okta would make a PASSWORD_EXPIRED user change the password before continuing; the emulator
  // lets them through so demos don't stall on a password-change screen.
  "PASSWORD_EXPIRED",
]);

// ---- in-memory protocol state ----------------------------------------------------------------
interface AuthRequest {
  clientId: string;
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  scopes: string[];
  state: string;
  nonce?: string;
  codeChallenge?: string;
}
interface Transaction {
  id: string;
  browserId: string;
  request: AuthRequest;
  expiresAt: number;
}
interface CodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  sessionId: string;
  expiresAt: number;
  used: boolean;
  refreshToken?: string;
}
interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  sessionId: string;
  expiresAt: number;
  /** When this token was issued (ms); user-wide revocations (emulator/oauth-revocation.ts) refuse older ones. */
  issuedAt: number;
  /** Every token rotated from one authorization shares the family of the first (reuse detection). */
  family: string;
  /** ROTATE: when this token was exchanged for its successor (it stays usable for the client's leeway). */
  rotatedAt?: number;
}
interface Runtime {
  transactions: Map<string, Transaction>;
  codes: Map<string, CodeGrant>;
  refreshTokens: Map<string, RefreshGrant>;
  /** id token jti -> session id, so logout with an id_token_hint can end the right session. */
  idTokenSessions: Map<string, string>;
}
const runtimes = new WeakMap<OrgState, Runtime>();
function runtimeOf(org: OrgState): Runtime {
  let r = runtimes.get(org);
  if (!r) {
    r = { transactions: new Map(), codes: new Map(), refreshTokens: new Map(), idTokenSessions: new Map() };
    runtimes.set(org, r);
  }
  return r;
}
function sweep(rt: Runtime, now: number): void {
  for (const [k, t] of rt.transactions) if (t.expiresAt < now) rt.transactions.delete(k);
  for (const [k, c] of rt.codes) if (c.expiresAt + CODE_TTL_MS < now) rt.codes.delete(k);
  if (rt.idTokenSessions.size > 10_000) rt.idTokenSessions.clear();
}

/** Unguessable opaque values (not the seeded id factory, which may be deterministic). */
function secret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
const B62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function randomOktaId(prefix: string): string {
  const bytes = randomBytes(20 - prefix.length);
  let out = prefix;
  for (const b of bytes) out += B62[b % 62];
  return out;
}

/** A stable Okta-looking org id ("00o...") derived from the slug; used as the `idp` claim. */
export function orgIdOf(org: OrgState): string {
  const digest = createHash("sha256").update(`org:${org.slug}`).digest();
  let out = "00o";
  for (let i = 0; i < 17; i++) out += B62[digest[i]! % 62];
  return out;
}

// ---- helpers ---------------------------------------------------------------------------------
function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function orgPath(orgUrl: string): string {
  const p = new URL(orgUrl).pathname.replace(/\/$/, "");
  return `${p}/`;
}

export function redirectUriAllowed(uri: string, exact: string[], patterns: string[] | undefined): boolean {
  if (exact.includes(uri)) return true;
  for (const pattern of patterns ?? []) {
    const [before, after] = pattern.split("{port}");
    if (after === undefined || before === undefined) continue;
    if (uri.startsWith(before) && uri.endsWith(after)) {
      const port = uri.slice(before.length, uri.length - after.length);
      if (/^[0-9]{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536) return true;
    }
  }
  return false;
}

function findClient(org: OrgState, clientId: string | null): OidcClientRecord | undefined {
  if (!clientId) return undefined;
  return org.oidcClients.find((c) => c.clientId === clientId);
}

function findUserByLogin(org: OrgState, login: string): UserRecord | undefined {
  const wanted = login.trim().toLowerCase();
  if (!wanted) return undefined;
  for (const u of org.users.values()) if (u.profile.login.toLowerCase() === wanted) return u;
  return undefined;
}

function findSession(org: OrgState, sessionId: string | undefined): SessionRecord | undefined {
  if (!sessionId) return undefined;
  for (const list of org.sessions.values()) {
    const s = list.find((x) => x.id === sessionId);
    if (s) return s;
  }
  return undefined;
}

function sessionAlive(s: SessionRecord): boolean {
  return Date.parse(s.created) + SESSION_TTL_MS > Date.now();
}

function endSession(org: OrgState, sessionId: string): SessionRecord | undefined {
  for (const [userId, list] of org.sessions) {
    const i = list.findIndex((x) => x.id === sessionId);
    if (i >= 0) {
      const [s] = list.splice(i, 1);
      if (list.length === 0) org.sessions.delete(userId);
      return s;
    }
  }
  return undefined;
}

function isAssigned(org: OrgState, client: OidcClientRecord, userId: string): boolean {
  if (!client.appId) return true;
  return org.appUsers.get(client.appId)?.has(userId) ?? false;
}

function appParty(org: OrgState, client: OidcClientRecord): EventParty {
  const app = client.appId ? org.apps.get(client.appId) : undefined;
  if (app) return targetFromApp(app);
  return { id: client.clientId, type: "AppInstance", alternateId: client.name, displayName: client.name };
}

function displayName(u: UserRecord): string {
  return [u.profile.firstName, u.profile.lastName].filter(Boolean).join(" ") || u.profile.login;
}

// ---- entry point -----------------------------------------------------------------------------
export async function handleOidcRequest(ctx: OidcContext): Promise<boolean> {
  const { path } = ctx;
  if (!path.startsWith("/oauth2/") && !path.startsWith("/login/")) return false;
  const method = (ctx.req.method ?? "GET").toUpperCase();
  ctx.res.setHeader("X-Okta-Request-Id", ctx.requestId);
  sweep(runtimeOf(ctx.org), Date.now());

  if (path === "/login/signin") {
    if (method !== "POST") return notFound(ctx), true;
    await handleSignIn(ctx);
    return true;
  }

  // The org authorization server: service-app tokens for the Okta API (emulator/oidc/org-as.ts).
  if (path.startsWith("/oauth2/v1/") && (await handleOrgAsRequest(ctx))) return true;

  const prefix = `/oauth2/${AUTH_SERVER_ID}`;
  if (!path.startsWith(`${prefix}/`)) {
    // Other authorization servers, and the org authorization server's other endpoints, are not emulated.
    const m = /^\/oauth2\/([^/]+)/.exec(path);
    const asId = m && m[1] !== "v1" ? m[1] : "org";
    notFound(ctx, `Not found: Resource not found: ${asId} (AuthorizationServer)`);
    return true;
  }
  const sub = path.slice(prefix.length);
  switch (sub) {
    case "/.well-known/openid-configuration":
    case "/.well-known/oauth-authorization-server":
      if (method !== "GET") return methodNotAllowed(ctx), true;
      sendJson(ctx.res, 200, discovery(ctx.org, ctx.orgUrl, sub.endsWith("oauth-authorization-server")));
      return true;
    case "/v1/keys":
      if (method !== "GET") return methodNotAllowed(ctx), true;
      sendJson(ctx.res, 200, jwks(ctx.org), { "Cache-Control": "max-age=3600, must-revalidate" });
      return true;
    case "/v1/authorize":
      if (method === "GET") await handleAuthorize(ctx, ctx.url.searchParams);
      else if (method === "POST") await handleAuthorize(ctx, await readForm(ctx.req));
      else methodNotAllowed(ctx);
      return true;
    case "/v1/token":
      if (method !== "POST") return methodNotAllowed(ctx), true;
      await handleToken(ctx);
      return true;
    case "/v1/userinfo":
      if (method !== "GET" && method !== "POST") return methodNotAllowed(ctx), true;
      handleUserinfo(ctx);
      return true;
    case "/v1/logout":
      if (method === "GET") handleLogout(ctx, ctx.url.searchParams);
      else if (method === "POST") handleLogout(ctx, await readForm(ctx.req));
      else methodNotAllowed(ctx);
      return true;
    case "/v1/revoke":
      if (method !== "POST") return methodNotAllowed(ctx), true;
      await handleRevoke(ctx);
      return true;
    default:
      notFound(ctx);
      return true;
  }
}

function issuerOf(orgUrl: string): string {
  return `${orgUrl}/oauth2/${AUTH_SERVER_ID}`;
}

function notFound(ctx: OidcContext, summary = `Not found: Resource not found: ${ctx.path} (GenericResource)`): void {
  sendJson(ctx.res, 404, { errorCode: "E0000007", errorSummary: summary, errorLink: "E0000007", errorId: ctx.requestId, errorCauses: [] });
}

function methodNotAllowed(ctx: OidcContext): void {
  sendJson(ctx.res, 405, {
    errorCode: "E0000022",
    errorSummary: "The endpoint does not support the provided HTTP method",
    errorLink: "E0000022",
    errorId: ctx.requestId,
    errorCauses: [],
  });
}

function oauthError(ctx: OidcContext, status: number, error: string, description: string, headers: Record<string, string> = {}): void {
  sendJson(ctx.res, status, { error, error_description: description }, headers);
}

/** The discovery document, with the org's custom scopes and claims. */
export function discovery(org: OrgState, orgUrl: string, oauthFlavour = false): Record<string, unknown> {
  const issuer = issuerOf(orgUrl);
  const authMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt"];
  const doc: Record<string, unknown> = {
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    userinfo_endpoint: `${issuer}/v1/userinfo`,
    registration_endpoint: `${orgUrl}/oauth2/v1/clients`,
    jwks_uri: `${issuer}/v1/keys`,
    response_types_supported: ["code"],
    response_modes_supported: ["query", "fragment", "form_post"],
    grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: supportedScopes(org),
    token_endpoint_auth_methods_supported: authMethods,
    claims_supported: [
      "iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce", "name", "nickname",
      "preferred_username", "given_name", "middle_name", "family_name", "email", "email_verified", "profile",
      "zoneinfo", "locale", "address", "phone_number", "picture", "website", "gender", "birthdate", "updated_at",
      "at_hash", "c_hash",
      ...customClaimNames(org),
    ],
    code_challenge_methods_supported: ["S256"],
    revocation_endpoint: `${issuer}/v1/revoke`,
    revocation_endpoint_auth_methods_supported: authMethods,
    end_session_endpoint: `${issuer}/v1/logout`,
    request_parameter_supported: false,
  };
  if (oauthFlavour) delete doc.userinfo_endpoint;
  return doc;
}

// ---- /authorize ------------------------------------------------------------------------------
function showError(ctx: OidcContext, status: number, summary: string, detail: string): void {
  sendHtml(ctx.res, status, errorPage({ orgName: ctx.org.name, summary, detail }));
}

function redirectWith(ctx: OidcContext, request: Pick<AuthRequest, "redirectUri" | "responseMode">, params: Record<string, string | undefined>, cookies?: string[]): void {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = v;
  if (request.responseMode === "form_post") {
    sendHtml(ctx.res, 200, formPostPage(request.redirectUri, clean), cookies);
    return;
  }
  const target = new URL(request.redirectUri);
  if (request.responseMode === "fragment") {
    target.hash = new URLSearchParams(clean).toString();
  } else {
    for (const [k, v] of Object.entries(clean)) target.searchParams.set(k, v);
  }
  redirect(ctx.res, target.toString(), cookies);
}

async function handleAuthorize(ctx: OidcContext, params: URLSearchParams): Promise<void> {
  const { org } = ctx;
  const clientId = params.get("client_id");
  const client = findClient(org, clientId);
  // Errors about the client or the redirect URI are shown on Okta's error page: redirecting to an
  // unverified URI would make the authorization server an open redirector.
  if (!client) {
    showError(ctx, 400, "400 Bad Request", "Invalid value for 'client_id' parameter.");
    return;
  }
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!redirectUri || !redirectUriAllowed(redirectUri, client.redirectUris, client.redirectUriPatterns)) {
    showError(
      ctx,
      400,
      "400 Bad Request",
      "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
    );
    return;
  }
  const modeParam = params.get("response_mode") ?? "query";
  const state = params.get("state") ?? undefined;
  const responseMode: AuthRequest["responseMode"] = modeParam === "fragment" || modeParam === "form_post" ? modeParam : "query";
  const fail = (error: string, description: string) => redirectWith(ctx, { redirectUri, responseMode }, { error, error_description: description, state });
  if (!["query", "fragment", "form_post"].includes(modeParam)) {
    fail("unsupported_response_mode", `The response mode '${modeParam}' is not supported by the authorization server.`);
    return;
  }
  const responseType = params.get("response_type");
  if (!responseType) return fail("invalid_request", "The 'response_type' parameter is required.");
  if (responseType !== "code") return fail("unsupported_response_type", `The response type '${responseType}' is not supported by the authorization server.`);
  const scopeParam = (params.get("scope") ?? "").trim();
  if (!scopeParam) return fail("invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  const scopes = [...new Set(scopeParam.split(/\s+/))];
  // Only the built-in OIDC scopes and the ones an admin created on the authorization server (not `groups`
  // unless created): anything else is refused, with a redirect since client and redirect URI are verified.
  const known = supportedScopes(org);
  const unknown = scopes.filter((s) => !known.includes(s));
  if (unknown.length > 0) return fail("invalid_scope", `One or more scopes are not configured for the authorization server resource: ${unknown.join(", ")}`);
  // Okta allows pure OAuth requests without `openid`; the emulator serves sign-in only, so it needs it.
  if (!scopes.includes("openid")) return fail("invalid_scope", "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.");
  if (!state) return fail("invalid_request", "The 'state' parameter is required.");
  const codeChallenge = params.get("code_challenge") ?? undefined;
  const method = params.get("code_challenge_method") ?? undefined;
  if (method !== undefined && method !== "S256") return fail("invalid_request", "The 'code_challenge_method' parameter is invalid. Only 'S256' is supported.");
  if (codeChallenge !== undefined) {
    if (method === undefined) return fail("invalid_request", "PKCE code challenge method is required when the 'code_challenge' parameter is specified.");
    if (!/^[A-Za-z0-9_-]{43,128}$/.test(codeChallenge)) return fail("invalid_request", "The 'code_challenge' parameter is invalid.");
  } else if (method !== undefined) {
    return fail("invalid_request", "The 'code_challenge' parameter is required when 'code_challenge_method' is specified.");
  }
  const request: AuthRequest = {
    clientId: client.clientId,
    redirectUri,
    responseMode,
    scopes,
    state,
    nonce: params.get("nonce") ?? undefined,
    codeChallenge,
  };

  const prompt = (params.get("prompt") ?? "").split(/\s+/).filter(Boolean);
  const cookies = parseCookies(ctx.req);
  const existing = findSession(org, cookies.sid);
  if (existing && sessionAlive(existing) && !prompt.includes("login")) {
    const user = org.users.get(existing.userId);
    if (user && SIGN_IN_STATUSES.has(user.status)) {
      completeAuthorization(ctx, client, request, user, existing);
      return;
    }
  }
  if (prompt.includes("none")) return fail("login_required", "The client specified not to prompt, but the user is not logged in.");

  const rt = runtimeOf(org);
  const browserId = cookies.emu_bid && /^[A-Za-z0-9_-]{20,}$/.test(cookies.emu_bid) ? cookies.emu_bid : secret(24);
  const tx: Transaction = { id: secret(32), browserId, request, expiresAt: Date.now() + TRANSACTION_TTL_MS };
  rt.transactions.set(tx.id, tx);
  sendHtml(
    ctx.res,
    200,
    signInPage({ orgName: org.name, action: `${ctx.orgUrl}/login/signin`, tx: tx.id, username: params.get("login_hint") ?? undefined, appName: client.name }),
    [cookie("emu_bid", browserId, orgPath(ctx.orgUrl))],
  );
}

function completeAuthorization(ctx: OidcContext, client: OidcClientRecord, request: AuthRequest, user: UserRecord, session: SessionRecord, cookies?: string[]): void {
  const { org } = ctx;
  if (!isAssigned(org, client, user.id)) {
    redirectWith(ctx, request, { error: "access_denied", error_description: "User is not assigned to the client application.", state: request.state }, cookies);
    return;
  }
  const event = (eventType: string, displayMessage: string) =>
    recordEvent(
      org,
      makeLogEvent({
        org,
        ids: ctx.ids,
        eventType,
        displayMessage,
        actor: actorFromUser(user),
        targets: [appParty(org, client)],
        requestId: ctx.requestId,
        userAgent: String(ctx.req.headers["user-agent"] ?? ""),
        ipAddress: clientIp(ctx.req),
      }),
    );
  event("user.authentication.sso", "User single sign on to app");
  const code = secret(32);
  runtimeOf(org).codes.set(code, {
    clientId: client.clientId,
    redirectUri: request.redirectUri,
    userId: user.id,
    scopes: request.scopes,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    authTime: Math.floor(Date.parse(session.created) / 1000),
    sessionId: session.id,
    expiresAt: Date.now() + CODE_TTL_MS,
    used: false,
  });
  redirectWith(ctx, request, { code, state: request.state }, cookies);
}

// ---- sign-in form ----------------------------------------------------------------------------
async function handleSignIn(ctx: OidcContext): Promise<void> {
  const { org } = ctx;
  const form = await readForm(ctx.req);
  const rt = runtimeOf(org);
  const tx = rt.transactions.get(form.get("tx") ?? "");
  const cookies = parseCookies(ctx.req);
  // The transaction id is unguessable and bound to this browser's cookie (login CSRF protection).
  if (!tx || tx.expiresAt < Date.now() || !cookies.emu_bid || cookies.emu_bid !== tx.browserId) {
    showError(ctx, 403, "Your sign-in session has expired", "Return to the application and sign in again.");
    return;
  }
  const client = findClient(org, tx.request.clientId);
  if (!client) {
    rt.transactions.delete(tx.id);
    showError(ctx, 400, "400 Bad Request", "Invalid value for 'client_id' parameter.");
    return;
  }
  const username = (form.get("username") ?? "").trim();
  const password = form.get("password") ?? "";
  const ua = String(ctx.req.headers["user-agent"] ?? "");
  const ip = clientIp(ctx.req);
  const log = (eventType: string, displayMessage: string, actor: EventParty, result: "SUCCESS" | "FAILURE", reason: string | null, targets?: EventParty[]) =>
    recordEvent(
      org,
      makeLogEvent({
        org,
        ids: ctx.ids,
        eventType,
        displayMessage,
        actor,
        targets,
        outcome: { result, reason },
        severity: result === "FAILURE" ? "WARN" : "INFO",
        requestId: ctx.requestId,
        userAgent: ua,
        ipAddress: ip,
      }),
    );
  const again = (error: string) =>
    sendHtml(ctx.res, 401, signInPage({ orgName: org.name, action: `${ctx.orgUrl}/login/signin`, tx: tx.id, username, error, appName: client.name }));

  const user = findUserByLogin(org, username);
  if (!user) {
    // Okta logs unknown usernames with an "unknown" actor; the reason it uses is not documented.
    log("user.session.start", "User login to Okta", { id: "unknown", type: "User", alternateId: username || "unknown", displayName: "unknown" }, "FAILURE", "VERIFICATION_ERROR");
    again("Unable to sign in");
    return;
  }
  if (user.status === "LOCKED_OUT") {
    log("user.session.start", "User login to Okta", actorFromUser(user), "FAILURE", "LOCKED_OUT");
    again("Your account is locked. Please contact your administrator.");
    return;
  }
  if (!SIGN_IN_STATUSES.has(user.status)) {
    // STAGED/PROVISIONED/RECOVERY (no usable password yet), SUSPENDED and DEPROVISIONED users cannot
    // sign in; Okta shows the same generic message as for a wrong password. Reason chosen by us.
    log("user.session.start", "User login to Okta", actorFromUser(user), "FAILURE", "INVALID_CREDENTIALS");
    again("Unable to sign in");
    return;
  }
  // A counter at the threshold on a user who is not LOCKED_OUT means an admin unlocked them since;
  // Okta's unlock resets the count, so start over (the API's unlock does not touch this field).
  if ((user.failedSignIns ?? 0) >= LOCKOUT_THRESHOLD) user.failedSignIns = 0;
  const expected = user.credentials.password?.value;
  if (!expected || !safeEqual(expected, password)) {
    user.failedSignIns = (user.failedSignIns ?? 0) + 1;
    log("user.session.start", "User login to Okta", actorFromUser(user), "FAILURE", "INVALID_CREDENTIALS");
    if (user.failedSignIns >= LOCKOUT_THRESHOLD) {
      const now = new Date().toISOString();
      user.status = "LOCKED_OUT";
      user.statusChanged = now;
      user.lastUpdated = now;
      log("user.account.lock", "Max sign in attempts exceeded", actorFromUser(user), "FAILURE", "LOCKED_OUT", [targetFromUser(user)]);
      again("Your account is locked. Please contact your administrator.");
      return;
    }
    again("Unable to sign in");
    return;
  }

  rt.transactions.delete(tx.id);
  user.failedSignIns = 0;
  const now = new Date();
  const session: SessionRecord = { id: randomOktaId("102"), userId: user.id, created: now.toISOString() };
  const list = org.sessions.get(user.id) ?? [];
  list.push(session);
  org.sessions.set(user.id, list);
  user.lastLogin = now.toISOString();
  log("user.session.start", "User login to Okta", actorFromUser(user), "SUCCESS", null);
  completeAuthorization(ctx, client, tx.request, user, session, [cookie("sid", session.id, orgPath(ctx.orgUrl))]);
}

function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

// ---- /token ----------------------------------------------------------------------------------
type ClientAuth = { ok: true; client: OidcClientRecord } | { ok: false; status: number; error: string; description: string };

function authenticateClient(ctx: OidcContext, form: URLSearchParams): ClientAuth {
  const header = String(ctx.req.headers.authorization ?? "");
  let basic: { id: string; secret: string } | undefined;
  if (/^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    if (i < 0) return { ok: false, status: 401, error: "invalid_client", description: "Client authentication failed. Either the client or the client credentials are invalid." };
    try {
      basic = { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
    } catch {
      return { ok: false, status: 401, error: "invalid_client", description: "Client authentication failed. Either the client or the client credentials are invalid." };
    }
  }
  const postSecret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  const kinds = [basic, postSecret, assertion].filter((x) => x !== undefined && x !== null).length;
  if (kinds > 1) {
    return {
      ok: false,
      status: 400,
      error: "invalid_request",
      description: "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
    };
  }
  if (assertion) {
    // private_key_jwt is advertised (Okta supports it), but the emulator's private_key_jwt clients are
    // service apps, which get Okta API tokens from the org authorization server (org-as.ts), not here.
    return { ok: false, status: 401, error: "invalid_client", description: "The client_assertion token is invalid." };
  }
  const clientId = basic?.id ?? form.get("client_id");
  const presented = basic?.secret ?? postSecret;
  if (!clientId) return { ok: false, status: 401, error: "invalid_client", description: "No client credentials found." };
  const client = findClient(ctx.org, clientId);
  if (!client) return { ok: false, status: 401, error: "invalid_client", description: "Invalid value for 'client_id' parameter." };
  if (basic && form.get("client_id") && form.get("client_id") !== basic.id) {
    return { ok: false, status: 400, error: "invalid_request", description: "The 'client_id' parameter does not match the authenticated client." };
  }
  if (presented === null || presented === undefined) return { ok: false, status: 401, error: "invalid_client", description: "No client credentials found." };
  // A private_key_jwt client has no secret: nothing presented can match it.
  if (client.tokenEndpointAuthMethod === "private_key_jwt" || !client.clientSecret || !safeEqual(client.clientSecret, presented)) {
    return { ok: false, status: 401, error: "invalid_client", description: "The client secret supplied for a confidential client is invalid." };
  }
  return { ok: true, client };
}

function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = createHash("sha256").update(verifier).digest("base64url");
  return computed.length === challenge.length && timingSafeEqual(Buffer.from(computed), Buffer.from(challenge));
}

async function handleToken(ctx: OidcContext): Promise<void> {
  const type = String(ctx.req.headers["content-type"] ?? "");
  const form = await readForm(ctx.req);
  if (!type.includes("application/x-www-form-urlencoded")) {
    return oauthError(ctx, 400, "invalid_request", "The request must be sent with Content-Type 'application/x-www-form-urlencoded'.");
  }
  const auth = authenticateClient(ctx, form);
  if (!auth.ok) {
    const headers: Record<string, string> = auth.status === 401 ? { "WWW-Authenticate": 'Basic realm="okta"' } : {};
    return oauthError(ctx, auth.status, auth.error, auth.description, headers);
  }
  const { client } = auth;
  const grantType = form.get("grant_type");
  const rt = runtimeOf(ctx.org);
  if (!grantType) return oauthError(ctx, 400, "invalid_request", "The 'grant_type' parameter is required.");

  if (grantType === "authorization_code") {
    const code = form.get("code");
    if (!code) return oauthError(ctx, 400, "invalid_request", "The 'code' parameter is required.");
    const grant = rt.codes.get(code);
    if (!grant || grant.expiresAt < Date.now()) return oauthError(ctx, 400, "invalid_grant", "The authorization code is invalid or has expired.");
    if (grant.used) {
      // RFC 6749 4.1.2: a replayed code revokes what it issued.
      if (grant.refreshToken) rt.refreshTokens.delete(grant.refreshToken);
      return oauthError(ctx, 400, "invalid_grant", "The authorization code is invalid or has expired.");
    }
    // Any redemption attempt consumes the code, successful or not (Okta's exact behaviour here is not documented).
    grant.used = true;
    if (grant.clientId !== client.clientId) {
      return oauthError(ctx, 400, "invalid_grant", "The grant was issued to another client. Please make sure the 'client_id' matches the one used at the authorize request.");
    }
    if ((form.get("redirect_uri") ?? "") !== grant.redirectUri) {
      return oauthError(ctx, 400, "invalid_grant", "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
    }
    const verifier = form.get("code_verifier");
    if (grant.codeChallenge) {
      if (!verifier || !pkceMatches(verifier, grant.codeChallenge)) return oauthError(ctx, 400, "invalid_grant", "PKCE verification failed.");
    } else if (verifier) {
      return oauthError(ctx, 400, "invalid_grant", "PKCE verification failed.");
    }
    const user = ctx.org.users.get(grant.userId);
    if (!user || !SIGN_IN_STATUSES.has(user.status)) return oauthError(ctx, 400, "invalid_grant", "The authorization code is invalid or has expired.");
    let refreshToken: string | undefined;
    if (grant.scopes.includes("offline_access")) {
      refreshToken = secret(32);
      grant.refreshToken = refreshToken;
      rt.refreshTokens.set(refreshToken, {
        clientId: client.clientId,
        userId: user.id,
        scopes: grant.scopes,
        authTime: grant.authTime,
        sessionId: grant.sessionId,
        expiresAt: Date.now() + REFRESH_TOKEN_TTL_MS,
        issuedAt: Date.now(),
        family: refreshToken,
      });
    }
    return issueTokens(ctx, client, user, grant.scopes, grant.authTime, grant.sessionId, grant.nonce, refreshToken);
  }

  if (grantType === "refresh_token") {
    const token = form.get("refresh_token");
    if (!token) return oauthError(ctx, 400, "invalid_request", "The 'refresh_token' parameter is required.");
    // Okta answers every unusable refresh token alike (support article "Okta Refresh Token Invalid or
    // Expired Error"): expired, revoked, rotated out, or issued to a user who can no longer sign in.
    const invalid = () => oauthError(ctx, 400, "invalid_grant", "The refresh token is invalid or expired.");
    const grant = rt.refreshTokens.get(token);
    if (!grant || grant.expiresAt < Date.now()) return invalid();
    if (grant.clientId !== client.clientId) return invalid();
    const user = ctx.org.users.get(grant.userId);
    // Deactivating or suspending a user revokes their tokens for good (emulator/oauth-revocation.ts); a
    // status that cannot sign in, or an unassignment from the app (guess: Okta evaluates the assignment
    // at refresh), refuses the token here too.
    const revoked = user ? revokedSince(ctx.org, user.id, grant.issuedAt) : true;
    if (!user || revoked || !SIGN_IN_STATUSES.has(user.status) || !isAssigned(ctx.org, client, user.id)) {
      rt.refreshTokens.delete(token);
      return invalid();
    }
    const rotation = client.refreshToken ?? { rotationType: "STATIC", leeway: 30 };
    if (grant.rotatedAt !== undefined && Date.now() - grant.rotatedAt > rotation.leeway * 1000) {
      // Okta's reuse detection: a rotated-out token used after the grace period invalidates the most
      // recently issued refresh token of the family (and, in Okta, its access tokens).
      for (const [k, g] of rt.refreshTokens) if (g.family === grant.family) rt.refreshTokens.delete(k);
      recordEvent(
        ctx.org,
        makeLogEvent({
          org: ctx.org,
          ids: ctx.ids,
          eventType: "app.oauth2.as.token.detect_reuse",
          displayMessage: "Detect OAuth2 refresh token reuse",
          actor: actorFromUser(user),
          targets: [appParty(ctx.org, client)],
          outcome: { result: "FAILURE", reason: "invalid_refresh_token" },
          requestId: ctx.requestId,
          userAgent: String(ctx.req.headers["user-agent"] ?? ""),
          ipAddress: clientIp(ctx.req),
        }),
      );
      return invalid();
    }
    let scopes = grant.scopes;
    const requested = form.get("scope");
    if (requested) {
      const wanted = requested.trim().split(/\s+/);
      if (wanted.some((s) => !grant.scopes.includes(s))) return oauthError(ctx, 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
      scopes = wanted;
    }
    let next = token;
    if (rotation.rotationType === "ROTATE") {
      next = secret(32);
      grant.rotatedAt ??= Date.now();
      rt.refreshTokens.set(next, { ...grant, expiresAt: Date.now() + REFRESH_TOKEN_TTL_MS, issuedAt: Date.now(), rotatedAt: undefined });
    }
    // The new ID token carries the claims as they are now (e.g. the current groups).
    return issueTokens(ctx, client, user, scopes, grant.authTime, grant.sessionId, undefined, next);
  }

  if (grantType === "client_credentials") {
    return oauthError(ctx, 400, "unauthorized_client", "The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].");
  }
  return oauthError(ctx, 400, "unsupported_grant_type", `The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code, refresh_token].`);
}

function issueTokens(
  ctx: OidcContext,
  client: OidcClientRecord,
  user: UserRecord,
  scopes: string[],
  authTime: number,
  sessionId: string,
  nonce: string | undefined,
  refreshToken: string | undefined,
): void {
  const { org } = ctx;
  const issuer = issuerOf(ctx.orgUrl);
  const iat = nowSec();
  ensureSigningKey(org);
  const accessToken = signJwt(org, {
    ver: 1,
    jti: `AT.${secret(24)}`,
    iss: issuer,
    aud: AUDIENCE,
    iat,
    exp: iat + ACCESS_TOKEN_TTL_SEC,
    cid: client.clientId,
    uid: user.id,
    scp: scopes,
    auth_time: authTime,
    // Okta puts the login in an access token's `sub` (the user id is `uid`).
    sub: user.profile.login,
    ...withoutReserved(customClaims(org, user.id, scopes, "access_token"), ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "auth_time", "sub"]),
  });
  const body: Record<string, unknown> = { token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SEC, access_token: accessToken, scope: scopes.join(" ") };
  if (refreshToken) body.refresh_token = refreshToken;
  if (scopes.includes("openid")) {
    const jti = `ID.${secret(24)}`;
    const claims: Record<string, unknown> = { sub: user.id };
    if (scopes.includes("profile")) claims.name = displayName(user);
    if (scopes.includes("email")) {
      claims.email = user.profile.email;
      // Okta's ID tokens carry email_verified with the email scope. Emulator users have no unverified
      // primary email state, so it is true, as at /userinfo.
      claims.email_verified = true;
    }
    Object.assign(claims, { ver: 1, iss: issuer, aud: client.clientId, iat, exp: iat + ID_TOKEN_TTL_SEC, jti, amr: ["pwd"], idp: orgIdOf(org) });
    if (nonce !== undefined) claims.nonce = nonce;
    if (scopes.includes("profile")) claims.preferred_username = user.profile.login;
    claims.auth_time = authTime;
    claims.at_hash = atHash(accessToken);
    // Custom claims configured on the authorization server (e.g. a groups claim "Starts with: Console",
    // included "Always"); nothing is added for a scope by its name alone.
    Object.assign(claims, withoutReserved(customClaims(org, user.id, scopes, "id_token"), Object.keys(claims)));
    body.id_token = signJwt(org, claims);
    const rt = runtimeOf(org);
    rt.idTokenSessions.set(jti, sessionId);
  }
  const actor = actorFromUser(user);
  const grantEvent = (eventType: string, displayMessage: string) =>
    recordEvent(
      org,
      makeLogEvent({
        org,
        ids: ctx.ids,
        eventType,
        displayMessage,
        actor,
        targets: [appParty(org, client)],
        requestId: ctx.requestId,
        userAgent: String(ctx.req.headers["user-agent"] ?? ""),
        ipAddress: clientIp(ctx.req),
      }),
    );
  grantEvent("app.oauth2.as.token.grant.access_token", "OAuth2 access token is granted");
  if (body.id_token) grantEvent("app.oauth2.as.token.grant.id_token", "OAuth2 id token is granted");
  sendJson(ctx.res, 200, body);
}

// ---- /userinfo -------------------------------------------------------------------------------
function handleUserinfo(ctx: OidcContext): void {
  const issuer = issuerOf(ctx.orgUrl);
  const header = String(ctx.req.headers.authorization ?? "");
  const token = /^bearer /i.test(header) ? header.slice(7).trim() : "";
  const challenge = (error: string, description: string) =>
    `Bearer authorization_uri="${issuer}/v1/authorize", realm="${issuer}", scope="openid", error="${error}", error_description="${description}", resource="/oauth2/${AUTH_SERVER_ID}/v1/userinfo"`;
  const deny = (status: number, error: string, description: string) =>
    oauthError(ctx, status, error, description, { "WWW-Authenticate": challenge(error, description) });
  if (!token) return deny(401, "invalid_token", "The access token is missing.");
  const claims = verifyJwt(ctx.org, token, issuer);
  if (!claims || claims.aud !== AUDIENCE || typeof claims.uid !== "string") return deny(401, "invalid_token", "The access token is invalid.");
  const scopes = Array.isArray(claims.scp) ? (claims.scp as string[]) : [];
  if (!scopes.includes("openid")) return deny(403, "insufficient_scope", "The access token must provide access to at least one of these scopes - openid.");
  const user = ctx.org.users.get(claims.uid);
  if (!user || !SIGN_IN_STATUSES.has(user.status)) return deny(401, "invalid_token", "The access token is invalid.");
  const out: Record<string, unknown> = { sub: user.id };
  if (scopes.includes("profile")) {
    Object.assign(out, {
      name: displayName(user),
      locale: (user.profile.locale as string | undefined) ?? "en_US",
      preferred_username: user.profile.login,
      given_name: user.profile.firstName,
      family_name: user.profile.lastName,
      zoneinfo: (user.profile.timezone as string | undefined) ?? "America/Los_Angeles",
      updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
    });
  }
  if (scopes.includes("email")) Object.assign(out, { email: user.profile.email, email_verified: true });
  if (scopes.includes("phone") && user.profile.mobilePhone) out.phone_number = user.profile.mobilePhone;
  // Every identity claim, including those not set to "Always" in the ID token.
  Object.assign(out, withoutReserved(customClaims(ctx.org, user.id, scopes, "userinfo"), Object.keys(out)));
  sendJson(ctx.res, 200, out);
}

// ---- /logout ---------------------------------------------------------------------------------
function handleLogout(ctx: OidcContext, params: URLSearchParams): void {
  const { org } = ctx;
  const issuer = issuerOf(ctx.orgUrl);
  const hint = params.get("id_token_hint");
  if (!hint) return showError(ctx, 400, "400 Bad Request", "The 'id_token_hint' parameter is required.");
  // Okta accepts an expired ID token as the hint.
  const claims = verifyJwt(org, hint, issuer, 0);
  if (!claims) return showError(ctx, 400, "400 Bad Request", "The 'id_token_hint' parameter is invalid.");
  const client = findClient(org, typeof claims.aud === "string" ? claims.aud : null);
  if (!client) return showError(ctx, 400, "400 Bad Request", "Invalid value for 'client_id' parameter.");
  const postLogout = params.get("post_logout_redirect_uri");
  if (postLogout && !redirectUriAllowed(postLogout, client.postLogoutRedirectUris, client.postLogoutRedirectUriPatterns)) {
    return showError(ctx, 400, "400 Bad Request", "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
  }
  const rt = runtimeOf(org);
  const cookies = parseCookies(ctx.req);
  const ended: SessionRecord[] = [];
  const hintSession = typeof claims.jti === "string" ? rt.idTokenSessions.get(claims.jti) : undefined;
  for (const sid of new Set([cookies.sid, hintSession])) {
    if (!sid) continue;
    const s = endSession(org, sid);
    if (s) ended.push(s);
  }
  for (const s of ended) {
    const user = org.users.get(s.userId);
    if (!user) continue;
    recordEvent(
      org,
      makeLogEvent({
        org,
        ids: ctx.ids,
        eventType: "user.session.end",
        displayMessage: "User logout from Okta",
        actor: actorFromUser(user),
        requestId: ctx.requestId,
        userAgent: String(ctx.req.headers["user-agent"] ?? ""),
        ipAddress: clientIp(ctx.req),
      }),
    );
  }
  const clear = [cookie("sid", "", orgPath(ctx.orgUrl), 0)];
  if (postLogout) {
    const target = new URL(postLogout);
    const state = params.get("state");
    if (state) target.searchParams.set("state", state);
    redirect(ctx.res, target.toString(), clear);
    return;
  }
  sendHtml(ctx.res, 200, messagePage({ orgName: org.name, title: "Signed out", message: "You have been signed out." }), clear);
}

// ---- /revoke ---------------------------------------------------------------------------------
async function handleRevoke(ctx: OidcContext): Promise<void> {
  const form = await readForm(ctx.req);
  const auth = authenticateClient(ctx, form);
  if (!auth.ok) return oauthError(ctx, auth.status, auth.error, auth.description);
  const token = form.get("token");
  if (!token) return oauthError(ctx, 400, "invalid_request", "The 'token' parameter is required.");
  const rt = runtimeOf(ctx.org);
  const grant = rt.refreshTokens.get(token);
  if (grant && grant.clientId === auth.client.clientId) rt.refreshTokens.delete(token);
  // Access tokens are self-contained JWTs; revoking one is accepted and has no effect in the emulator.
  ctx.res.writeHead(200, { "Cache-Control": "no-store" });
  ctx.res.end();
}

/** Custom claims never replace the standard ones (Okta refuses reserved claim names). */
function withoutReserved(custom: Record<string, unknown>, reserved: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(custom).filter(([name]) => !reserved.includes(name)));
}
