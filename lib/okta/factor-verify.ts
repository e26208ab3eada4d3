import "server-only";
// Caller verification through Okta's factor verification API (UserFactor verifyFactor and
// getFactorTransactionStatus): which of a user's enrolled factors the console can challenge, an Okta
// Verify push with number matching and its poll, and one-time codes by SMS, voice call or email.
//
// Through the SDK's typed UserFactorApi: verifyFactor keeps `_embedded.challenge.correctAnswer` and
// `_links.poll`; getFactorTransactionStatus drops `_embedded` and `expiresAt` (SDK 8.1.0 deserializes
// into UserFactorPushTransaction, which declares neither), but only `factorResult` is read from it.
//
// Secrets: a passCode goes to Okta in the request body and nowhere else (never logged, returned or put
// in an error). The number matching answer is returned to the technician who started the push, who
// reads it to the caller: that is its purpose.
//
// Okta errors other than the ones mapped below (E0000068 for a wrong code) are rethrown as the SDK's
// errors; lib/okta/errors.ts turns them into sentences. A factor id of the wrong kind for the call
// (an SMS factor passed to startPush...) is refused before any Okta call that would send something,
// with FactorKindError.
import type { OktaGateway } from "./gateway";

export type ChallengeKind = "push" | "sms" | "call" | "email";

export interface VerifiableFactor {
  id: string;
  kind: ChallengeKind;
  factorType: string;
  provider: string;
  /** "Okta Verify push (iPhone 15)", "SMS to +1 XXX-XXX-0143", "Email to j***@acme.example": masked. */
  label: string;
}

export interface FactorsForVerification {
  usable: VerifiableFactor[];
  unusable: { id: string; factorType: string; reason: string }[];
}

export type PushStatus = "WAITING" | "SUCCESS" | "REJECTED" | "TIMEOUT";

export type OtpResult = { ok: true } | { ok: false; reason: "invalid_code" | "expired" | "not_challenged" };

/** Okta Verify pushes expire after five minutes (when Okta's answer carries no expiresAt). */
export const PUSH_LIFETIME_MS = 5 * 60_000;
/** More factors than any real enrolment has; the list is read whole. */
const MAX_FACTORS = 50;

/** A factor of the wrong kind for the call (or not challengeable at all): refused before Okta is asked. */
export class FactorKindError extends Error {
  constructor(
    readonly factorType: string,
    readonly expected: string,
  ) {
    super(`This factor (${factorTypeName(factorType)}) cannot be used for ${expected}.`);
    this.name = "FactorKindError";
  }
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

const KIND_BY_TYPE: Record<string, ChallengeKind> = { push: "push", sms: "sms", call: "call", email: "email" };

function factorTypeName(factorType: string): string {
  switch (factorType) {
    case "push":
      return "Okta Verify push";
    case "sms":
      return "SMS";
    case "call":
      return "voice call";
    case "email":
      return "email";
    case "token:software:totp":
      return "authenticator app code";
    case "token:hotp":
    case "token:hardware":
    case "token":
      return "hardware token";
    case "webauthn":
    case "u2f":
      return "security key or biometric";
    case "question":
      return "security question";
    default:
      return factorType;
  }
}

/** "+1 XXX-XXX-0143" for North American numbers, "number ending 0143" otherwise. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return "a phone number";
  const last4 = digits.slice(-4);
  if (digits.length === 11 && digits.startsWith("1")) return `+1 XXX-XXX-${last4}`;
  return `number ending ${last4}`;
}

/** "j***@acme.example": the first character of the local part, then the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "an email address";
  return `${email[0]}***${email.slice(at)}`;
}

function labelOf(kind: ChallengeKind, profile: Rec): string {
  switch (kind) {
    case "push": {
      const device = str(profile.name) ?? str(profile.deviceType);
      return device ? `Okta Verify push (${device})` : "Okta Verify push";
    }
    case "sms":
      return `SMS to ${maskPhone(str(profile.phoneNumber) ?? "")}`;
    case "call":
      return `Voice call to ${maskPhone(str(profile.phoneNumber) ?? "")}`;
    case "email":
      return `Email to ${maskEmail(str(profile.email) ?? "")}`;
  }
}

function unusableReason(factorType: string, status: string | undefined): string {
  if (KIND_BY_TYPE[factorType] && status !== "ACTIVE") {
    return status === "PENDING_ACTIVATION" ? "Enrolment was never finished (pending activation)." : `The factor is not active (${status ?? "unknown status"}).`;
  }
  switch (factorType) {
    case "token:software:totp":
    case "token:hotp":
    case "token:hardware":
    case "token":
      return "Okta cannot send a code to this factor; the console challenges push, SMS, voice call and email only.";
    case "webauthn":
    case "u2f":
      return "A security key or biometric can only be used by the person signing in themselves.";
    case "question":
      return "Security questions are not used to verify callers.";
    default:
      return `The console cannot challenge ${factorTypeName(factorType)} factors.`;
  }
}

/** Pure: Okta's factor list (wire or SDK objects) split into what the console can challenge and what not. */
export function classifyFactors(factors: readonly unknown[]): FactorsForVerification {
  const out: FactorsForVerification = { usable: [], unusable: [] };
  for (const f of factors) {
    if (!isRec(f)) continue;
    const id = str(f.id);
    const factorType = str(f.factorType);
    if (!id || !factorType) continue;
    const status = str(f.status);
    const kind = KIND_BY_TYPE[factorType];
    if (kind && status === "ACTIVE") {
      out.usable.push({ id, kind, factorType, provider: str(f.provider) ?? "OKTA", label: labelOf(kind, isRec(f.profile) ? f.profile : {}) });
    } else {
      out.unusable.push({ id, factorType, reason: unusableReason(factorType, status) });
    }
  }
  // Push first (fastest for the caller), then SMS, voice, email.
  const order: ChallengeKind[] = ["push", "sms", "call", "email"];
  out.usable.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return out;
}

export async function factorsForVerification(okta: OktaGateway, userId: string): Promise<FactorsForVerification> {
  const collection = await okta.client.userFactorApi.listFactors({ userId });
  const factors: unknown[] = [];
  for await (const f of collection) {
    factors.push(f);
    if (factors.length >= MAX_FACTORS) break;
  }
  return classifyFactors(factors);
}

/** Reads the factor and checks its type before anything is sent to the user. */
async function requireKind(okta: OktaGateway, userId: string, factorId: string, kinds: readonly ChallengeKind[], expected: string): Promise<ChallengeKind> {
  const f = (await okta.client.userFactorApi.getFactor({ userId, factorId })) as unknown;
  const factorType = isRec(f) ? (str(f.factorType) ?? "unknown") : "unknown";
  const kind = KIND_BY_TYPE[factorType];
  if (!kind || !kinds.includes(kind)) throw new FactorKindError(factorType, expected);
  return kind;
}

function transactionIdFrom(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const m = /\/transactions\/([^/?#]+)/.exec(href);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/**
 * Sends an Okta Verify push with number matching. `correctAnswer` is the number the caller must pick on
 * their phone (null if Okta sent a plain push); `transactionId` is what pollPush needs.
 */
export async function startPush(okta: OktaGateway, userId: string, factorId: string): Promise<{ transactionId: string; correctAnswer: number | null; expiresAt: string }> {
  await requireKind(okta, userId, factorId, ["push"], "a push");
  const started = Date.now();
  const res = (await okta.client.userFactorApi.verifyFactor({ userId, factorId, body: { useNumberMatchingChallenge: true } as never })) as unknown;
  const r = isRec(res) ? res : {};
  const links = isRec(r._links) ? r._links : {};
  const poll = isRec(links.poll) ? str(links.poll.href) : undefined;
  const transactionId = transactionIdFrom(poll);
  if (!transactionId) throw new Error("Okta answered the push without a transaction to poll.");
  const embedded = isRec(r._embedded) ? r._embedded : {};
  const challenge = isRec(embedded.challenge) ? embedded.challenge : {};
  const answer = challenge.correctAnswer;
  const expires = r.expiresAt instanceof Date ? r.expiresAt.toISOString() : str(r.expiresAt);
  return {
    transactionId,
    correctAnswer: typeof answer === "number" && Number.isInteger(answer) ? answer : null,
    expiresAt: expires && !Number.isNaN(Date.parse(expires)) ? new Date(expires).toISOString() : new Date(started + PUSH_LIFETIME_MS).toISOString(),
  };
}

function statusOf(err: unknown): number | undefined {
  return isRec(err) && typeof err.status === "number" ? err.status : undefined;
}

function errorCodeOf(err: unknown): string | undefined {
  return isRec(err) && typeof err.errorCode === "string" ? err.errorCode : undefined;
}

/**
 * The push's state. A transaction Okta no longer knows (404 E0000007: long expired, or its factor was
 * reset) can never succeed any more: TIMEOUT. REJECTED covers a wrong number picked on the phone too.
 */
export async function pollPush(okta: OktaGateway, userId: string, factorId: string, transactionId: string): Promise<{ status: PushStatus }> {
  let res: unknown;
  try {
    res = await okta.client.userFactorApi.getFactorTransactionStatus({ userId, factorId, transactionId });
  } catch (err) {
    if (statusOf(err) === 404 && errorCodeOf(err) === "E0000007") return { status: "TIMEOUT" };
    throw err;
  }
  const result = isRec(res) ? str(res.factorResult) : undefined;
  switch (result) {
    case "WAITING":
    case "SUCCESS":
    case "REJECTED":
    case "TIMEOUT":
      return { status: result };
    case "CANCELLED":
      return { status: "REJECTED" };
    default:
      // An answer the console does not know cannot count as approval.
      return { status: "REJECTED" };
  }
}

/** Sends a one-time code by SMS, voice call or email (a new code each time; Okta keeps it 5 minutes). */
export async function sendOtp(okta: OktaGateway, userId: string, factorId: string): Promise<void> {
  await requireKind(okta, userId, factorId, ["sms", "call", "email"], "a one-time code");
  const res = (await okta.client.userFactorApi.verifyFactor({ userId, factorId })) as unknown;
  const result = isRec(res) ? str(res.factorResult) : undefined;
  if (result !== "CHALLENGE") throw new Error(`Okta did not send a code (it answered ${result ?? "nothing"}).`);
}

/**
 * Checks the code the caller read back. Okta answers a wrong code (or one for which no challenge is
 * outstanding, or one already used) with 403 E0000068; a right code past its lifetime with
 * factorResult EXPIRED / TIMEOUT / TIME_WINDOW_EXCEEDED. An empty code is refused here: without
 * `passCode` Okta would send a new code instead of checking one.
 */
export async function verifyOtp(okta: OktaGateway, userId: string, factorId: string, passCode: string): Promise<OtpResult> {
  const code = passCode.trim();
  if (code === "") return { ok: false, reason: "invalid_code" };
  // A push factor would take the request as "send a push": check the kind first.
  await requireKind(okta, userId, factorId, ["sms", "call", "email"], "a one-time code");
  let res: unknown;
  try {
    res = await okta.client.userFactorApi.verifyFactor({ userId, factorId, body: { passCode: code } as never });
  } catch (err) {
    if (errorCodeOf(err) === "E0000068") return { ok: false, reason: "invalid_code" };
    throw err;
  }
  const result = isRec(res) ? str(res.factorResult) : undefined;
  switch (result) {
    case "SUCCESS":
      return { ok: true };
    case "EXPIRED":
    case "TIMEOUT":
    case "TIME_WINDOW_EXCEEDED":
      return { ok: false, reason: "expired" };
    case "CHALLENGE":
      // Okta sent a code instead of checking one: nothing was outstanding to check against.
      return { ok: false, reason: "not_challenged" };
    default:
      return { ok: false, reason: "invalid_code" };
  }
}
