/**
 * The org authorization server (issuer = the org URL, endpoints under `${orgUrl}/oauth2/v1`), as far as
 * OAuth for Okta needs it: API service apps get Management API access tokens with the
 * `client_credentials` grant, authenticating with `private_key_jwt` (a client assertion signed with a
 * key registered on the app), and `/oauth2/v1/keys` publishes the key that signs those tokens.
 *
 * Error texts are Okta's where known (Okta support articles and public reports quoted below); the ones
 * marked "guess" are ours.
 */
import { randomBytes } from "node:crypto";
import { makeLogEvent, recordEvent, type EventParty } from "../events.ts";
import type { OidcClientRecord, OrgState } from "../model.ts";
import { isOktaApiScope, OIDC_SCOPES } from "../scopes.ts";
import { clientIp, readForm, sendJson } from "./http.ts";
import { decodeJwt, ensureOrgAsSigningKey, jwks, signJwt, verifyJwt, verifyWithJwk } from "./keys.ts";
import type { OidcContext } from "./index.ts";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ACCESS_TOKEN_TTL_SEC = 3600;
/** Okta rejects client assertions that expire more than one hour ahead (oauth-minimal.yaml, JWT lifetime rules). */
const MAX_ASSERTION_LIFETIME_SEC = 3600;
/** Clock skew tolerated on `nbf` / `iat` in the future (guess: Okta does not document one). */
const CLOCK_SKEW_SEC = 60;

// jti values of accepted assertions, per org, kept until the assertion would have expired anyway.
const usedJtis = new WeakMap<OrgState, Map<string, number>>();
function jtiStore(org: OrgState): Map<string, number> {
  let m = usedJtis.get(org);
  if (!m) usedJtis.set(org, (m = new Map()));
  return m;
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function oauthError(ctx: OidcContext, status: number, error: string, description: string): void {
  // RFC 6749 5.2: 401 for a failed client authentication, with a challenge.
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="okta"' } : {};
  sendJson(ctx.res, status, { error, error_description: description }, headers);
}

export function clientAppParty(org: OrgState, client: OidcClientRecord): EventParty {
  const app = client.appId ? org.apps.get(client.appId) : undefined;
  // Okta logs service apps as "PublicClientApp" actors: id and alternateId are the client id.
  return { id: client.clientId, type: "PublicClientApp", alternateId: client.clientId, displayName: app?.label ?? client.name };
}

function tokenEndpoint(ctx: OidcContext): string {
  return `${ctx.orgUrl}/oauth2/v1/token`;
}

type AuthResult = { ok: true; client: OidcClientRecord } | { ok: false; status: number; error: string; description: string };

const fail = (status: number, error: string, description: string): AuthResult => ({ ok: false, status, error, description });
const invalidClient = (description: string) => fail(401, "invalid_client", description);

/** private_key_jwt client authentication (RFC 7523 section 3 as Okta applies it). */
function authenticate(ctx: OidcContext, form: URLSearchParams): AuthResult {
  const header = String(ctx.req.headers.authorization ?? "");
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  const kinds = [/^basic /i.test(header) ? header : null, secret, assertion].filter((x) => x !== null).length;
  if (kinds > 1) {
    return fail(
      400,
      "invalid_request",
      "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
    );
  }
  if (kinds === 0) return invalidClient("No client credentials found.");
  if (!assertion) {
    // Okta's org authorization server serves Okta API scopes only to service apps using private_key_jwt
    // (the emulator's only org-AS clients); any secret is refused. Text: guess.
    return invalidClient("Client authentication failed. Either the client or the client credentials are invalid.");
  }
  // Text: guess.
  if (form.get("client_assertion_type") !== JWT_BEARER) return invalidClient("The client_assertion_type is invalid.");
  const jwt = decodeJwt(assertion);
  // Text: guess.
  if (!jwt) return invalidClient("The client_assertion token is malformed.");
  const { header: h, payload: claims } = jwt;
  const sub = typeof claims.sub === "string" ? claims.sub : undefined;
  const iss = typeof claims.iss === "string" ? claims.iss : undefined;
  const formClientId = form.get("client_id");
  const clientId = sub ?? iss ?? formClientId;
  const client = clientId ? ctx.org.oidcClients.find((c) => c.clientId === clientId) : undefined;
  if (!client) return invalidClient("Invalid value for 'client_id' parameter.");
  // Text: guess (RFC 7523 3: iss and sub must both be the client id).
  if (iss !== client.clientId || sub !== client.clientId) return invalidClient("The client_assertion token's 'iss' and 'sub' claims must both be the client_id.");
  if (formClientId !== null && formClientId !== client.clientId) {
    return fail(400, "invalid_request", "The 'client_id' parameter does not match the authenticated client.");
  }
  if (client.tokenEndpointAuthMethod !== "private_key_jwt") {
    return invalidClient("Client authentication failed. Either the client or the client credentials are invalid.");
  }
  // Okta support, "Okta Client Assertion Error: Invalid Key ID": a kid naming no registered key, or no kid
  // while the app has several keys.
  const keys = (client.jwks ?? []).filter((k) => k.status !== "INACTIVE");
  const kid = typeof h.kid === "string" ? h.kid : undefined;
  const key = kid !== undefined ? keys.find((k) => k.kid === kid) : keys.length === 1 ? keys[0] : undefined;
  if (!key) return invalidClient("The client_assertion JWT kid is invalid.");
  // Okta support, "Error Occurs During Authentication due to Invalid Client Assertion Signature".
  // (Okta also accepts ES256/384/512 keys; the emulator registers RSA keys only.)
  if (!verifyWithJwk(jwt, key)) return invalidClient("The client_assertion signature is invalid.");
  // Okta support, "The audience claim for client_assertion must be the endpoint invoked for the request".
  const aud = claims.aud;
  const expected = tokenEndpoint(ctx);
  if (!(aud === expected || (Array.isArray(aud) && aud.length === 1 && aud[0] === expected))) {
    return invalidClient("The audience claim for client_assertion must be the endpoint invoked for the request.");
  }
  const now = nowSec();
  const exp = claims.exp;
  // Texts of the next three: Okta's, as quoted in public reports (e.g. okta terraform provider users).
  if (typeof exp !== "number") return invalidClient("The client_assertion token is expired.");
  if (exp <= now) return invalidClient("The client_assertion token is expired.");
  if (exp > now + MAX_ASSERTION_LIFETIME_SEC + CLOCK_SKEW_SEC) return invalidClient("The client_assertion token has an expiration too far into the future.");
  // Text: guess.
  if (typeof claims.nbf === "number" && claims.nbf > now + CLOCK_SKEW_SEC) return invalidClient("The client_assertion token is not yet valid.");
  // Okta: "rejects the JWT if the jti claim is present and it has already been processed".
  const jti = typeof claims.jti === "string" ? claims.jti : undefined;
  if (jti !== undefined) {
    const store = jtiStore(ctx.org);
    for (const [k, until] of store) if (until < now) store.delete(k);
    const key2 = `${client.clientId} ${jti}`;
    if (store.has(key2)) return invalidClient("The client_assertion token has already been used.");
    store.set(key2, exp);
  }
  return { ok: true, client };
}

/** POST ${orgUrl}/oauth2/v1/token */
async function handleToken(ctx: OidcContext): Promise<void> {
  const type = String(ctx.req.headers["content-type"] ?? "");
  const form = await readForm(ctx.req);
  if (!type.includes("application/x-www-form-urlencoded")) {
    return oauthError(ctx, 400, "invalid_request", "The request must be sent with Content-Type 'application/x-www-form-urlencoded'.");
  }
  // A `DPoP` proof header is ignored: for an app that does not require DPoP, Okta ignores an unsolicited
  // proof and issues a Bearer token (the Node SDK 8.x always sends one; see okta/okta-sdk-golang#597).
  const auth = authenticate(ctx, form);
  if (!auth.ok) return oauthError(ctx, auth.status, auth.error, auth.description);
  const { client } = auth;
  const grantType = form.get("grant_type");
  const configured = client.grantTypes ?? ["authorization_code", "refresh_token"];
  if (!grantType) return oauthError(ctx, 400, "invalid_request", "The 'grant_type' parameter is required.");
  if (!["authorization_code", "refresh_token", "client_credentials", "password"].includes(grantType)) {
    // oauth-minimal.yaml, OAuthError400UnsupportedGrantType.
    return oauthError(ctx, 400, "unsupported_grant_type", "The grant type in the request isn't supported.");
  }
  if (grantType !== "client_credentials" || !configured.includes("client_credentials")) {
    // The emulator's org authorization server serves client_credentials only.
    return oauthError(ctx, 400, "unauthorized_client", `The client is not authorized to use the provided grant type. Configured grant types: [${configured.join(", ")}].`);
  }

  const requested = [...new Set((form.get("scope") ?? "").trim().split(/\s+/).filter(Boolean))];
  if (requested.length === 0) {
    // Okta's answer to a client_credentials request without `scope` (quoted in requests/requests-oauthlib#463).
    return oauthError(ctx, 400, "invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  }
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s));
  // Okta support, "Cannot request 'openid' scopes using client credentials" (error code: guess).
  if (oidc.length > 0) return oauthError(ctx, 400, "invalid_scope", `Cannot request '${oidc[0]}' scopes using client credentials.`);
  if (requested.some((s) => !isOktaApiScope(s))) return oauthError(ctx, 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
  // Okta API scopes the app was not granted are left out of the token rather than refused: public reports
  // show tokens carrying only the granted part of the request (okta/okta-sdk-golang#145,
  // okta/terraform-provider-okta#2375); calls needing the missing scope then get 403. With none granted
  // there is nothing to issue (invalid_scope: guess).
  const granted = client.grantedScopes ?? [];
  const scopes = requested.filter((s) => granted.includes(s));
  if (scopes.length === 0) return oauthError(ctx, 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");

  const key = ensureOrgAsSigningKey(ctx.org);
  const iat = nowSec();
  const jti = `AT.${randomBytes(24).toString("base64url")}`;
  // Org authorization server access tokens: iss and aud are the org URL, sub and cid the client id.
  const accessToken = signJwt(
    ctx.org,
    { ver: 1, jti, iss: ctx.orgUrl, aud: ctx.orgUrl, iat, exp: iat + ACCESS_TOKEN_TTL_SEC, cid: client.clientId, scp: scopes, sub: client.clientId },
    key,
  );
  recordEvent(
    ctx.org,
    makeLogEvent({
      org: ctx.org,
      ids: ctx.ids,
      eventType: "app.oauth2.as.token.grant.access_token",
      displayMessage: "OAuth2 access token is granted",
      actor: clientAppParty(ctx.org, client),
      targets: [{ id: jti, type: "access_token", alternateId: "unknown", displayName: "Access Token" }],
      requestId: ctx.requestId,
      userAgent: String(ctx.req.headers["user-agent"] ?? ""),
      ipAddress: clientIp(ctx.req),
    }),
  );
  sendJson(ctx.res, 200, { token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SEC, access_token: accessToken, scope: scopes.join(" ") });
}

/** Serves the org authorization server's endpoints; false = not one of them. */
export async function handleOrgAsRequest(ctx: OidcContext): Promise<boolean> {
  const method = (ctx.req.method ?? "GET").toUpperCase();
  const notAllowed = () =>
    sendJson(ctx.res, 405, { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method", errorLink: "E0000022", errorId: ctx.requestId, errorCauses: [] });
  if (ctx.path === "/oauth2/v1/token") {
    if (method !== "POST") notAllowed();
    else await handleToken(ctx);
    return true;
  }
  if (ctx.path === "/oauth2/v1/keys") {
    if (method !== "GET") notAllowed();
    else sendJson(ctx.res, 200, jwks(ctx.org, ensureOrgAsSigningKey(ctx.org)), { "Cache-Control": "max-age=3600, must-revalidate" });
    return true;
  }
  return false;
}

export interface ServicePrincipal {
  client: OidcClientRecord;
  scopes: string[];
}

/** Checks a Management API bearer token: signed by the org authorization server, for this org, unexpired. */
export function verifyServiceToken(org: OrgState, orgUrl: string, token: string): ServicePrincipal | null {
  if (!org.orgAsSigningKey) return null;
  const claims = verifyJwt(org, token, orgUrl, nowSec(), org.orgAsSigningKey);
  if (!claims || claims.aud !== orgUrl || typeof claims.cid !== "string") return null;
  const client = org.oidcClients.find((c) => c.clientId === claims.cid);
  if (!client || client.applicationType !== "service") return null;
  const scopes = Array.isArray(claims.scp) ? claims.scp.filter((s): s is string => typeof s === "string") : [];
  return { client, scopes };
}
