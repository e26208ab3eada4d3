// lib/okta/factor-verify.ts against the in-process emulator: which factors can verify a caller, an Okta
// Verify push with number matching (approved with the right number, rejected, a wrong number, expired),
// one-time codes by SMS / voice / email (right, wrong, used twice, expired, never sent), and refusals
// before anything is sent (a factor of the wrong kind). The test plays the user's phone through the
// emulator's in-process controls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { FactorRecord, OrgState, UserRecord } from "../../emulator/model";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import { createOktaGateway, describeOktaError, type OktaGateway } from "@/lib/okta/gateway";
import { classifyFactors, FactorKindError, factorsForVerification, maskEmail, maskPhone, pollPush, sendOtp, startPush, verifyOtp } from "@/lib/okta/factor-verify";

let emu: RunningEmulator;
let org: OrgState;
let okta: OktaGateway;

/** An active user with the given factor types, enrolled here so the test does not depend on the seed's dice. */
function userWith(types: FactorRecord["factorType"][], status: FactorRecord["status"] = "ACTIVE"): { user: UserRecord; factors: Record<string, FactorRecord> } {
  const user = [...org.users.values()].find((u) => u.status === "ACTIVE" && !u.serviceAccount && !used.has(u.id))!;
  used.add(user.id);
  const now = new Date().toISOString();
  const factors: Record<string, FactorRecord> = {};
  const list: FactorRecord[] = [];
  for (const [i, t] of types.entries()) {
    const profile: Record<string, unknown> =
      t === "push"
        ? { credentialId: user.profile.login, deviceType: "SmartPhone_IPhone", name: "iPhone 15", platform: "IOS", version: "17.4" }
        : t === "sms" || t === "call"
          ? { phoneNumber: "+1 415-555-0143" }
          : t === "email"
            ? { email: user.profile.email }
            : { credentialId: user.profile.login };
    const f: FactorRecord = { id: `mfa${t.replace(/\W/g, "").slice(0, 5)}${i}${user.id.slice(-8)}`.slice(0, 20), userId: user.id, factorType: t, provider: "OKTA", vendorName: "OKTA", status, created: now, lastUpdated: now, profile };
    factors[t] = f;
    list.push(f);
  }
  org.factors.set(user.id, list);
  return { user, factors };
}
const used = new Set<string>();

beforeAll(async () => {
  const spec = DEMO_CUSTOMERS.find((c) => c.slug === "acme")!;
  org = buildCustomerOrg({ ...spec, users: 40, history: undefined }, "demo", Date.now()).builder.org;
  emu = await startEmulator({ port: 0, orgs: [org] });
  okta = createOktaGateway({ tenantId: "t-acme-fv", orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: org.apiTokens[0]!.token }, allowLocalOrgUrls: true });
});
afterAll(async () => emu?.stop());
beforeEach(() => emu.configure({ pushLifetimeMs: 5 * 60_000 }));

const eventsFor = (userId: string, type: string) => org.logs.filter((e) => e.eventType === type && e.target?.some((t) => t.id === userId));

describe("factorsForVerification", () => {
  it("lists push, SMS, voice and email factors with masked labels, and says why the others cannot be used", async () => {
    const { user, factors } = userWith(["email", "token:software:totp", "sms", "push", "call", "webauthn"]);
    const result = await factorsForVerification(okta, user.id);
    expect(result.usable.map((f) => f.kind)).toEqual(["push", "sms", "call", "email"]);
    expect(result.usable[0]).toEqual({ id: factors.push!.id, kind: "push", factorType: "push", provider: "OKTA", label: "Okta Verify push (iPhone 15)" });
    expect(result.usable[1]!.label).toBe("SMS to +1 XXX-XXX-0143");
    expect(result.usable[2]!.label).toBe("Voice call to +1 XXX-XXX-0143");
    expect(result.usable[3]!.label).toBe(`Email to ${user.profile.email[0]}***@acme.example`);
    expect(result.unusable.map((u) => u.factorType).sort()).toEqual(["token:software:totp", "webauthn"]);
    expect(result.unusable.every((u) => u.reason.length > 10)).toBe(true);
  });

  it("a user with nothing usable (pending enrolment only, or no factor at all) gets an empty usable list", async () => {
    const pending = userWith(["push"], "PENDING_ACTIVATION");
    const r = await factorsForVerification(okta, pending.user.id);
    expect(r.usable).toEqual([]);
    expect(r.unusable[0]!.reason).toMatch(/pending activation/);
    const none = userWith([]);
    expect(await factorsForVerification(okta, none.user.id)).toEqual({ usable: [], unusable: [] });
  });

  it("masks phone numbers and email addresses", () => {
    expect(maskPhone("+14155550143")).toBe("+1 XXX-XXX-0143");
    expect(maskPhone("+44 20 7946 0958")).toBe("number ending 0958");
    expect(maskEmail("jane.doe@acme.example")).toBe("j***@acme.example");
    expect(classifyFactors([{ id: "x", factorType: "sms", status: "ACTIVE", profile: {} }]).usable[0]!.label).toBe("SMS to a phone number");
  });
});

describe("push with number matching", () => {
  it("approved on the phone with the number the technician read: SUCCESS", async () => {
    const { user, factors } = userWith(["push"]);
    const push = await startPush(okta, user.id, factors.push!.id);
    expect(push.correctAnswer).toBeGreaterThanOrEqual(10);
    expect(push.correctAnswer).toBeLessThan(100);
    expect(Date.parse(push.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "WAITING" });

    const pending = emu.pendingPushes("acme").find((p) => p.transactionId === push.transactionId)!;
    expect(pending.choices).toHaveLength(3);
    expect(pending.choices).toContain(push.correctAnswer);
    emu.approvePush("acme", push.transactionId, push.correctAnswer!);
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "SUCCESS" });
    expect(eventsFor(user.id, "system.push.send_factor_verify_push")).toHaveLength(1);
    expect(eventsFor(user.id, "user.authentication.auth_via_mfa").map((e) => e.outcome.result)).toEqual(["SUCCESS"]);
  });

  it("rejected on the phone: REJECTED", async () => {
    const { user, factors } = userWith(["push"]);
    const push = await startPush(okta, user.id, factors.push!.id);
    emu.rejectPush("acme", push.transactionId);
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "REJECTED" });
    expect(eventsFor(user.id, "user.mfa.okta_verify.deny_push")).toHaveLength(1);
  });

  it("the caller picks another number: REJECTED", async () => {
    const { user, factors } = userWith(["push"]);
    const push = await startPush(okta, user.id, factors.push!.id);
    const wrong = emu.pendingPushes("acme").find((p) => p.transactionId === push.transactionId)!.choices.find((n) => n !== push.correctAnswer)!;
    emu.approvePush("acme", push.transactionId, wrong);
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "REJECTED" });
    expect(eventsFor(user.id, "user.authentication.auth_via_mfa").map((e) => e.outcome.result)).toEqual(["FAILURE"]);
  });

  it("nobody answers within the push lifetime: TIMEOUT, and the phone can no longer approve it", async () => {
    emu.configure({ pushLifetimeMs: 150 });
    const { user, factors } = userWith(["push"]);
    const push = await startPush(okta, user.id, factors.push!.id);
    expect(Date.parse(push.expiresAt) - Date.now()).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 250));
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "TIMEOUT" });
    expect(() => emu.approvePush("acme", push.transactionId, push.correctAnswer!)).toThrow(/TIMEOUT/);
    expect(await pollPush(okta, user.id, factors.push!.id, push.transactionId)).toEqual({ status: "TIMEOUT" });
  });

  it("an unknown transaction (never existed or forgotten by Okta) can never succeed: TIMEOUT", async () => {
    const { user, factors } = userWith(["push"]);
    expect(await pollPush(okta, user.id, factors.push!.id, "v2mst.doesNotExist0000000000")).toEqual({ status: "TIMEOUT" });
  });

  it("refuses a factor that is not a push before sending anything", async () => {
    const { user, factors } = userWith(["sms"]);
    await expect(startPush(okta, user.id, factors.sms!.id)).rejects.toBeInstanceOf(FactorKindError);
    expect(emu.lastOtp("acme", user.id)).toBeNull();
    expect(eventsFor(user.id, "system.sms.send_factor_verify_message")).toHaveLength(0);
  });
});

describe("one-time codes", () => {
  for (const kind of ["sms", "call", "email"] as const) {
    it(`${kind}: the right code verifies once; a wrong one is invalid_code`, async () => {
      const { user, factors } = userWith([kind]);
      const factorId = factors[kind]!.id;
      await sendOtp(okta, user.id, factorId);
      const code = emu.lastOtp("acme", user.id, factorId)!.code;
      expect(code).toMatch(/^\d{6}$/);
      const wrong = code === "000000" ? "111111" : "000000";
      expect(await verifyOtp(okta, user.id, factorId, wrong)).toEqual({ ok: false, reason: "invalid_code" });
      expect(await verifyOtp(okta, user.id, factorId, ` ${code} `)).toEqual({ ok: true });
      // Used: the same code does not verify again.
      expect(await verifyOtp(okta, user.id, factorId, code)).toEqual({ ok: false, reason: "invalid_code" });
      const sent = { sms: "system.sms.send_factor_verify_message", call: "system.voice.send_mfa_challenge_call", email: "system.email.send_factor_verify_message" }[kind];
      expect(eventsFor(user.id, sent)).toHaveLength(1);
      expect(eventsFor(user.id, "user.authentication.auth_via_mfa").map((e) => e.outcome.result)).toEqual(["FAILURE", "SUCCESS", "FAILURE"]);
    });
  }

  it("a code never sent, an empty code, and a code past its lifetime", async () => {
    const { user, factors } = userWith(["sms"]);
    const factorId = factors.sms!.id;
    expect(await verifyOtp(okta, user.id, factorId, "123456")).toEqual({ ok: false, reason: "invalid_code" });
    expect(await verifyOtp(okta, user.id, factorId, "   ")).toEqual({ ok: false, reason: "invalid_code" });
    expect(emu.lastOtp("acme", user.id)).toBeNull(); // the empty code did not send one
    await sendOtp(okta, user.id, factorId);
    const challenge = org.otpChallenges!.get(factorId)!;
    challenge.expiresAt = new Date(Date.now() - 1000).toISOString();
    expect(await verifyOtp(okta, user.id, factorId, challenge.code)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a push factor for codes (it would send a push) before any verify call", async () => {
    const { user, factors } = userWith(["push"]);
    await expect(sendOtp(okta, user.id, factors.push!.id)).rejects.toBeInstanceOf(FactorKindError);
    await expect(verifyOtp(okta, user.id, factors.push!.id, "123456")).rejects.toBeInstanceOf(FactorKindError);
    expect(emu.pendingPushes("acme").filter((p) => p.userId === user.id)).toEqual([]);
  });
});

describe("Okta's refusals become the usual sentences", () => {
  it("unknown factor, suspended user", async () => {
    const { user, factors } = userWith(["sms"]);
    const missing = await sendOtp(okta, user.id, "mfaDoesNotExist00000").catch((e: unknown) => e);
    expect(describeOktaError(missing)).toMatchObject({ code: "E0000007", status: 404 });
    user.status = "SUSPENDED";
    try {
      const refused = await sendOtp(okta, user.id, factors.sms!.id).catch((e: unknown) => e);
      expect(describeOktaError(refused)).toMatchObject({ code: "E0000038", status: 403 });
    } finally {
      user.status = "ACTIVE";
    }
  });
});
