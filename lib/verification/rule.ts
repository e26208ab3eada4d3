// Caller verification (issue 12): the per-org rule and the 15-minute window, as pure functions with
// an injectable clock (`now`), so the server's decision is unit-tested without a database or Okta.
// Browser-safe: the reset dialogs use the same sentences to explain a disabled confirm button.
//
// The server decides from its own database rows, never from a client claim: the actions in
// lib/users/actions.ts read the freshest success of THIS staff member for THIS Okta user in THIS org
// and pass it here. A verification id sent by the browser is only a claim; one that is not such a
// fresh success is refused (and audited as denied) whatever the org's rule.

export const CALLER_RULES = ["off", "recommended", "required"] as const;
export type CallerRule = (typeof CALLER_RULES)[number];

export const VERIFICATION_METHODS = ["push", "sms", "call", "email", "break_glass"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** A success counts for this long, for the staff member who verified and that user only. */
export const VERIFICATION_WINDOW_MS = 15 * 60 * 1000;
/** An OTP challenge may be answered for this long (Okta's SMS / voice / email codes last 5 minutes). */
export const OTP_CHALLENGE_MS = 5 * 60 * 1000;
/** A break-glass request waits this long for an approver, then lapses. */
export const BREAK_GLASS_REQUEST_MS = 60 * 60 * 1000;
/** Wrong codes allowed for one OTP challenge before it is closed. */
export const OTP_MAX_ATTEMPTS = 5;

export function isCallerRule(value: unknown): value is CallerRule {
  return typeof value === "string" && (CALLER_RULES as readonly string[]).includes(value);
}

/** An unknown stored value counts as "required": the protective reading. */
export function callerRuleOf(value: unknown): CallerRule {
  return isCallerRule(value) ? value : "required";
}

export const CALLER_RULE_LABELS: Record<CallerRule, string> = {
  off: "Off",
  recommended: "Recommended (asks why not)",
  required: "Required",
};

/** The fields of a CallerVerification row the decision needs. */
export interface VerificationRow {
  id: string;
  tenantId: string;
  staffId: string;
  oktaUserId: string;
  method: string;
  status: string;
  verifiedAt: Date | null;
  validUntil: Date | null;
}

export interface Subject {
  tenantId: string;
  staffId: string;
  oktaUserId: string;
}

export function validUntilFrom(verifiedAt: Date): Date {
  return new Date(verifiedAt.getTime() + VERIFICATION_WINDOW_MS);
}

/** A success of this staff member for this user in this org, still inside its window at `now`. */
export function isFreshSuccess(row: VerificationRow | null | undefined, subject: Subject, now: Date): row is VerificationRow {
  if (!row) return false;
  if (row.status !== "success" || !row.verifiedAt || !row.validUntil) return false;
  if (row.tenantId !== subject.tenantId || row.staffId !== subject.staffId || row.oktaUserId !== subject.oktaUserId) return false;
  // The window is computed from verifiedAt too, so a row whose validUntil was stretched does not count longer.
  const end = Math.min(row.validUntil.getTime(), validUntilFrom(row.verifiedAt).getTime());
  return row.verifiedAt.getTime() <= now.getTime() && now.getTime() < end;
}

const METHOD_WORDS: Record<string, string> = {
  push: "push",
  sms: "SMS code",
  call: "voice call code",
  email: "email code",
  break_glass: "break glass (approved)",
};

export function methodLabel(method: string): string {
  return METHOD_WORDS[method] ?? method;
}

/** "10:42 UTC" */
export function utcTime(d: Date): string {
  return `${d.toISOString().slice(11, 16)} UTC`;
}

/** What the audit rows carry: "push at 10:42 UTC". */
export function describeVerification(row: Pick<VerificationRow, "method" | "verifiedAt">): string {
  return `${methodLabel(row.method)} at ${row.verifiedAt ? utcTime(row.verifiedAt) : "unknown time"}`;
}

export interface CallerCheckInput {
  /** A verification id the browser claims (optional; the server never needs it). */
  verificationId?: string | undefined;
  /** "recommended" without a verification: why not (asked by the dialog, kept in the audit row). */
  skipReason?: string | undefined;
}

export type CallerDecision =
  | { kind: "allowed"; callerVerified: string; verificationId: string }
  | { kind: "allowed_unverified"; rule: CallerRule; skipReason?: string }
  | { kind: "refused"; code: "verification_required" | "reason_required" | "forged_verification"; sentence: string; field?: string };

/**
 * The rule for unlock / password reset / MFA reset. `fresh` is the server's own freshest success for
 * (org, staff member, user) or null; `claimed` is the row the browser's verification id names, if any
 * (null when the id names no row of this org).
 */
export function decideCallerCheck(args: {
  rule: CallerRule;
  subject: Subject;
  fresh: VerificationRow | null;
  input: CallerCheckInput | undefined;
  claimed: VerificationRow | null;
  now: Date;
  userName?: string;
}): CallerDecision {
  const { rule, subject, now, input } = args;
  const who = args.userName ?? "this user";
  if (input?.verificationId) {
    if (!isFreshSuccess(args.claimed, subject, now) || args.claimed.id !== input.verificationId) {
      return {
        kind: "refused",
        code: "forged_verification",
        sentence: `The caller verification this request names is not a verification of ${who} by you in the last 15 minutes. Nothing was changed.`,
      };
    }
  }
  const fresh = isFreshSuccess(args.fresh, subject, now) ? args.fresh : null;
  if (fresh) return { kind: "allowed", callerVerified: describeVerification(fresh), verificationId: fresh.id };
  if (rule === "required") {
    return {
      kind: "refused",
      code: "verification_required",
      sentence: `This org requires caller verification: verify ${who} (Verify caller) before this action. A verification counts for 15 minutes, for the person who did it. Nothing was changed.`,
    };
  }
  if (rule === "recommended") {
    const reason = input?.skipReason?.trim();
    if (!reason) {
      return {
        kind: "refused",
        code: "reason_required",
        field: "callerCheck.skipReason",
        sentence: `This org recommends verifying the caller first: verify ${who}, or say why not. Nothing was changed.`,
      };
    }
    return { kind: "allowed_unverified", rule, skipReason: reason };
  }
  return { kind: "allowed_unverified", rule };
}

/** For the page: what the reset dialogs show and whether their confirm button is enabled. */
export function dialogGate(rule: CallerRule, fresh: { method: string; verifiedAt: string; validUntil: string } | null, now: Date): {
  verified: boolean;
  blocked: string | null;
  askReason: boolean;
} {
  const verified = !!fresh && new Date(fresh.validUntil).getTime() > now.getTime();
  if (verified) return { verified, blocked: null, askReason: false };
  if (rule === "required") return { verified, blocked: "This org requires caller verification first: use Verify caller.", askReason: false };
  return { verified, blocked: null, askReason: rule === "recommended" };
}
