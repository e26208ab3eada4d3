// The sign-in callbacks of lib/auth/options.ts with real tokens from the emulator's MSP org: the session
// row gets the refresh token sealed on the server, and nothing of it reaches the cookie or the browser.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { seedOrgs, startEmulator, type RunningEmulator } from "../../emulator";
import { authOptions } from "@/lib/auth/options";
import { openIdentity } from "@/lib/auth/refresh-token";
import { env } from "@/lib/env";
import { describeDatabases, resetDatabase } from "../helpers/test-db";
import { emulatorSignIn } from "../helpers/emulator-sign-in";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo").filter((o) => o.slug === "msp"), rateLimitProfile: "workforce" });
});
afterAll(async () => {
  await emu?.stop();
});

describeDatabases("sign-in stores the refresh token on the session row only", (getDb) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
    // lib/db's process-wide client is the one the callbacks use: point it at this suite's database.
    (globalThis as { __consoleDb?: unknown }).__consoleDb = getDb();
  });

  it("seals the refresh token bound to the new session and keeps it out of the cookie and the session", async () => {
    const tokens = await emulatorSignIn(emu, "tech@msp.example");
    expect(tokens.refreshToken).toBeTruthy();
    const callbacks = authOptions().callbacks!;
    const profile = tokens.claims as never;
    const account = { provider: "okta", type: "oauth" as const, providerAccountId: String(tokens.claims.sub), id_token: tokens.idToken, refresh_token: tokens.refreshToken, access_token: "at" };
    expect(await callbacks.signIn!({ user: { id: "x" }, account, profile })).toBe(true);
    const jwt = await callbacks.jwt!({ token: {}, user: { id: "x" }, account, profile, trigger: "signIn" });

    const row = await getDb().staffSession.findUniqueOrThrow({ where: { id: String(jwt.sessionId) } });
    expect(row.identityCheckedAt).not.toBeNull();
    const sealed = openIdentity(row.id, env().OKTA_ISSUER, row.refreshTokenCiphertext!);
    expect(sealed.refreshToken).toBe(tokens.refreshToken);
    expect(row.refreshTokenCiphertext).not.toContain(tokens.refreshToken!);
    // The cookie (next-auth's JWT) and what the browser gets from /api/auth/session never hold it.
    expect(JSON.stringify(jwt)).not.toContain(tokens.refreshToken!);
    const session = await callbacks.session!({ session: { expires: "" }, token: jwt } as never);
    expect(JSON.stringify(session)).not.toContain(tokens.refreshToken!);
    // And the email Okta verified is the staff row's unique email.
    expect(await getDb().staffUser.findUniqueOrThrow({ where: { id: row.staffId } })).toMatchObject({ email: "tech@msp.example", unverifiedEmail: null });
  });

  it("stores no ciphertext when the authorization server issued no refresh token", async () => {
    const tokens = await emulatorSignIn(emu, "billing@msp.example", "openid email profile");
    expect(tokens.refreshToken).toBeUndefined();
    const callbacks = authOptions().callbacks!;
    const profile = tokens.claims as never;
    const account = { provider: "okta", type: "oauth" as const, providerAccountId: String(tokens.claims.sub), id_token: tokens.idToken };
    expect(await callbacks.signIn!({ user: { id: "x" }, account, profile })).toBe(true);
    const jwt = await callbacks.jwt!({ token: {}, user: { id: "x" }, account, profile, trigger: "signIn" });
    expect((await getDb().staffSession.findUniqueOrThrow({ where: { id: String(jwt.sessionId) } })).refreshTokenCiphertext).toBeNull();
  });
});
