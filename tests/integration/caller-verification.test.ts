// Caller verification through the one wrapper against the in-process emulator (issue 12): push
// approve / reject / timeout, one-time codes right and wrong, the per-org rule on unlock and resets
// (required refuses, then allows after a verification of the same user by the same staff member),
// what does NOT count (another technician's, another user's, a forged id, an expired window), and
// break glass (request, approval by someone else, self-approval refused). The test plays the user's
// phone through the emulator's in-process controls. No code or push number reaches an audit row.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import type { FactorRecord, OrgState, UserRecord } from "../../emulator/model";
import { staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { staffDisplayEmail } from "@/lib/staff/display";
import * as users from "@/lib/users/actions";
import * as verify from "@/lib/verification/actions";
import * as jobs from "@/lib/jobs/actions";
import * as offboarding from "@/lib/offboarding/actions";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `u1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "u".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORG = "cv-acme";
const meta = { ip: "192.0.2.30", userAgent: "caller-verification-test" };

let emu: RunningEmulator;
let token = "";

beforeAll(async () => {
  const acme = buildCustomerOrg({ slug: ORG, name: "CV Acme", kind: "test", domain: "acme.cv.example", users: 120, master: "OKTA", lean: true }, "cv", Date.now());
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org] });
  token = acme.apiToken;
});
afterAll(async () => emu?.stop());

const org = (): OrgState => emu.org(ORG) as unknown as OrgState;
const used = new Set<string>();

function isPlainPerson(o: OrgState, u: UserRecord): boolean {
  if ((o.roles.get(u.id) ?? []).length) return false;
  if (u.serviceAccount || /service/i.test(String(u.profile.userType ?? ""))) return false;
  for (const [gid, members] of o.memberships) if (members.has(u.id) && /service|admin/i.test(o.groups.get(gid)?.profile.name ?? "")) return false;
  return u.status !== "DEPROVISIONED" && !u.profile.login.startsWith("msp-");
}

/** A plain person in `status`, with exactly these factors (enrolled here, not left to the seed). */
function person(status: UserRecord["status"], types: FactorRecord["factorType"][] = ["push", "sms"]): { user: UserRecord; factors: Record<string, FactorRecord> } {
  const o = org();
  const user = [...o.users.values()].find((u) => !used.has(u.id) && isPlainPerson(o, u))!;
  if (!user) throw new Error("no unused person left");
  used.add(user.id);
  user.status = status;
  user.transitioningToStatus = null;
  const now = new Date().toISOString();
  const factors: Record<string, FactorRecord> = {};
  const list = types.map((t, i) => {
    const profile: Record<string, unknown> =
      t === "push"
        ? { credentialId: user.profile.login, deviceType: "SmartPhone_IPhone", name: "iPhone 15", platform: "IOS", version: "17.4" }
        : t === "email"
          ? { email: user.profile.email }
          : { phoneNumber: "+1 415-555-0143" };
    const f: FactorRecord = { id: `cvf${t.replace(/\W/g, "").slice(0, 5)}${i}${user.id.slice(-9)}`.slice(0, 20), userId: user.id, factorType: t, provider: "OKTA", vendorName: "OKTA", status: "ACTIVE", created: now, lastUpdated: now, profile };
    factors[t] = f;
    return f;
  });
  o.factors.set(user.id, list);
  return { user, factors };
}

const writes = () => emu.requests(ORG).requests.filter((r) => r.method !== "GET");

type Result = ActionResult<Record<string, unknown>>;
interface Runnable {
  run(args: { db: Db; staff: StaffIdentity | null; meta: typeof meta; slug: string; rawInput: unknown; gatewayFor?: (t: { id: string }, db: Db) => Promise<never> }): Promise<unknown>;
}

describeDatabases("caller verification", (getDb) => {
  const staff = {} as Record<"admin" | "tech" | "tech2" | "helpdesk", StaffIdentity>;
  let tenantId = "";

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: "CV Acme", slug: ORG, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: token });
    tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    for (const who of ["admin", "tech", "tech2", "helpdesk"] as const) {
      const s = await db.staffUser.create({ data: { email: `cv-${who}-${randomBytes(3).toString("hex")}@msp.example`, name: who } });
      const role = who === "tech" || who === "tech2" ? "technician" : who;
      await db.staffGrant.create({ data: { staffId: s.id, role, tenantId: who === "admin" ? null : tenantId } });
      staff[who] = { staffId: s.id, sessionId: `cv-${who}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(async () => {
    staffDenials.reset();
    emu.clearFaults();
    emu.clearRequests();
    emu.configure({ pushLifetimeMs: 5 * 60_000 });
    await setRule("off");
  });

  const setRule = (rule: "off" | "recommended" | "required") => getDb().tenant.update({ where: { id: tenantId }, data: { callerVerification: rule } });

  async function run(action: Runnable, who: keyof typeof staff, rawInput: unknown): Promise<Result> {
    return (await action.run({
      db: getDb(),
      staff: staff[who],
      meta,
      slug: ORG,
      rawInput,
      gatewayFor: ((t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS })) as never,
    })) as Result;
  }
  const data = (r: Result) => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error}`);
    return r.data;
  };
  async function lastRow(action: string) {
    const row = await getDb().auditEvent.findFirst({ where: { action, tenantId, outcome: { not: "attempt" } }, orderBy: { seq: "desc" } });
    if (!row) throw new Error(`no audit row for ${action}`);
    return { ...row, input: JSON.parse(row.input) as Record<string, unknown> };
  }

  /** Start a push as `who`, answer it on the phone, poll until the end. */
  async function push(who: keyof typeof staff, user: UserRecord, factorId: string, answer: "approve" | "reject" | "none") {
    const started = data(await run(verify.startChallengeAction, who, { userId: user.id, factorId }));
    const id = String(started.id);
    expect(data(await run(verify.pollChallengeAction, who, { userId: user.id, verificationId: id }))).toEqual({ status: "waiting" });
    const pending = emu.pendingPushes(ORG).find((p) => p.userId === user.id)!;
    if (answer === "approve") emu.approvePush(ORG, pending.transactionId, started.correctAnswer as number);
    if (answer === "reject") emu.rejectPush(ORG, pending.transactionId);
    return { started, id, poll: () => run(verify.pollChallengeAction, who, { userId: user.id, verificationId: id }) };
  }

  // -------------------------------------------------------------------------------------------------
  describe("push", () => {
    it("approved with the number: success for 15 minutes, audited with the factor and outcome, the number nowhere in the audit", async () => {
      const { user, factors } = person("ACTIVE");
      const factorList = data(await run(verify.verificationFactorsAction, "helpdesk", { userId: user.id }));
      expect((factorList.usable as { kind: string }[]).map((f) => f.kind)).toEqual(["push", "sms"]);
      const p = await push("helpdesk", user, factors.push!.id, "approve");
      expect(typeof p.started.correctAnswer).toBe("number");
      expect(p.started).not.toHaveProperty("transactionId");
      const r = data(await p.poll());
      expect(r.status).toBe("success");
      const span = new Date(String(r.validUntil)).getTime() - new Date(String(r.verifiedAt)).getTime();
      expect(span).toBe(15 * 60 * 1000);
      // A second poll answers from the row: no second audit row.
      expect(data(await p.poll()).status).toBe("success");
      const rows = await getDb().auditEvent.findMany({ where: { tenantId, action: "verification.push_result", targetId: user.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ outcome: "success", staffId: staff.helpdesk.staffId });
      expect(JSON.parse(rows[0]!.input)).toMatchObject({ method: "push", result: "success", verificationId: p.id });
      const start = await lastRow("verification.start");
      expect(start.input).toMatchObject({ userId: user.id, factorId: factors.push!.id, factorType: "push", method: "push", numberMatching: true });
      const all = await getDb().auditEvent.findMany({ where: { tenantId, targetId: user.id } });
      for (const row of all) expect(row.input).not.toMatch(new RegExp(`\\b${String(p.started.correctAnswer)}\\b`));
    });

    it("rejected: recorded as a failure, and it unlocks nothing", async () => {
      await setRule("required");
      const { user, factors } = person("LOCKED_OUT");
      const p = await push("helpdesk", user, factors.push!.id, "reject");
      expect(data(await p.poll()).status).toBe("rejected");
      expect(await lastRow("verification.push_result")).toMatchObject({ outcome: "failure", errorCode: "rejected" });
      emu.clearRequests();
      const r = await run(users.unlockUserAction, "helpdesk", { userId: user.id });
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes()).toEqual([]);
    });

    it("not answered in time: timeout", async () => {
      emu.configure({ pushLifetimeMs: 700 });
      const { user, factors } = person("ACTIVE");
      const p = await push("helpdesk", user, factors.push!.id, "none");
      await new Promise((r) => setTimeout(r, 900));
      expect(data(await p.poll()).status).toBe("timeout");
      expect(await lastRow("verification.push_result")).toMatchObject({ outcome: "failure", errorCode: "timeout" });
    });

    it("only the staff member who started it may poll or cancel it", async () => {
      const { user, factors } = person("ACTIVE");
      const p = await push("tech", user, factors.push!.id, "none");
      expect(await run(verify.pollChallengeAction, "tech2", { userId: user.id, verificationId: p.id })).toMatchObject({ ok: false, code: "forbidden" });
      expect(await run(verify.cancelChallengeAction, "tech2", { userId: user.id, verificationId: p.id })).toMatchObject({ ok: false, code: "forbidden" });
      const other = person("ACTIVE").user;
      expect(await run(verify.pollChallengeAction, "tech", { userId: other.id, verificationId: p.id })).toMatchObject({ ok: false, code: "not_found" });
      expect(data(await run(verify.cancelChallengeAction, "tech", { userId: user.id, verificationId: p.id }))).toEqual({ status: "cancelled" });
      expect(data(await p.poll()).status).toBe("cancelled");
    });
  });

  // -------------------------------------------------------------------------------------------------
  describe("one-time code", () => {
    it("right code: success; wrong code: a clear message, audited, nothing counts; the code never in the audit", async () => {
      const { user, factors } = person("ACTIVE", ["sms"]);
      const started = data(await run(verify.startChallengeAction, "helpdesk", { userId: user.id, factorId: factors.sms!.id, ticketId: "INC-7" }));
      expect(started).toMatchObject({ kind: "sms", correctAnswer: null });
      const code = emu.lastOtp(ORG, user.id)!.code;
      const wrong = code === "000000" ? "111111" : "000000";
      const bad = await run(verify.verifyOtpAction, "helpdesk", { userId: user.id, verificationId: started.id, passCode: wrong });
      expect(bad).toMatchObject({ ok: false, code: "invalid", fieldErrors: { passCode: [expect.stringMatching(/not right/)] } });
      expect(await lastRow("verification.verify_code")).toMatchObject({ outcome: "failure", errorCode: "invalid_code" });
      const ok = data(await run(verify.verifyOtpAction, "helpdesk", { userId: user.id, verificationId: started.id, passCode: code }));
      expect(ok.status).toBe("success");
      const row = await lastRow("verification.verify_code");
      expect(row).toMatchObject({ outcome: "success" });
      expect(row.input).toEqual({ userId: user.id, verificationId: started.id, method: "sms", factorId: factors.sms!.id, result: "success" });
      const all = await getDb().auditEvent.findMany({ where: { tenantId, targetId: user.id } });
      for (const r of all) {
        expect(r.input).not.toContain(code);
        expect(r.input).not.toContain(wrong);
      }
      // The same code cannot be used twice.
      expect(await run(verify.verifyOtpAction, "helpdesk", { userId: user.id, verificationId: started.id, passCode: code })).toMatchObject({ ok: false, code: "invalid" });
    });

    it("five wrong codes close the challenge: the right code no longer verifies", async () => {
      const { user, factors } = person("ACTIVE", ["sms"]);
      const started = data(await run(verify.startChallengeAction, "helpdesk", { userId: user.id, factorId: factors.sms!.id }));
      const code = emu.lastOtp(ORG, user.id)!.code;
      const wrong = code === "000000" ? "111111" : "000000";
      for (let i = 1; i <= 5; i++) {
        const bad = await run(verify.verifyOtpAction, "helpdesk", { userId: user.id, verificationId: started.id, passCode: wrong });
        expect(bad).toMatchObject({ ok: false, error: i < 5 ? expect.stringMatching(new RegExp(`${5 - i} tr(y|ies) left`)) : expect.stringMatching(/last try/) });
      }
      emu.clearRequests();
      expect(await run(verify.verifyOtpAction, "helpdesk", { userId: user.id, verificationId: started.id, passCode: code })).toMatchObject({ ok: false, error: expect.stringMatching(/closed/) });
      expect(emu.requests(ORG).requests.filter((r) => r.path.endsWith("/verify"))).toEqual([]);
      expect(await getDb().callerVerification.findUniqueOrThrow({ where: { id: String(started.id) } })).toMatchObject({ status: "failed", verifiedAt: null });
    });
  });

  // -------------------------------------------------------------------------------------------------
  describe("the org's rule on unlock and resets", () => {
    it("required: refused (denied, no Okta call) until the same staff member verifies the same user, then allowed with callerVerified in the audit row", async () => {
      await setRule("required");
      const { user, factors } = person("ACTIVE", ["push", "sms"]);
      const refused = await run(users.resetFactorsAction, "helpdesk", { userId: user.id });
      expect(refused).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/requires caller verification/) });
      expect(writes()).toEqual([]);
      expect(await lastRow("user.reset_factors")).toMatchObject({ outcome: "denied", errorCode: "verification_required" });

      const p = await push("helpdesk", user, factors.push!.id, "approve");
      expect(data(await p.poll()).status).toBe("success");
      const hhmm = new Date().toISOString().slice(11, 16);
      data(await run(users.resetFactorsAction, "helpdesk", { userId: user.id }));
      const row = await lastRow("user.reset_factors");
      expect(row.outcome).toBe("success");
      expect(String(row.input.callerVerified)).toMatch(/^push at \d\d:\d\d UTC$/);
      expect([hhmm, new Date(Date.now() - 60_000).toISOString().slice(11, 16)]).toContain(String(row.input.callerVerified).slice(8, 13));
      expect(row.input.callerVerificationId).toBe(p.id);
    });

    it("each checked action: unlock, reset password (email, link), temporary password, one factor", async () => {
      await setRule("required");
      const { user, factors } = person("LOCKED_OUT", ["push", "sms"]);
      for (const [action, input] of [
        [users.unlockUserAction, { userId: user.id }],
        [users.resetPasswordAction, { userId: user.id, sendEmail: true }],
        [users.resetPasswordAction, { userId: user.id, sendEmail: false }],
        [users.setTempPasswordAction, { userId: user.id }],
        [users.resetFactorAction, { userId: user.id, factorId: factors.sms!.id }],
      ] as const) {
        expect(await run(action, "tech", input)).toMatchObject({ ok: false, code: "forbidden" });
      }
      expect(writes()).toEqual([]);
      const p = await push("tech", user, factors.push!.id, "approve");
      data(await p.poll());
      data(await run(users.unlockUserAction, "tech", { userId: user.id }));
      data(await run(users.resetFactorAction, "tech", { userId: user.id, factorId: factors.sms!.id }));
      data(await run(users.setTempPasswordAction, "tech", { userId: user.id }));
    });

    it("another technician's verification does not count, nor one of another user", async () => {
      await setRule("required");
      const a = person("ACTIVE");
      const b = person("ACTIVE");
      const p = await push("tech", a.user, a.factors.push!.id, "approve");
      data(await p.poll());
      expect(await run(users.resetFactorsAction, "tech2", { userId: a.user.id })).toMatchObject({ ok: false, code: "forbidden" });
      expect(await run(users.resetFactorsAction, "tech", { userId: b.user.id })).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes().filter((w) => !w.path.includes("/factors/"))).toEqual([]);
    });

    it("a forged verification id is refused and audited, whatever the rule", async () => {
      const a = person("ACTIVE");
      const p = await push("tech", a.user, a.factors.push!.id, "approve");
      data(await p.poll());
      emu.clearRequests();
      // tech2 claims tech's verification; and a made-up id
      for (const verificationId of [p.id, "cmforged000000000000000001"]) {
        const r = await run(users.resetFactorsAction, "tech2", { userId: a.user.id, callerCheck: { verificationId } });
        expect(r).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/not a verification of/) });
        const row = await lastRow("user.reset_factors");
        expect(row).toMatchObject({ outcome: "denied", errorCode: "forged_verification", staffId: staff.tech2.staffId });
        expect(row.input.claimedVerificationId).toBe(verificationId);
      }
      // a rejected push of one's own is not a verification either
      await setRule("required");
      const b = person("ACTIVE");
      const rejected = await push("tech2", b.user, b.factors.push!.id, "reject");
      await rejected.poll();
      emu.clearRequests();
      expect(await run(users.resetFactorsAction, "tech2", { userId: b.user.id, callerCheck: { verificationId: rejected.id } })).toMatchObject({ ok: false, code: "forbidden" });
      expect(writes()).toEqual([]);
    });

    it("an expired window is refused", async () => {
      await setRule("required");
      const { user, factors } = person("ACTIVE");
      const p = await push("tech", user, factors.push!.id, "approve");
      data(await p.poll());
      const past = new Date(Date.now() - 16 * 60 * 1000);
      await getDb().callerVerification.update({ where: { id: p.id }, data: { verifiedAt: past, validUntil: new Date(past.getTime() + 15 * 60 * 1000) } });
      expect(await run(users.resetFactorsAction, "tech", { userId: user.id })).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/requires caller verification/) });
    });

    it("recommended: asks why not, and records the answer", async () => {
      await setRule("recommended");
      const { user } = person("LOCKED_OUT");
      expect(await run(users.unlockUserAction, "helpdesk", { userId: user.id })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "callerCheck.skipReason": expect.any(Array) } });
      expect(writes()).toEqual([]);
      data(await run(users.unlockUserAction, "helpdesk", { userId: user.id, callerCheck: { skipReason: "Known caller on a video call" } }));
      const row = await lastRow("user.unlock");
      expect(row.input).toMatchObject({ callerNotVerifiedReason: "Known caller on a video call", callerVerified: "no", callerVerificationRule: "recommended" });
    });

    it("off: nothing asked, nothing added", async () => {
      const { user } = person("LOCKED_OUT");
      data(await run(users.unlockUserAction, "helpdesk", { userId: user.id }));
      expect((await lastRow("user.unlock")).input).toEqual({ userId: user.id });
    });
  });

  // -------------------------------------------------------------------------------------------------
  describe("break glass", () => {
    it("Help Desk asks with a Ticket ID; nobody approves their own; another Technician approves; the requester may then act for 15 minutes", async () => {
      await setRule("required");
      const { user } = person("ACTIVE", []);
      expect(data(await run(verify.verificationFactorsAction, "helpdesk", { userId: user.id }))).toMatchObject({ usable: [] });
      expect(await run(verify.requestBreakGlassAction, "helpdesk", { userId: user.id, reason: "Lost phone, no other factor" })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { ticketId: expect.any(Array) } });
      const req = data(await run(verify.requestBreakGlassAction, "helpdesk", { userId: user.id, reason: "Lost phone, no other factor", ticketId: "INC-900" }));
      expect(await lastRow("verification.break_glass.request")).toMatchObject({ outcome: "success", ticketId: "INC-900" });
      // Pending is not a verification.
      expect(await run(users.resetFactorsAction, "helpdesk", { userId: user.id })).toMatchObject({ ok: false, code: "forbidden" });
      // Help Desk cannot decide at all.
      expect(await run(verify.decideBreakGlassAction, "helpdesk", { verificationId: req.id, decision: "approve", ticketId: "INC-900" })).toMatchObject({ ok: false, code: "forbidden" });
      // An approval needs a Ticket ID.
      expect(await run(verify.decideBreakGlassAction, "tech", { verificationId: req.id, decision: "approve" })).toMatchObject({ ok: false, code: "invalid" });
      const approved = data(await run(verify.decideBreakGlassAction, "tech", { verificationId: req.id, decision: "approve", ticketId: "INC-900", note: "Manager confirmed by phone" }));
      expect(approved).toMatchObject({ status: "success", method: "break_glass" });
      const decision = await lastRow("verification.break_glass.decide");
      expect(decision).toMatchObject({ outcome: "success", staffId: staff.tech.staffId, targetId: user.id, ticketId: "INC-900" });
      expect(decision.input).toMatchObject({ decision: "approve", requesterId: staff.helpdesk.staffId });
      // Decided once.
      expect(await run(verify.decideBreakGlassAction, "admin", { verificationId: req.id, decision: "deny", ticketId: "INC-900" })).toMatchObject({ ok: false, code: "invalid" });
      // It counts for the requester only.
      expect(await run(users.resetPasswordAction, "tech2", { userId: user.id, sendEmail: true })).toMatchObject({ ok: false, code: "forbidden" });
      data(await run(users.resetPasswordAction, "helpdesk", { userId: user.id, sendEmail: true }));
      expect(String((await lastRow("user.reset_password")).input.callerVerified)).toMatch(/^break glass \(approved\) at \d\d:\d\d UTC$/);
    });

    it("a Technician's own request: self-approval refused and audited as denied; an Administrator may approve it; a denial counts for nothing", async () => {
      await setRule("required");
      const { user } = person("ACTIVE", []);
      const req = data(await run(verify.requestBreakGlassAction, "tech", { userId: user.id, reason: "Phone stolen yesterday", ticketId: "INC-901" }));
      expect(await run(verify.decideBreakGlassAction, "tech", { verificationId: req.id, decision: "approve", ticketId: "INC-901" })).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/yourself/) });
      expect(await lastRow("verification.break_glass.decide")).toMatchObject({ outcome: "denied", errorCode: "self_approval" });
      data(await run(verify.decideBreakGlassAction, "admin", { verificationId: req.id, decision: "approve", ticketId: "INC-901" }));
      data(await run(users.resetFactorsAction, "tech", { userId: user.id }));

      const other = person("ACTIVE", []).user;
      const denied = data(await run(verify.requestBreakGlassAction, "helpdesk", { userId: other.id, reason: "Says they lost their phone", ticketId: "INC-902" }));
      expect(data(await run(verify.decideBreakGlassAction, "tech2", { verificationId: denied.id, decision: "deny", ticketId: "INC-902" }))).toMatchObject({ status: "denied" });
      expect(await run(users.resetFactorsAction, "helpdesk", { userId: other.id })).toMatchObject({ ok: false, code: "forbidden" });
      const overview = data(await run(verify.verificationsOverviewAction, "tech2", {}));
      expect(overview).toMatchObject({ rule: "required", canApprove: true });
      expect((overview.recent as { id: string; status: string }[]).find((r) => r.id === denied.id)).toMatchObject({ status: "denied" });
    });
  });
  // -------------------------------------------------------------------------------------------------
  describe("jobs: the rule holds for resets started in bulk or by offboarding", () => {
    it("a bulk MFA or password reset needs every person verified by this staff member; offboarding may reset factors only together with deactivation", async () => {
      await setRule("required");
      const a = person("ACTIVE");
      const b = person("ACTIVE");
      const jobsBefore = await getDb().job.count({ where: { tenantId } });
      for (const action of [jobs.bulkUserActions.reset_mfa, jobs.bulkUserActions.reset_password]) {
        const refused = await run(action, "helpdesk", { users: [{ userId: a.user.id }, { userId: b.user.id }] });
        expect(refused).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/2 of them have no verification/) });
      }
      expect(await lastRow("users.bulk.reset_password")).toMatchObject({ outcome: "denied", errorCode: "caller_not_verified" });
      // Offboarding: a factor reset of people who stay active is an MFA reset; with deactivation it is a leaver.
      expect(await run(offboarding.offboardStartAction, "tech", { userIds: [a.user.id], steps: ["reset_factors"] })).toMatchObject({ ok: false, code: "forbidden" });
      expect(await getDb().job.count({ where: { tenantId } })).toBe(jobsBefore);

      // One verified person is not enough for two.
      expect(data(await (await push("helpdesk", a.user, a.factors.push!.id, "approve")).poll()).status).toBe("success");
      expect(await run(jobs.bulkUserActions.reset_mfa, "helpdesk", { users: [{ userId: a.user.id }, { userId: b.user.id }] })).toMatchObject({ ok: false, error: expect.stringMatching(/1 of them has/) });
      // Another technician's verification does not count for this one.
      expect(await run(jobs.bulkUserActions.reset_mfa, "tech", { users: [{ userId: a.user.id }] })).toMatchObject({ ok: false, code: "forbidden" });
      const started = data(await run(jobs.bulkUserActions.reset_mfa, "helpdesk", { users: [{ userId: a.user.id }] }));
      expect(started).toMatchObject({ total: 1 });
      expect((await lastRow("users.bulk.reset_mfa")).input).toMatchObject({ callerVerified: "all 1 by you within 15 minutes", callerVerificationRule: "required" });
      // Deactivating leavers is not a caller's request.
      expect(data(await run(offboarding.offboardStartAction, "tech", { userIds: [b.user.id], steps: ["reset_factors", "deactivate"] }))).toHaveProperty("jobId");
      // Other bulk actions are not resets.
      await setRule("off");
      expect(data(await run(jobs.bulkUserActions.reset_mfa, "helpdesk", { users: [{ userId: b.user.id }] }))).toMatchObject({ total: 1 });
    });
  });
});
