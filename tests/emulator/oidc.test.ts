// The emulator's OIDC provider, driven like a browser + a confidential client would, with plain fetch.
import { createHash, createPublicKey, createVerify, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, DEMO_PASSWORD, LOCKOUT_THRESHOLD, MSP_AUTH_SERVER, seedOrgs, startEmulator, type AuthServerClaim, type GroupRecord, type RunningEmulator } from "../../emulator";
import { groupFilterMatches } from "../../emulator/oidc/claims";

const REDIRECT = "http://localhost:3000/api/auth/callback/okta";
let emu: RunningEmulator;
let issuer: string;

beforeAll(async () => {
  const orgs = seedOrgs("demo").filter((o) => o.slug === "msp");
  emu = await startEmulator({ port: 0, orgs, rateLimitProfile: "workforce" });
  issuer = `${emu.orgUrl("msp")}/oauth2/default`;
});
afterAll(async () => {
  await emu?.stop();
});
afterEach(() => {
  emu.resetOrg("msp");
});

/** A minimal cookie jar (name=value, no path logic: one org per test). */
class Browser {
  cookies = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(params: Record<string, string>): string {
  const u = new URL(`${issuer}/v1/authorize`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function defaults(challenge: string, extra: Record<string, string> = {}) {
  return {
    client_id: CONSOLE_CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: "code",
    // No `groups`: the demo org's groups claim is always in the ID token, and it defines no `groups` scope.
    scope: "openid profile email offline_access",
    state: "st-" + randomBytes(6).toString("hex"),
    nonce: "n-" + randomBytes(6).toString("hex"),
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...extra,
  };
}

function parseForm(html: string): { action: string; tx: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !tx) throw new Error("no sign-in form in page:\n" + html.slice(0, 500));
  return { action: action.replace(/&amp;/g, "&"), tx };
}

async function signIn(browser: Browser, username: string, password: string, params: Record<string, string>) {
  const page = await browser.fetch(authorizeUrl(params));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("<title>Sign in to Northwind MSP</title>");
  expect(html).toMatch(/<label for="okta-signin-username">Username<\/label>/);
  expect(html).toMatch(/<label for="okta-signin-password">Password<\/label>/);
  expect(html).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
  const form = parseForm(html);
  return browser.fetch(form.action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ tx: form.tx, username, password }).toString(),
  });
}

async function token(body: Record<string, string>, auth: "basic" | "post" = "basic", secret = CONSOLE_CLIENT_SECRET) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const form = new URLSearchParams(body);
  if (auth === "basic") headers.authorization = `Basic ${Buffer.from(`${CONSOLE_CLIENT_ID}:${secret}`).toString("base64")}`;
  else {
    form.set("client_id", CONSOLE_CLIENT_ID);
    form.set("client_secret", secret);
  }
  const res = await fetch(`${issuer}/v1/token`, { method: "POST", headers, body: form.toString() });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function verifyJwt(jwt: string): Promise<Record<string, unknown>> {
  const { keys } = (await (await fetch(`${issuer}/v1/keys`)).json()) as { keys: Array<Record<string, string>> };
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { kid: string; alg: string };
  expect(header.alg).toBe("RS256");
  const jwk = keys.find((k) => k.kid === header.kid);
  expect(jwk, "kid in JWKS").toBeTruthy();
  const ok = createVerify("RSA-SHA256").update(`${h}.${p}`).verify(createPublicKey({ key: jwk as never, format: "jwk" }), Buffer.from(s, "base64url"));
  expect(ok, "signature verifies against JWKS").toBe(true);
  return JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
}

async function codeFor(username: string, extra: Record<string, string> = {}) {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const params = defaults(challenge, extra);
  const res = await signIn(browser, username, DEMO_PASSWORD, params);
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get("location")!);
  expect(`${loc.origin}${loc.pathname}`).toBe(params.redirect_uri);
  expect(loc.searchParams.get("state")).toBe(params.state);
  const code = loc.searchParams.get("code");
  expect(code).toBeTruthy();
  return { browser, verifier, params, code: code! };
}

describe("discovery and keys", () => {
  it("serves the OpenID configuration for the default authorization server", async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(issuer);
    for (const [k, v] of Object.entries({ authorization_endpoint: "authorize", token_endpoint: "token", userinfo_endpoint: "userinfo", jwks_uri: "keys", end_session_endpoint: "logout" })) {
      expect(doc[k]).toBe(`${issuer}/v1/${v}`);
    }
    expect(doc.response_types_supported).toEqual(["code"]);
    expect(doc.code_challenge_methods_supported).toEqual(["S256"]);
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]));
    // Built-in scopes only: the demo org created a groups claim, not a `groups` scope.
    expect(doc.scopes_supported).toEqual(["openid", "profile", "email", "address", "phone", "offline_access"]);
    expect(doc.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "groups"]));
    expect(doc.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post", "private_key_jwt"]));
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    const oauth = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(oauth.issuer).toBe(issuer);
  });

  it("publishes one RS256 key and 404s unknown OAuth paths Okta-style", async () => {
    const { keys } = (await (await fetch(`${issuer}/v1/keys`)).json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
    const res = await fetch(`${issuer}/v1/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: "E0000007" });
    const other = await fetch(`${emu.orgUrl("msp")}/oauth2/aus123/v1/keys`);
    expect(other.status).toBe(404);
  });
});

describe("authorization code flow with PKCE", () => {
  it("signs in, exchanges the code and returns verifiable tokens with the expected claims", async () => {
    const { browser, verifier, params, code } = await codeFor("admin@msp.example");
    expect(browser.cookies.has("sid")).toBe(true);
    const { status, json } = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: params.scope });
    expect(typeof json.refresh_token).toBe("string");

    const org = emu.org("msp");
    const admin = [...org.users.values()].find((u) => u.profile.login === "admin@msp.example")!;
    const id = await verifyJwt(json.id_token as string);
    const now = Math.floor(Date.now() / 1000);
    expect(id).toMatchObject({
      iss: issuer,
      aud: CONSOLE_CLIENT_ID,
      sub: admin.id,
      nonce: params.nonce,
      amr: ["pwd"],
      email: "admin@msp.example",
      name: "Avery Admin",
      preferred_username: "admin@msp.example",
      ver: 1,
    });
    expect(id.idp).toMatch(/^00o[0-9A-Za-z]{17}$/);
    expect(id.exp as number).toBeGreaterThan(now + 3500);
    expect(Math.abs((id.iat as number) - now)).toBeLessThan(5);
    expect(Math.abs((id.auth_time as number) - now)).toBeLessThan(5);
    expect(id.groups).toEqual(["Console Administrators"]);
    expect(id.at_hash).toBe(createHash("sha256").update(json.access_token as string).digest().subarray(0, 16).toString("base64url"));

    const at = await verifyJwt(json.access_token as string);
    expect(at).toMatchObject({ iss: issuer, aud: "api://default", cid: CONSOLE_CLIENT_ID, uid: admin.id, sub: "admin@msp.example" });

    // userinfo
    const ui = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${json.access_token as string}` } });
    expect(ui.status).toBe(200);
    expect(await ui.json()).toMatchObject({ sub: admin.id, email: "admin@msp.example", preferred_username: "admin@msp.example", groups: ["Console Administrators"] });

    // refresh (offline_access was requested)
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: json.refresh_token as string }, "post");
    expect(refreshed.status).toBe(200);
    const id2 = await verifyJwt(refreshed.json.id_token as string);
    expect(id2.sub).toBe(admin.id);
    expect(id2.nonce).toBeUndefined();

    // state: session, lastLogin, events
    expect(org.sessions.get(admin.id)?.length).toBe(1);
    expect(Date.now() - Date.parse(admin.lastLogin!)).toBeLessThan(10_000);
    const recent = org.logs.filter((e) => e.actor.id === admin.id && Date.now() - Date.parse(e.published) < 10_000);
    expect(recent.map((e) => `${e.eventType}:${e.outcome.result}`)).toEqual(expect.arrayContaining(["user.session.start:SUCCESS", "user.authentication.sso:SUCCESS"]));
    expect(recent.find((e) => e.eventType === "user.authentication.sso")!.target![0]!.displayName).toBe("MSP Console");
  });

  it("reuses the Okta session (sid cookie) for the next authorize, and prompt=login forces the form", async () => {
    const { browser } = await codeFor("tech@msp.example");
    const { challenge } = pkce();
    const sso = await browser.fetch(authorizeUrl(defaults(challenge)));
    expect(sso.status).toBe(302);
    expect(new URL(sso.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    const forced = await browser.fetch(authorizeUrl(defaults(challenge, { prompt: "login" })));
    expect(forced.status).toBe(200);
    const none = await new Browser().fetch(authorizeUrl(defaults(challenge, { prompt: "none" })));
    expect(new URL(none.headers.get("location")!).searchParams.get("error")).toBe("login_required");
  });

  it("rejects a wrong PKCE verifier and burns the code", async () => {
    const { verifier, code } = await codeFor("tech@msp.example");
    const wrong = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: "invalid_grant", error_description: "PKCE verification failed." });
    const after = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(after.json.error).toBe("invalid_grant");
  });

  it("accepts a code once only", async () => {
    const { verifier, code } = await codeFor("helpdesk@msp.example");
    const first = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(first.status).toBe(200);
    const second = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(second.status).toBe(400);
    expect(second.json.error).toBe("invalid_grant");
    // The replay revoked the refresh token issued from that code.
    const refresh = await token({ grant_type: "refresh_token", refresh_token: first.json.refresh_token as string });
    expect(refresh.json.error).toBe("invalid_grant");
  });

  it("checks client authentication and the redirect_uri at the token endpoint", async () => {
    const { verifier, code } = await codeFor("billing@msp.example");
    const badSecret = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }, "basic", "nope");
    expect(badSecret.status).toBe(401);
    expect(badSecret.json.error).toBe("invalid_client");
    const c2 = await codeFor("billing@msp.example");
    const badRedirect = await token({ grant_type: "authorization_code", code: c2.code, redirect_uri: "http://127.0.0.1:3000/api/auth/callback/okta", code_verifier: c2.verifier });
    expect(badRedirect.json.error).toBe("invalid_grant");
    const cc = await token({ grant_type: "client_credentials", scope: "openid" });
    expect(cc.json.error).toBe("unauthorized_client");
  });

  it("accepts any localhost port through the demo client's registered pattern, nothing else", async () => {
    const { challenge } = pkce();
    const ok = await fetch(authorizeUrl(defaults(challenge, { redirect_uri: "http://127.0.0.1:4567/api/auth/callback/okta" })), { redirect: "manual" });
    expect(ok.status).toBe(200);
    for (const bad of ["http://evil.example:3000/api/auth/callback/okta", "http://localhost:3000/api/auth/callback/okta/x", "http://localhost:abc/api/auth/callback/okta"]) {
      const res = await fetch(authorizeUrl(defaults(challenge, { redirect_uri: bad })), { redirect: "manual" });
      expect(res.status, bad).toBe(400);
    }
  });
});

describe("authorize errors", () => {
  it("shows an error page, never a redirect, for an unregistered redirect_uri or unknown client", async () => {
    const { challenge } = pkce();
    const res = await fetch(authorizeUrl(defaults(challenge, { redirect_uri: "https://attacker.example/cb" })), { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("redirect_uri");
    const unknown = await fetch(authorizeUrl(defaults(challenge, { client_id: "nope" })), { redirect: "manual" });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("location")).toBeNull();
  });

  it("redirects other errors to the client with error, error_description and state", async () => {
    const { challenge } = pkce();
    const cases: Array<[Record<string, string>, string]> = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: "profile email" }, "invalid_scope"],
      [{ scope: "openid bogus" }, "invalid_scope"],
      [{ code_challenge_method: "plain" }, "invalid_request"],
    ];
    for (const [extra, error] of cases) {
      const params = defaults(challenge, extra);
      const res = await fetch(authorizeUrl(params), { redirect: "manual" });
      expect(res.status, JSON.stringify(extra)).toBe(302);
      const loc = new URL(res.headers.get("location")!);
      expect(loc.searchParams.get("error")).toBe(error);
      expect(loc.searchParams.get("error_description")).toBeTruthy();
      expect(loc.searchParams.get("state")).toBe(params.state);
    }
  });

  it("refuses a user who is not assigned to the app (access_denied)", async () => {
    const { challenge } = pkce();
    const res = await signIn(new Browser(), "unassigned@msp.example", DEMO_PASSWORD, defaults(challenge));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("error_description")).toBe("User is not assigned to the client application.");
  });

  it("refuses a tampered or foreign transaction", async () => {
    const browser = new Browser();
    const page = await browser.fetch(authorizeUrl(defaults(pkce().challenge)));
    const form = parseForm(await page.text());
    const post = (b: Browser, tx: string) =>
      b.fetch(form.action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ tx, username: "admin@msp.example", password: DEMO_PASSWORD }).toString() });
    expect((await post(browser, form.tx + "x")).status).toBe(403);
    expect((await post(new Browser(), form.tx)).status).toBe(403); // another browser (no binding cookie)
  });
});

describe("sign-in policy", () => {
  it("counts failed sign-ins, locks out after the threshold and logs it", async () => {
    const org = emu.org("msp");
    const user = [...org.users.values()].find((u) => u.profile.login === "tech@msp.example")!;
    const logsBefore = org.logs.length;
    const browser = new Browser();
    const page = await browser.fetch(authorizeUrl(defaults(pkce().challenge)));
    const form = parseForm(await page.text());
    const attempt = async (password: string) => {
      const res = await browser.fetch(form.action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ tx: form.tx, username: "tech@msp.example", password }).toString() });
      return { status: res.status, html: await res.text() };
    };
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) {
      const r = await attempt(`wrong-${i}`);
      expect(r.status).toBe(401);
      expect(r.html).toContain("Unable to sign in");
      expect(r.html).toContain('role="alert"');
      expect(user.failedSignIns).toBe(i);
      expect(user.status).toBe("ACTIVE");
    }
    const last = await attempt("wrong-final");
    expect(last.html).toContain("locked");
    expect(user.status).toBe("LOCKED_OUT");
    // The right password no longer helps.
    const locked = await attempt(DEMO_PASSWORD);
    expect(locked.status).toBe(401);
    expect(user.status).toBe("LOCKED_OUT");
    const logsAtLock = org.logs.length;

    // An admin unlock (as the API does it: status only) gives a fresh count, not an instant re-lock.
    user.status = "ACTIVE";
    expect((await attempt("wrong-after-unlock")).html).toContain("Unable to sign in");
    expect(user.status).toBe("ACTIVE");
    expect(user.failedSignIns).toBe(1);

    const events = org.logs.slice(logsBefore, logsAtLock).filter((e) => e.actor.id === user.id);
    const failures = events.filter((e) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE");
    expect(failures.filter((e) => e.outcome.reason === "INVALID_CREDENTIALS")).toHaveLength(LOCKOUT_THRESHOLD);
    expect(failures.filter((e) => e.outcome.reason === "LOCKED_OUT")).toHaveLength(1);
    expect(events.filter((e) => e.eventType === "user.account.lock")).toHaveLength(1);
  });

  it("resets the failure count on success and refuses suspended and locked users", async () => {
    const org = emu.org("msp");
    const user = [...org.users.values()].find((u) => u.profile.login === "readonly@msp.example")!;
    const browser = new Browser();
    const page = await browser.fetch(authorizeUrl(defaults(pkce().challenge)));
    const form = parseForm(await page.text());
    const post = (username: string, password: string) =>
      browser.fetch(form.action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ tx: form.tx, username, password }).toString() });
    expect((await post("suspended@msp.example", DEMO_PASSWORD)).status).toBe(401);
    expect((await post("locked@msp.example", DEMO_PASSWORD)).status).toBe(401);
    expect((await post("nobody@msp.example", DEMO_PASSWORD)).status).toBe(401);
    expect((await post("readonly@msp.example", "wrong")).status).toBe(401);
    expect(user.failedSignIns).toBe(1);
    expect((await post("READONLY@msp.example", DEMO_PASSWORD)).status).toBe(302);
    expect(user.failedSignIns).toBe(0);
  });
});

describe("userinfo and logout", () => {
  it("rejects a missing or invalid bearer token with WWW-Authenticate", async () => {
    for (const auth of [undefined, "Bearer not.a.jwt"]) {
      const res = await fetch(`${issuer}/v1/userinfo`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
    }
  });

  it("ends the session and redirects to a registered post-logout URI with state", async () => {
    const { browser, verifier, code } = await codeFor("admin@msp.example");
    const { json } = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    const org = emu.org("msp");
    const admin = [...org.users.values()].find((u) => u.profile.login === "admin@msp.example")!;
    expect(org.sessions.get(admin.id)?.length).toBe(1);

    const bad = await browser.fetch(`${issuer}/v1/logout?${new URLSearchParams({ id_token_hint: json.id_token as string, post_logout_redirect_uri: "https://attacker.example/" })}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();

    const res = await browser.fetch(`${issuer}/v1/logout?${new URLSearchParams({ id_token_hint: json.id_token as string, post_logout_redirect_uri: "http://localhost:3000", state: "bye" })}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost:3000/?state=bye");
    expect(org.sessions.get(admin.id) ?? []).toHaveLength(0);
    expect(browser.cookies.has("sid")).toBe(false);
    expect(org.logs.some((e) => e.eventType === "user.session.end" && e.actor.id === admin.id)).toBe(true);
    // No more SSO: the next authorize shows the form again.
    const again = await browser.fetch(authorizeUrl(defaults(pkce().challenge)));
    expect(again.status).toBe(200);
  });
});

describe("authorization server scopes and claims", () => {
  const groupsClaim = (over: Partial<AuthServerClaim> = {}): AuthServerClaim => ({ name: "groups", valueType: "GROUPS", filter: { type: "STARTS_WITH", value: "Console" }, alwaysIncludeInToken: true, ...over });

  async function tokensFor(username: string, scope: string) {
    const { verifier, code } = await codeFor(username, { scope });
    const { status, json } = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(status).toBe(200);
    const id = await verifyJwt(json.id_token as string);
    const at = await verifyJwt(json.access_token as string);
    const ui = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${json.access_token as string}` } });
    expect(ui.status).toBe(200);
    return { id, at, userinfo: (await ui.json()) as Record<string, unknown> };
  }

  function addGroup(name: string, type: GroupRecord["type"], login: string): void {
    const org = emu.org("msp");
    const user = [...org.users.values()].find((u) => u.profile.login === login)!;
    const id = `00gtest${org.groups.size}`.padEnd(20, "0");
    const at = new Date().toISOString();
    org.groups.set(id, { id, created: at, lastUpdated: at, lastMembershipUpdated: at, objectClass: ["okta:user_group"], type, profile: { name, description: null } });
    org.memberships.set(id, new Set([user.id]));
  }

  it("the demo org: a groups claim (Starts with: Console, Always in the ID token) and no custom scope", () => {
    expect(emu.org("msp").authServer).toEqual(MSP_AUTH_SERVER);
    expect(MSP_AUTH_SERVER).toEqual({ scopes: [], claims: [groupsClaim({ claimType: "IDENTITY" })] });
  });

  it("refuses scopes the authorization server does not define, `groups` included (invalid_scope redirect)", async () => {
    const { challenge } = pkce();
    for (const scope of ["openid email profile groups", "openid bogus", "openid okta.users.read"]) {
      const params = defaults(challenge, { scope });
      const res = await fetch(authorizeUrl(params), { redirect: "manual" });
      expect(res.status, scope).toBe(302);
      const loc = new URL(res.headers.get("location")!);
      expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
      expect(loc.searchParams.get("error"), scope).toBe("invalid_scope");
      expect(loc.searchParams.get("error_description")).toBe(`One or more scopes are not configured for the authorization server resource: ${scope.split(" ").pop()}`);
      expect(loc.searchParams.get("state")).toBe(params.state);
      expect(loc.searchParams.get("code")).toBeNull();
    }
  });

  it("puts the groups claim in the ID token without any groups scope, filtered (no Everyone, no other groups)", async () => {
    addGroup("Northwind All Staff", "OKTA_GROUP", "tech@msp.example");
    // Okta's groups filter sees Okta groups only: an app (e.g. AD) group is left out even if its name matches.
    addGroup("Console Technicians (AD)", "APP_GROUP", "tech@msp.example");
    const { id, at, userinfo } = await tokensFor("tech@msp.example", "openid email profile");
    expect(id.groups).toEqual(["Console Technicians"]);
    expect(userinfo.groups).toEqual(["Console Technicians"]);
    // An IDENTITY claim stays out of the access token.
    expect(at.groups).toBeUndefined();
    expect(at.scp).toEqual(["openid", "email", "profile"]);
    const noTeam = await tokensFor("noteam@msp.example", "openid email profile");
    expect(noTeam.id.groups).toEqual([]);
  });

  it("works for a console that asks for `groups` where the org defined that scope", async () => {
    emu.org("msp").authServer = { scopes: ["groups"], claims: [groupsClaim()] };
    const withScope = await tokensFor("helpdesk@msp.example", "openid email profile groups");
    expect(withScope.id.groups).toEqual(["Console Help Desk"]);
    const without = await tokensFor("helpdesk@msp.example", "openid email profile");
    expect(without.id.groups).toEqual(["Console Help Desk"]);
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(doc.scopes_supported).toContain("groups");
  });

  it("a claim limited to a scope is issued only when that scope is granted", async () => {
    emu.org("msp").authServer = { scopes: ["groups"], claims: [groupsClaim({ scopes: ["groups"] })] };
    const without = await tokensFor("admin@msp.example", "openid email profile");
    expect(without.id.groups).toBeUndefined();
    expect(without.userinfo.groups).toBeUndefined();
    const withScope = await tokensFor("admin@msp.example", "openid email profile groups");
    expect(withScope.id.groups).toEqual(["Console Administrators"]);
  });

  it("a claim not set to Always is left out of the code-flow ID token but served by /userinfo", async () => {
    emu.org("msp").authServer = { scopes: [], claims: [groupsClaim({ alwaysIncludeInToken: false })] };
    const { id, userinfo } = await tokensFor("billing@msp.example", "openid email profile");
    expect(id.groups).toBeUndefined();
    expect(userinfo.groups).toEqual(["Console Billing"]);
  });

  it("a RESOURCE claim goes into the access token only", async () => {
    emu.org("msp").authServer = { scopes: [], claims: [groupsClaim({ name: "teams", claimType: "RESOURCE", filter: { type: "REGEX", value: "Console (Admin|Read).*" } })] };
    const { id, at, userinfo } = await tokensFor("readonly@msp.example", "openid email profile");
    expect(at.teams).toEqual(["Console Read Only"]);
    expect(id.teams).toBeUndefined();
    expect(userinfo.teams).toBeUndefined();
  });

  it("an org without custom claims (a fresh default authorization server) sends no groups at all", async () => {
    delete emu.org("msp").authServer;
    const { id, userinfo } = await tokensFor("admin@msp.example", "openid email profile");
    expect(id.groups).toBeUndefined();
    expect(userinfo.groups).toBeUndefined();
  });

  it.each([
    ["STARTS_WITH", "Console", "Console Help Desk", true],
    ["STARTS_WITH", "Console", "MSP Console", false],
    ["STARTS_WITH", "console", "Console Help Desk", false],
    ["EQUALS", "Console Billing", "Console Billing", true],
    ["EQUALS", "Console Billing", "Console Billing Team", false],
    ["CONTAINS", "Help", "Console Help Desk", true],
    ["CONTAINS", "Help", "Everyone", false],
    ["REGEX", ".*", "Everyone", true],
    ["REGEX", "Console.*", "Console Read Only", true],
    ["REGEX", "Console", "Console Read Only", false], // the whole name must match
    ["REGEX", "Console (Help Desk|Billing)", "Console Billing", true],
    ["REGEX", "([", "([", false], // invalid pattern: matches nothing
  ] as const)("%s %j on %j -> %s", (type, value, name, expected) => {
    expect(groupFilterMatches({ type, value }, name)).toBe(expected);
  });
});

describe("refresh tokens (offline_access) follow the user's state in Okta", () => {
  const INVALID = { error: "invalid_grant", error_description: "The refresh token is invalid or expired." };

  function mspUser(login: string) {
    return [...emu.org("msp").users.values()].find((u) => u.profile.login === login)!;
  }

  /** The Management API as an Okta admin would call it (the seeded SSWS token of the MSP org). */
  async function api(method: string, path: string): Promise<number> {
    const ssws = emu.org("msp").apiTokens[0]!.token;
    const res = await fetch(`${emu.orgUrl("msp")}${path}`, { method, headers: { authorization: `SSWS ${ssws}`, accept: "application/json" } });
    await res.arrayBuffer();
    return res.status;
  }

  async function signedIn(login: string) {
    const { verifier, code } = await codeFor(login);
    const first = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(first.status).toBe(200);
    return first.json.refresh_token as string;
  }

  const refresh = (rt: string) => token({ grant_type: "refresh_token", refresh_token: rt });

  it("issues no refresh token without offline_access", async () => {
    const { verifier, code } = await codeFor("tech@msp.example", { scope: "openid profile email" });
    const res = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
  });

  it("returns a new ID token with the current groups and email_verified; STATIC returns the same refresh token", async () => {
    const rt = await signedIn("helpdesk@msp.example");
    const one = await refresh(rt);
    expect(one.status).toBe(200);
    expect(one.json.refresh_token).toBe(rt);
    const id1 = await verifyJwt(one.json.id_token as string);
    expect(id1).toMatchObject({ email: "helpdesk@msp.example", email_verified: true, groups: ["Console Help Desk"] });

    // Moved from Help Desk to Billing (both groups are assigned to the console app, so it stays assigned).
    const user = mspUser("helpdesk@msp.example");
    const group = (name: string) => [...emu.org("msp").groups.values()].find((g) => g.profile.name === name)!;
    expect(await api("PUT", `/api/v1/groups/${group("Console Billing").id}/users/${user.id}`)).toBe(204);
    expect(await api("DELETE", `/api/v1/groups/${group("Console Help Desk").id}/users/${user.id}`)).toBe(204);
    const two = await refresh(rt);
    expect(two.status).toBe(200);
    expect((await verifyJwt(two.json.id_token as string)).groups).toEqual(["Console Billing"]);
  });

  it.each(["deactivate", "suspend"] as const)("answers invalid_grant once the user is %sd, and reactivation does not revive the token", async (op) => {
    const rt = await signedIn("tech@msp.example");
    expect((await refresh(rt)).status).toBe(200);
    const user = mspUser("tech@msp.example");
    expect(await api("POST", `/api/v1/users/${user.id}/lifecycle/${op}`)).toBe(200);
    const refused = await refresh(rt);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual(INVALID);
    expect(await api("POST", `/api/v1/users/${user.id}/lifecycle/${op === "deactivate" ? "activate?sendEmail=true" : "unsuspend"}`)).toBe(200);
    expect(user.status).toBe("ACTIVE");
    expect((await refresh(rt)).json).toEqual(INVALID);
  });

  it("answers invalid_grant after Clear user sessions with oauthTokens=true, not without", async () => {
    const rt = await signedIn("billing@msp.example");
    const user = mspUser("billing@msp.example");
    expect(await api("DELETE", `/api/v1/users/${user.id}/sessions`)).toBe(204);
    expect((await refresh(rt)).status).toBe(200);
    expect(await api("DELETE", `/api/v1/users/${user.id}/sessions?oauthTokens=true`)).toBe(204);
    expect((await refresh(rt)).json).toEqual(INVALID);
  });

  it("answers invalid_grant when the token was revoked, or the user was unassigned from the app", async () => {
    const rt = await signedIn("readonly@msp.example");
    const revoke = await fetch(`${issuer}/v1/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${CONSOLE_CLIENT_ID}:${CONSOLE_CLIENT_SECRET}`).toString("base64")}` },
      body: new URLSearchParams({ token: rt, token_type_hint: "refresh_token" }).toString(),
    });
    expect(revoke.status).toBe(200);
    expect((await refresh(rt)).json).toEqual(INVALID);

    // noteam is assigned to the console app directly (not through a group).
    const rt2 = await signedIn("noteam@msp.example");
    const appId = emu.org("msp").oidcClients.find((c) => c.clientId === CONSOLE_CLIENT_ID)!.appId!;
    expect(await api("DELETE", `/api/v1/apps/${appId}/users/${mspUser("noteam@msp.example").id}`)).toBe(204);
    expect((await refresh(rt2)).json).toEqual(INVALID);
  });

  it("ROTATE: a new refresh token each time, the old one usable during the leeway, reuse after it revokes the family", async () => {
    const client = emu.org("msp").oidcClients.find((c) => c.clientId === CONSOLE_CLIENT_ID)!;
    client.refreshToken = { rotationType: "ROTATE", leeway: 30 };
    const rt1 = await signedIn("admin@msp.example");
    const a = await refresh(rt1);
    const rt2 = a.json.refresh_token as string;
    expect(rt2).toBeTruthy();
    expect(rt2).not.toBe(rt1);
    // Within the grace period the previous token still works (a client that lost the answer retries).
    const retry = await refresh(rt1);
    expect(retry.status).toBe(200);
    const rt3 = retry.json.refresh_token as string;

    client.refreshToken = { rotationType: "ROTATE", leeway: 0 };
    await new Promise((r) => setTimeout(r, 5));
    const reuse = await refresh(rt1);
    expect(reuse.json).toEqual(INVALID);
    // Reuse detection revoked every token of the family, the newest included, and logged it.
    expect((await refresh(rt2)).json).toEqual(INVALID);
    expect((await refresh(rt3)).json).toEqual(INVALID);
    expect(emu.org("msp").logs.some((e) => e.eventType === "app.oauth2.as.token.detect_reuse")).toBe(true);
  });
});
