// The caller-verification window and the per-org rule (lib/verification/rule.ts), with a fixed clock.
import { describe, expect, it } from "vitest";
import {
  callerRuleOf,
  decideCallerCheck,
  describeVerification,
  dialogGate,
  isFreshSuccess,
  validUntilFrom,
  VERIFICATION_WINDOW_MS,
  type VerificationRow,
} from "@/lib/verification/rule";

const T0 = new Date("2026-12-01T10:42:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const subject = { tenantId: "t1", staffId: "s1", oktaUserId: "00u1" };
const success = (over: Partial<VerificationRow> = {}): VerificationRow => ({
  id: "v1",
  ...subject,
  method: "push",
  status: "success",
  verifiedAt: T0,
  validUntil: validUntilFrom(T0),
  ...over,
});

describe("verification window", () => {
  it("counts for 15 minutes from the success, not a moment longer", () => {
    expect(VERIFICATION_WINDOW_MS).toBe(15 * 60 * 1000);
    expect(isFreshSuccess(success(), subject, T0)).toBe(true);
    expect(isFreshSuccess(success(), subject, at(15 * 60 * 1000 - 1))).toBe(true);
    expect(isFreshSuccess(success(), subject, at(15 * 60 * 1000))).toBe(false);
    expect(isFreshSuccess(success(), subject, at(-1))).toBe(false);
  });

  it("counts only for the same org, staff member and user", () => {
    expect(isFreshSuccess(success({ staffId: "s2" }), subject, T0)).toBe(false);
    expect(isFreshSuccess(success({ oktaUserId: "00u2" }), subject, T0)).toBe(false);
    expect(isFreshSuccess(success({ tenantId: "t2" }), subject, T0)).toBe(false);
  });

  it("ignores anything but a success, and a stretched validUntil", () => {
    for (const status of ["pending", "rejected", "timeout", "cancelled", "requested", "denied", "failed"]) expect(isFreshSuccess(success({ status }), subject, T0)).toBe(false);
    expect(isFreshSuccess(success({ verifiedAt: null }), subject, T0)).toBe(false);
    expect(isFreshSuccess(success({ validUntil: at(60 * 60 * 1000) }), subject, at(20 * 60 * 1000))).toBe(false);
    expect(isFreshSuccess(null, subject, T0)).toBe(false);
  });

  it("describes the verification for the audit row", () => {
    expect(describeVerification(success())).toBe("push at 10:42 UTC");
    expect(describeVerification(success({ method: "sms" }))).toBe("SMS code at 10:42 UTC");
    expect(describeVerification(success({ method: "break_glass" }))).toBe("break glass (approved) at 10:42 UTC");
  });
});

describe("per-org rule", () => {
  const decide = (rule: "off" | "recommended" | "required", fresh: VerificationRow | null, input?: { verificationId?: string; skipReason?: string }, claimed: VerificationRow | null = null, now = at(60_000)) =>
    decideCallerCheck({ rule, subject, fresh, claimed, input, now });

  it("off: allowed with or without a verification", () => {
    expect(decide("off", null).kind).toBe("allowed_unverified");
    expect(decide("off", success())).toMatchObject({ kind: "allowed", callerVerified: "push at 10:42 UTC", verificationId: "v1" });
  });

  it("required: refused without a fresh success, allowed with one", () => {
    expect(decide("required", null)).toMatchObject({ kind: "refused", code: "verification_required" });
    expect(decide("required", success())).toMatchObject({ kind: "allowed" });
    // expired window
    expect(decide("required", success(), undefined, null, at(16 * 60 * 1000))).toMatchObject({ kind: "refused", code: "verification_required" });
    // another technician's, another user's
    expect(decide("required", success({ staffId: "s2" }))).toMatchObject({ kind: "refused" });
    expect(decide("required", success({ oktaUserId: "00u9" }))).toMatchObject({ kind: "refused" });
    // a reason does not replace a verification
    expect(decide("required", null, { skipReason: "caller in a hurry" })).toMatchObject({ kind: "refused", code: "verification_required" });
  });

  it("recommended: a reason when not verified, recorded; none needed when verified", () => {
    expect(decide("recommended", null)).toMatchObject({ kind: "refused", code: "reason_required", field: "callerCheck.skipReason" });
    expect(decide("recommended", null, { skipReason: "  " })).toMatchObject({ kind: "refused", code: "reason_required" });
    expect(decide("recommended", null, { skipReason: "Known caller, video call" })).toEqual({ kind: "allowed_unverified", rule: "recommended", skipReason: "Known caller, video call" });
    expect(decide("recommended", success())).toMatchObject({ kind: "allowed" });
  });

  it("a claimed verification id must be a fresh success of this staff member and user, whatever the rule", () => {
    for (const rule of ["off", "recommended", "required"] as const) {
      expect(decide(rule, null, { verificationId: "forged" }, null)).toMatchObject({ kind: "refused", code: "forged_verification" });
      expect(decide(rule, null, { verificationId: "v2" }, success({ id: "v2", staffId: "s2" }))).toMatchObject({ kind: "refused", code: "forged_verification" });
      expect(decide(rule, null, { verificationId: "v2" }, success({ id: "v2", status: "rejected" }))).toMatchObject({ kind: "refused", code: "forged_verification" });
      expect(decide(rule, success(), { verificationId: "v1" }, success())).toMatchObject({ kind: "allowed" });
    }
  });

  it("an unknown stored rule reads as required", () => {
    expect(callerRuleOf("off")).toBe("off");
    expect(callerRuleOf("sometimes")).toBe("required");
    expect(callerRuleOf(null)).toBe("required");
  });

  it("dialog gate mirrors the server", () => {
    const fresh = { method: "push", verifiedAt: T0.toISOString(), validUntil: validUntilFrom(T0).toISOString() };
    expect(dialogGate("required", null, T0).blocked).toMatch(/requires caller verification/);
    expect(dialogGate("required", fresh, at(60_000))).toEqual({ verified: true, blocked: null, askReason: false });
    expect(dialogGate("required", fresh, at(16 * 60_000)).blocked).not.toBeNull();
    expect(dialogGate("recommended", null, T0)).toEqual({ verified: false, blocked: null, askReason: true });
    expect(dialogGate("off", null, T0)).toEqual({ verified: false, blocked: null, askReason: false });
  });
});
