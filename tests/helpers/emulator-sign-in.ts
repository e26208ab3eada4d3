// Signs a user in at the emulator's MSP org the way the console's next-auth does (authorization code +
// PKCE, confidential client with client_secret_basic), without a browser: for integration tests that
// need real tokens (a refresh token to re-check with, an ID token's claims).
import { createHash, randomBytes } from "node:crypto";
import { CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, DEMO_PASSWORD, type RunningEmulator } from "../../emulator";

const REDIRECT = "http://localhost:3000/api/auth/callback/okta";

export interface EmulatorSignIn {
  idToken: string;
  refreshToken: string | undefined;
  /** The ID token's payload (signature checked by the emulator tests; here only read). */
  claims: Record<string, unknown>;
}

export async function emulatorSignIn(emu: RunningEmulator, login: string, scope = "openid email profile offline_access"): Promise<EmulatorSignIn> {
  const issuer = `${emu.orgUrl("msp")}/oauth2/default`;
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(`${issuer}/v1/authorize`);
  for (const [k, v] of Object.entries({
    client_id: CONSOLE_CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope,
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  })) {
    authorize.searchParams.set(k, v);
  }
  const code = new URL(await emulatorAuthorize(authorize, login)).searchParams.get("code");
  if (!code) throw new Error(`sign-in of ${login} returned no code`);
  const res = await fetch(`${issuer}/v1/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CONSOLE_CLIENT_ID}:${CONSOLE_CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }).toString(),
  });
  const json = (await res.json()) as { id_token?: string; refresh_token?: string };
  if (!res.ok || !json.id_token) throw new Error(`token exchange failed: ${res.status} ${JSON.stringify(json)}`);
  const claims = JSON.parse(Buffer.from(json.id_token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  return { idToken: json.id_token, refreshToken: json.refresh_token, claims };
}

/**
 * Opens an /authorize URL of the emulator and submits its sign-in form the way a browser would; returns
 * the redirect back to the client (its redirect_uri with ?code=&state=). Also used by bench/pages.ts to
 * sign in to a running console through next-auth's real redirect flow.
 */
export async function emulatorAuthorize(authorize: string | URL, login: string, password = DEMO_PASSWORD): Promise<string> {
  const page = await fetch(authorize, { redirect: "manual" });
  const browserCookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !tx) throw new Error(`no sign-in form: ${html.slice(0, 300)}`);
  const signedIn = await fetch(action, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: browserCookie },
    body: new URLSearchParams({ tx, username: login, password }).toString(),
  });
  const location = signedIn.headers.get("location");
  if (!location || !new URL(location).searchParams.get("code")) throw new Error(`sign-in of ${login} failed: ${signedIn.status} ${location ?? ""}`);
  return location;
}

/** The Management API of the emulator's MSP org, as an Okta admin would call it (seeded SSWS token). */
export async function mspApi(emu: RunningEmulator, method: string, path: string): Promise<number> {
  const ssws = emu.org("msp").apiTokens[0]!.token;
  const res = await fetch(`${emu.orgUrl("msp")}${path}`, { method, headers: { authorization: `SSWS ${ssws}`, accept: "application/json" } });
  await res.arrayBuffer();
  return res.status;
}
