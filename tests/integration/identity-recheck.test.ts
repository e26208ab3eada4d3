// Sessions follow the MSP's Okta: real sessions holding real refresh tokens from the emulator's MSP org,
// re-checked by checkStaffSession with an injected clock (no sleeping through IDENTITY_RECHECK_MINUTES).
import { createServer } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, seedOrgs, startEmulator, type RunningEmulator } from "../../emulator";
import { RETRY_MS, UNREACHABLE_GRACE_MS } from "@/lib/auth/identity-recheck";
import { groupsClaim, oidcRefresher } from "@/lib/auth/oidc-refresh";
import { openIdentity, sealIdentity } from "@/lib/auth/refresh-token";
import { signInScopes } from "@/lib/auth/options";
import { checkStaffSession, type SessionLimits } from "@/lib/auth/session";
import { recordStaffSignIn } from "@/lib/auth/staff";
import type { Db } from "@/lib/db/client";
import { describeDatabases, resetDatabase } from "../helpers/test-db";
import { emulatorSignIn, mspApi } from "../helpers/emulator-sign-in";

const RECHECK_MINUTES = 15;
const min = (n: number) => n * 60_000;

let emu: RunningEmulator;
let issuer: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo").filter((o) => o.slug === "msp"), rateLimitProfile: "workforce" });
  issuer = `${emu.orgUrl("msp")}/oauth2/default`;
});
afterAll(async () => {
  await emu?.stop();
});
afterEach(() => {
  emu.clearFaults();
  emu.resetOrg("msp");
});

function limits(): SessionLimits {
  return {
    idleMinutes: 24 * 60,
    identity: { recheckMinutes: RECHECK_MINUTES, issuer, refresher: oidcRefresher({ issuer, clientId: CONSOLE_CLIENT_ID, clientSecret: CONSOLE_CLIENT_SECRET, timeoutMs: 2000 }) },
  };
}

function tokenCalls(): number {
  return emu.requests("msp").requests.filter((r) => r.method === "POST" && r.path.startsWith("/oauth2/default/v1/token")).length;
}

function oktaUser(login: string) {
  return [...emu.org("msp").users.values()].find((u) => u.profile.login === login)!;
}
function oktaGroup(name: string) {
  return [...emu.org("msp").groups.values()].find((g) => g.profile.name === name)!;
}

describeDatabases("sessions follow the MSP's Okta", (getDb) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  /** What a sign-in through lib/auth/options.ts stores: the staff row, the session, the sealed refresh token. */
  async function signIn(db: Db, login: string, at = new Date()) {
    const tokens = await emulatorSignIn(emu, login);
    const c = tokens.claims;
    const result = await recordStaffSignIn(
      db,
      { subject: String(c.sub), email: String(c.email), emailVerified: c.email_verified === true, name: String(c.name), groups: groupsClaim(c) },
      [],
    );
    if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
    const session = await db.staffSession.create({
      data: { staffId: result.staffId, createdAt: at, lastSeenAt: at, identityCheckedAt: at, expiresAt: new Date(at.getTime() + 12 * 3600_000) },
    });
    await db.staffSession.update({
      where: { id: session.id },
      data: { refreshTokenCiphertext: sealIdentity(session.id, issuer, { refreshToken: tokens.refreshToken!, confirmedAt: at.getTime() }) },
    });
    emu.clearRequests(); // count only the re-checks' token requests from here on
    return { staffId: result.staffId, sessionId: session.id, refreshToken: tokens.refreshToken! };
  }

  it("ends the session within the re-check interval after the MSP's Okta deactivates the staff member, and audits it", async () => {
    const db = getDb();
    const t0 = new Date();
    const { staffId, sessionId } = await signIn(db, "tech@msp.example", t0);

    // Not due yet: Okta is not asked.
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(5)))).ok).toBe(true);
    expect(tokenCalls()).toBe(0);
    // Due: refreshed, still fine.
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(16)))).ok).toBe(true);
    expect(tokenCalls()).toBe(1);

    expect(await mspApi(emu, "POST", `/api/v1/users/${oktaUser("tech@msp.example").id}/lifecycle/deactivate`)).toBe(200);
    // Within the interval since the last check the session still stands (that is the stated bound)...
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(20)))).ok).toBe(true);
    // ...and at the next re-check it ends.
    const ended = await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(32)));
    expect(ended).toEqual({ ok: false, reason: "identity_refused" });
    const row = await db.staffSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.refreshTokenCiphertext).toBeNull();
    expect(await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(33)))).toEqual({ ok: false, reason: "revoked" });

    const audit = await db.auditEvent.findMany({ where: { action: "staff.session.ended" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId, staffEmail: "tech@msp.example", outcome: "denied", errorCode: "okta_refused", targetId: staffId });
    expect(audit[0]!.errorSummary).toContain("invalid_grant");
  });

  it("drops an OIDC-bound team at the next re-check when the MSP removes the group, and picks up a new one", async () => {
    const db = getDb();
    const helpDesk = await db.team.create({ data: { name: "Service Desk", role: "helpdesk", scopeType: "all", oidcGroup: "Console Help Desk" } });
    const billing = await db.team.create({ data: { name: "Billing", role: "billing", scopeType: "all", oidcGroup: "Console Billing" } });
    const t0 = new Date();
    const { staffId, sessionId } = await signIn(db, "helpdesk@msp.example", t0);
    expect(await db.teamMember.findMany({ where: { staffId }, select: { teamId: true } })).toEqual([{ teamId: helpDesk.id }]);

    const user = oktaUser("helpdesk@msp.example");
    expect(await mspApi(emu, "PUT", `/api/v1/groups/${oktaGroup("Console Billing").id}/users/${user.id}`)).toBe(204);
    expect(await mspApi(emu, "DELETE", `/api/v1/groups/${oktaGroup("Console Help Desk").id}/users/${user.id}`)).toBe(204);

    const check = await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(RECHECK_MINUTES) + 1));
    expect(check.ok && check.staff.oidcGroups).toEqual(["Console Billing"]);
    expect(await db.teamMember.findMany({ where: { staffId }, select: { teamId: true, source: true } })).toEqual([{ teamId: billing.id, source: "oidc" }]);
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: staffId } })).oidcGroups).toBe('["Console Billing"]');
  });

  it("refreshes once for concurrent requests (the conditional update on identityCheckedAt is the claim)", async () => {
    const db = getDb();
    // With rotation and no leeway a second refresh of the same token would trip Okta's reuse detection.
    emu.org("msp").oidcClients.find((c) => c.clientId === CONSOLE_CLIENT_ID)!.refreshToken = { rotationType: "ROTATE", leeway: 0 };
    const t0 = new Date();
    const { sessionId, refreshToken } = await signIn(db, "admin@msp.example", t0);
    const at = new Date(t0.getTime() + min(16));
    const results = await Promise.all(Array.from({ length: 5 }, () => checkStaffSession(db, sessionId, limits(), at)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(tokenCalls()).toBe(1);
    // The rotated token was stored, and it is the one that works next time.
    const stored = openIdentity(sessionId, issuer, (await db.staffSession.findUniqueOrThrow({ where: { id: sessionId } })).refreshTokenCiphertext!);
    expect(stored.refreshToken).not.toBe(refreshToken);
    expect(stored.confirmedAt).toBe(at.getTime());
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(32)))).ok).toBe(true);
    expect(tokenCalls()).toBe(2);
  });

  it("keeps the session while the MSP's Okta is unreachable, retrying each minute, and ends it after the grace", async () => {
    const db = getDb();
    const t0 = new Date();
    const { sessionId } = await signIn(db, "billing@msp.example", t0);
    emu.addFault({ org: "msp", pathPattern: "/oauth2/default/v1/token", status: 503, count: 1000 });

    const due = t0.getTime() + min(RECHECK_MINUTES);
    expect((await checkStaffSession(db, sessionId, limits(), new Date(due + 1))).ok).toBe(true);
    expect(tokenCalls()).toBe(1);
    // Not retried before RETRY_MS...
    expect((await checkStaffSession(db, sessionId, limits(), new Date(due + RETRY_MS / 2))).ok).toBe(true);
    expect(tokenCalls()).toBe(1);
    // ...retried after it, still kept inside the grace.
    expect((await checkStaffSession(db, sessionId, limits(), new Date(due + RETRY_MS + 2))).ok).toBe(true);
    expect(tokenCalls()).toBe(2);
    // Past the grace: ended, and audited as unreachable.
    const ended = await checkStaffSession(db, sessionId, limits(), new Date(due + UNREACHABLE_GRACE_MS + 5));
    expect(ended).toEqual({ ok: false, reason: "identity_unconfirmed" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "staff.session.ended" } });
    expect(audit.errorCode).toBe("okta_unreachable");
  });

  it("recovers when the MSP's Okta answers again within the grace", async () => {
    const db = getDb();
    const t0 = new Date();
    const { sessionId } = await signIn(db, "readonly@msp.example", t0);
    emu.addFault({ org: "msp", pathPattern: "/oauth2/default/v1/token", status: 500, count: 1 });
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(16)))).ok).toBe(true);
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(18)))).ok).toBe(true);
    expect(tokenCalls()).toBe(2);
    const row = await db.staffSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.identityCheckedAt!.getTime()).toBe(t0.getTime() + min(18));
    expect(openIdentity(sessionId, issuer, row.refreshTokenCiphertext!).confirmedAt).toBe(t0.getTime() + min(18));
  });

  it("never re-checks a session without a refresh token, and refuses a refresh token copied from another session", async () => {
    const db = getDb();
    const t0 = new Date();
    const a = await signIn(db, "tech@msp.example", t0);
    const plain = await db.staffSession.create({ data: { staffId: a.staffId, createdAt: t0, lastSeenAt: t0, expiresAt: new Date(t0.getTime() + 12 * 3600_000) } });
    expect((await checkStaffSession(db, plain.id, limits(), new Date(t0.getTime() + min(60)))).ok).toBe(true);
    expect(tokenCalls()).toBe(0);

    // The ciphertext is bound to its own session row.
    const source = await db.staffSession.findUniqueOrThrow({ where: { id: a.sessionId } });
    await db.staffSession.update({ where: { id: plain.id }, data: { refreshTokenCiphertext: source.refreshTokenCiphertext } });
    expect(await checkStaffSession(db, plain.id, limits(), new Date(t0.getTime() + min(61)))).toEqual({ ok: false, reason: "identity_refused" });
    expect(tokenCalls()).toBe(0);
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: "staff.session.ended" } })).errorCode).toBe("refresh_token_unreadable");
  });

  it("never outlives the absolute limit, whatever Okta says", async () => {
    const db = getDb();
    const t0 = new Date();
    const { sessionId } = await signIn(db, "admin@msp.example", t0);
    await db.staffSession.update({ where: { id: sessionId }, data: { expiresAt: new Date(t0.getTime() + min(20)) } });
    emu.addFault({ org: "msp", pathPattern: "/oauth2/default/v1/token", status: 503, count: 1000 });
    expect((await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(16)))).ok).toBe(true);
    expect(await checkStaffSession(db, sessionId, limits(), new Date(t0.getTime() + min(21)))).toEqual({ ok: false, reason: "expired" });
  });
});

describe("offline_access at sign-in", () => {
  it("is requested when the issuer's discovery document lists it", async () => {
    expect(await signInScopes(issuer, "openid email profile")).toBe("openid email profile offline_access");
    expect(await signInScopes(issuer, "openid email profile offline_access")).toBe("openid email profile offline_access");
  });

  it("is left out where the authorization server does not offer it, and nothing is decided when discovery fails", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/oauth2/default/.well-known/openid-configuration") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issuer: "x", scopes_supported: ["openid", "profile", "email"] }));
      } else {
        res.writeHead(503);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await signInScopes(`http://127.0.0.1:${port}/oauth2/default`, "openid email profile")).toBe("openid email profile");
      expect(await signInScopes(`http://127.0.0.1:${port}/oauth2/other`, "openid email profile")).toBeNull();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
