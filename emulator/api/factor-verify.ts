/**
 * Factor verification (Okta's UserFactor `verifyFactor` and `getFactorTransactionStatus`):
 *
 * - `push` (Okta Verify): `POST /api/v1/users/{userId}/factors/{factorId}/verify` answers 201 with
 *   `factorResult: WAITING`, `expiresAt` and `_links.poll` / `_links.cancel` to the transaction; with the
 *   body `{"useNumberMatchingChallenge": true}` also `_embedded.challenge.correctAnswer` (the number the
 *   user must pick on the phone). `GET .../transactions/{transactionId}` answers WAITING (with the same
 *   `_embedded.challenge` while waiting), SUCCESS, REJECTED, or TIMEOUT once the push lifetime passed
 *   (Okta: 5 minutes; `pushLifetimeMs` in the emulator's config for tests).
 * - `sms`, `call`, `email`: a request without `passCode` sends a challenge (200 `factorResult: CHALLENGE`)
 *   and keeps a fresh 6-digit code for `tokenLifetimeSeconds` (Okta's query parameter, default 300);
 *   a request with `passCode` answers 200 SUCCESS for the code of the outstanding challenge (used once),
 *   403 E0000068 "Invalid Passcode/Answer" for any other code (as Okta documents for a wrong code; with no
 *   challenge outstanding no code can match, so the emulator answers the same), and 200 `factorResult:
 *   EXPIRED` for the right code after its lifetime (the spec's "User didn't complete the verification
 *   within the allowed time window"; Okta does not document the expired case further: a guess).
 * - `token:software:totp`: RFC 6238 codes (30 s steps, one step of drift either way) from a secret the
 *   emulator derives from the factor id; `currentTotp` gives the code of now (the control endpoint).
 *
 * Refusals: unknown user or factor 404 E0000007; a user who is not active (staged, provisioned,
 * suspended, deactivated) 403 E0000038 and a factor that is not active 400 E0000001 (Okta's exact
 * answers are not documented: the emulator's guesses); factor types the console never challenges
 * (webauthn, question) 400 E0000001.
 *
 * System Log: `system.push.send_factor_verify_push`, `system.sms.send_factor_verify_message`,
 * `system.voice.send_mfa_challenge_call`, `system.email.send_factor_verify_message` when a challenge is
 * sent (actor: the API caller); `user.authentication.auth_via_mfa` SUCCESS / FAILURE when the user answers
 * (actor: the user), and `user.mfa.okta_verify.deny_push` when they reject a push.
 *
 * The "phone" (`/__emulator/...` controls and the demo page, emulator/phone.ts) answers pushes and reads
 * codes through `answerPush`, `pendingPushes` and `lastOtp` below.
 */
import { createHash, createHmac, randomInt } from "node:crypto";
import { actorFromUser, makeLogEvent, recordEvent, targetFromUser } from "../events.ts";
import { OktaError, errors, isObject, type ApiContext, type ApiResult } from "../http.ts";
import type { IdFactory } from "../ids.ts";
import type { FactorRecord, LogEventRecord, OrgState, OtpChallengeRecord, PushTransactionRecord, UserRecord } from "../model.ts";
import type { Router } from "../router.ts";
import { findUser } from "./users.ts";

/** Okta Verify push challenges expire after five minutes. */
export const DEFAULT_PUSH_LIFETIME_MS = 5 * 60_000;
/** Okta's default `tokenLifetimeSeconds` for sms / call / email codes. */
export const DEFAULT_OTP_LIFETIME_SECONDS = 300;
export const TOTP_STEP_SECONDS = 30;

export interface FactorVerifySettings {
  pushLifetimeMs: number;
}

const settings = new WeakMap<OrgState, FactorVerifySettings>();

export function factorVerifySettings(org: OrgState): FactorVerifySettings {
  return settings.get(org) ?? { pushLifetimeMs: DEFAULT_PUSH_LIFETIME_MS };
}

export function setFactorVerifySettings(org: OrgState, s: Partial<FactorVerifySettings>): void {
  settings.set(org, { ...factorVerifySettings(org), ...s });
}

/** User statuses whose factors can be verified (a locked-out user still holds their factors). */
const VERIFIABLE_USER_STATUSES = new Set(["ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"]);
const OTP_TYPES = new Set(["sms", "call", "email"]);

const pushTransactions = (org: OrgState) => (org.pushTransactions ??= new Map());
const otpChallenges = (org: OrgState) => (org.otpChallenges ??= new Map());

function factorUrl(orgUrl: string, f: FactorRecord): string {
  return `${orgUrl}/api/v1/users/${f.userId}/factors/${f.id}`;
}

function findFactor(ctx: ApiContext, user: UserRecord): FactorRecord {
  const f = (ctx.org.factors.get(user.id) ?? []).find((x) => x.id === ctx.params.factorId);
  if (!f) throw errors.notFound(ctx.params.factorId!, "UserFactor");
  return f;
}

/** The transaction's state now: WAITING past its expiry is TIMEOUT (kept, so the phone and polls agree). */
export function settle(tx: PushTransactionRecord, now = Date.now()): PushTransactionRecord["status"] {
  if (tx.status === "WAITING" && Date.parse(tx.expiresAt) <= now) tx.status = "TIMEOUT";
  return tx.status;
}

function verifyAndFactorLinks(orgUrl: string, f: FactorRecord) {
  return {
    verify: { href: `${factorUrl(orgUrl, f)}/verify`, hints: { allow: ["POST"] } },
    factor: { href: factorUrl(orgUrl, f), hints: { allow: ["GET", "DELETE"] } },
  };
}

function credentialIdOf(f: FactorRecord, user: UserRecord): string {
  return typeof f.profile.credentialId === "string" ? f.profile.credentialId : user.profile.login;
}

/** The transaction as Okta's poll answers it. */
export function serializePushTransaction(tx: PushTransactionRecord, f: FactorRecord, user: UserRecord, orgUrl: string): Record<string, unknown> {
  const status = settle(tx);
  if (status === "SUCCESS") return { factorResult: "SUCCESS" };
  const profile = { credentialId: credentialIdOf(f, user) };
  if (status === "WAITING") {
    const href = `${factorUrl(orgUrl, f)}/transactions/${tx.id}`;
    return {
      expiresAt: tx.expiresAt,
      factorResult: "WAITING",
      profile,
      _links: { poll: { href, hints: { allow: ["GET"] } }, cancel: { href, hints: { allow: ["DELETE"] } } },
      ...(tx.correctAnswer !== null ? { _embedded: { challenge: { correctAnswer: tx.correctAnswer } } } : {}),
    };
  }
  return { factorResult: status, profile, _links: verifyAndFactorLinks(orgUrl, f) };
}

/** An event the user causes (answering on the phone, typing a code): the user is the actor. */
function userEvent(
  org: OrgState,
  ids: IdFactory,
  user: UserRecord,
  eventType: string,
  displayMessage: string,
  outcome: LogEventRecord["outcome"],
  factor: FactorRecord,
  requestId: string,
  client: { userAgent?: string; ipAddress?: string } = {},
): void {
  const event = makeLogEvent({ org, ids, eventType, displayMessage, actor: actorFromUser(user), targets: [targetFromUser(user)], outcome, requestId, ...client });
  event.debugContext.debugData.factor = factorLabel(factor);
  event.authenticationContext.credentialType = factor.factorType === "push" ? "OKTA_VERIFY_PUSH" : factor.factorType.toUpperCase();
  recordEvent(org, event);
}

function factorLabel(f: FactorRecord): string {
  switch (f.factorType) {
    case "push":
      return "OKTA_VERIFY_PUSH";
    case "sms":
      return "SMS_FACTOR";
    case "call":
      return "CALL_FACTOR";
    case "email":
      return "EMAIL_FACTOR";
    case "token:software:totp":
      return f.provider === "GOOGLE" ? "GOOGLE_OTP" : "OKTA_VERIFY_OTP";
    default:
      return f.factorType.toUpperCase();
  }
}

/** Three distinct two-digit numbers, the correct one among them, in random order (as Okta Verify shows). */
function numberChoices(): { correct: number; choices: number[] } {
  const set = new Set<number>();
  while (set.size < 3) set.add(randomInt(10, 100));
  const choices = [...set];
  return { correct: choices[randomInt(0, 3)]!, choices };
}

function sendPush(ctx: ApiContext, user: UserRecord, f: FactorRecord, body: Record<string, unknown>): ApiResult {
  const nmc = body.useNumberMatchingChallenge;
  if (nmc !== undefined && typeof nmc !== "boolean") throw errors.validation("useNumberMatchingChallenge", ["useNumberMatchingChallenge: Invalid value"]);
  const now = Date.now();
  const { correct, choices } = numberChoices();
  const tx: PushTransactionRecord = {
    id: `v2mst.${ctx.ids.requestId().slice(0, 22)}`,
    userId: user.id,
    factorId: f.id,
    created: new Date(now).toISOString(),
    expiresAt: new Date(now + factorVerifySettings(ctx.org).pushLifetimeMs).toISOString(),
    status: "WAITING",
    correctAnswer: nmc === true ? correct : null,
    choices: nmc === true ? choices : [],
    requestedBy: ctx.principal ? ctx.principal.profile.login : (ctx.client?.name ?? "API"),
    ipAddress: ctx.ipAddress,
    answeredAt: null,
  };
  pushTransactions(ctx.org).set(tx.id, tx);
  ctx.emit("system.push.send_factor_verify_push", "Push notification sent for verification", [targetFromUser(user)]);
  const href = `${factorUrl(ctx.orgUrl, f)}/transactions/${tx.id}`;
  return {
    status: 201,
    body: {
      expiresAt: tx.expiresAt,
      factorResult: "WAITING",
      _links: { poll: { href, hints: { allow: ["GET"] } }, cancel: { href, hints: { allow: ["DELETE"] } } },
      ...(tx.correctAnswer !== null ? { _embedded: { challenge: { correctAnswer: tx.correctAnswer } } } : {}),
    },
  };
}

const SEND_EVENTS: Record<string, [string, string]> = {
  sms: ["system.sms.send_factor_verify_message", "Send SMS verification message"],
  call: ["system.voice.send_mfa_challenge_call", "Send voice call MFA challenge"],
  email: ["system.email.send_factor_verify_message", "Send email verification message"],
};

function tokenLifetimeSeconds(ctx: ApiContext): number {
  const raw = ctx.query.get("tokenLifetimeSeconds");
  if (raw === null || raw === "") return DEFAULT_OTP_LIFETIME_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw errors.badParam("tokenLifetimeSeconds");
  return n;
}

function sendOtpChallenge(ctx: ApiContext, user: UserRecord, f: FactorRecord): ApiResult {
  const lifetime = tokenLifetimeSeconds(ctx);
  const now = Date.now();
  const challenge: OtpChallengeRecord = {
    factorId: f.id,
    userId: user.id,
    factorType: f.factorType as OtpChallengeRecord["factorType"],
    code: String(randomInt(0, 1_000_000)).padStart(6, "0"),
    sentAt: new Date(now).toISOString(),
    expiresAt: new Date(now + lifetime * 1000).toISOString(),
    usedAt: null,
  };
  otpChallenges(ctx.org).set(f.id, challenge);
  const [eventType, message] = SEND_EVENTS[f.factorType]!;
  ctx.emit(eventType, message, [targetFromUser(user)]);
  return { status: 200, body: { factorResult: "CHALLENGE", _links: verifyAndFactorLinks(ctx.orgUrl, f) } };
}

function invalidPasscode(): OktaError {
  return new OktaError(403, "E0000068", "Invalid Passcode/Answer", [{ errorSummary: "Your passcode doesn't match our records. Please try again." }]);
}

function verifyOtp(ctx: ApiContext, user: UserRecord, f: FactorRecord, passCode: string): ApiResult {
  const challenge = otpChallenges(ctx.org).get(f.id);
  const matches = challenge !== undefined && challenge.usedAt === null && challenge.code === passCode;
  if (matches && Date.parse(challenge.expiresAt) <= Date.now()) {
    userEvent(ctx.org, ctx.ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "FAILURE", reason: "VERIFICATION_ERROR" }, f, ctx.requestId, ctx);
    return { status: 200, body: { factorResult: "EXPIRED" } };
  }
  if (!matches) {
    userEvent(ctx.org, ctx.ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, f, ctx.requestId, ctx);
    throw invalidPasscode();
  }
  challenge.usedAt = new Date().toISOString();
  userEvent(ctx.org, ctx.ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "SUCCESS", reason: null }, f, ctx.requestId, ctx);
  return { status: 200, body: { factorResult: "SUCCESS" } };
}

// ---- TOTP (RFC 6238 / RFC 4226) ----

function totpSecret(factorId: string): Buffer {
  return createHash("sha1").update(`okta-emulator-totp:${factorId}`).digest();
}

function hotp(secret: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, "0");
}

/** The TOTP code a `token:software:totp` factor shows now (emulator-only). */
export function currentTotp(factorId: string, now = Date.now()): { code: string; validUntil: string } {
  const step = Math.floor(now / 1000 / TOTP_STEP_SECONDS);
  return { code: hotp(totpSecret(factorId), step), validUntil: new Date((step + 1) * TOTP_STEP_SECONDS * 1000).toISOString() };
}

function verifyTotp(ctx: ApiContext, user: UserRecord, f: FactorRecord, passCode: string): ApiResult {
  const step = Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);
  const secret = totpSecret(f.id);
  const ok = [step - 1, step, step + 1].some((s) => hotp(secret, s) === passCode);
  if (!ok) {
    userEvent(ctx.org, ctx.ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, f, ctx.requestId, ctx);
    throw invalidPasscode();
  }
  userEvent(ctx.org, ctx.ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "SUCCESS", reason: null }, f, ctx.requestId, ctx);
  return { status: 200, body: { factorResult: "SUCCESS" } };
}

// ---- routes ----

function verifyFactor(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const f = findFactor(ctx, user);
  if (ctx.body !== undefined && ctx.body !== null && !isObject(ctx.body)) throw errors.malformedBody();
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (!VERIFIABLE_USER_STATUSES.has(user.status)) throw new OktaError(403, "E0000038", "This operation is not allowed in the user's current status.");
  if (f.status !== "ACTIVE") throw errors.validation("factor", ["The factor is not active."]);
  const passCode = body.passCode;
  if (passCode !== undefined && passCode !== null && typeof passCode !== "string") throw errors.validation("passCode", ["passCode: Invalid value"]);
  if (f.factorType === "push") return sendPush(ctx, user, f, body);
  if (OTP_TYPES.has(f.factorType)) return typeof passCode === "string" ? verifyOtp(ctx, user, f, passCode) : sendOtpChallenge(ctx, user, f);
  if (f.factorType === "token:software:totp") {
    if (typeof passCode !== "string" || passCode === "") throw errors.validation("passCode", ["passCode: The passcode is required."]);
    return verifyTotp(ctx, user, f, passCode);
  }
  throw errors.validation("factorType", [`The emulator does not verify ${f.factorType} factors.`]);
}

function transactionStatus(ctx: ApiContext): ApiResult {
  const user = findUser(ctx, ctx.params.id!);
  const f = findFactor(ctx, user);
  const tx = pushTransactions(ctx.org).get(ctx.params.transactionId!);
  if (!tx || tx.userId !== user.id || tx.factorId !== f.id) throw errors.notFound(ctx.params.transactionId!, "Transaction");
  return { status: 200, body: serializePushTransaction(tx, f, user, ctx.orgUrl) };
}

export function registerFactorVerifyRoutes(router: Router): void {
  router
    .add("POST", "/api/v1/users/:id/factors/:factorId/verify", verifyFactor)
    .add("GET", "/api/v1/users/:id/factors/:factorId/transactions/:transactionId", transactionStatus);
}

// ---- the user's phone (control endpoints, demo page) ----

export interface PendingPush {
  transactionId: string;
  userId: string;
  login: string;
  displayName: string;
  factorId: string;
  device: string;
  created: string;
  expiresAt: string;
  status: PushTransactionRecord["status"];
  /** Number matching: the three numbers the phone offers; empty for a plain push. */
  choices: number[];
  numberMatching: boolean;
  requestedBy: string;
}

function deviceOf(f: FactorRecord | undefined): string {
  const p = f?.profile ?? {};
  return typeof p.name === "string" ? p.name : "Okta Verify";
}

function pushView(org: OrgState, tx: PushTransactionRecord): PendingPush {
  const user = org.users.get(tx.userId);
  const f = (org.factors.get(tx.userId) ?? []).find((x) => x.id === tx.factorId);
  const name = user ? [user.profile.firstName, user.profile.lastName].filter(Boolean).join(" ") : "";
  return {
    transactionId: tx.id,
    userId: tx.userId,
    login: user?.profile.login ?? tx.userId,
    displayName: name || (user?.profile.login ?? tx.userId),
    factorId: tx.factorId,
    device: deviceOf(f),
    created: tx.created,
    expiresAt: tx.expiresAt,
    status: settle(tx),
    choices: [...tx.choices],
    numberMatching: tx.correctAnswer !== null,
    requestedBy: tx.requestedBy,
  };
}

/** Pushes still waiting for an answer (newest first); `all` includes answered and expired ones. */
export function pendingPushes(org: OrgState, opts: { all?: boolean } = {}): PendingPush[] {
  const out: PendingPush[] = [];
  for (const tx of pushTransactions(org).values()) {
    const view = pushView(org, tx);
    if (opts.all || view.status === "WAITING") out.push(view);
  }
  return out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
}

export class PhoneError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The user answers a push on their phone. Approving a number-matching push needs the number the user
 * picks: the wrong one rejects the push, as Okta Verify does.
 */
export function answerPush(
  org: OrgState,
  ids: IdFactory,
  transactionId: string,
  answer: { action: "approve"; number?: number } | { action: "reject" },
): PendingPush {
  const tx = pushTransactions(org).get(transactionId);
  if (!tx) throw new PhoneError(404, `No push transaction ${transactionId} in org ${org.slug}`);
  const status = settle(tx);
  if (status !== "WAITING") throw new PhoneError(409, `The push is ${status}, not WAITING`);
  const user = org.users.get(tx.userId);
  const f = (org.factors.get(tx.userId) ?? []).find((x) => x.id === tx.factorId);
  if (!user || !f) throw new PhoneError(404, "The push's user or factor no longer exists");
  if (answer.action === "approve" && tx.correctAnswer !== null && answer.number === undefined) {
    throw new PhoneError(400, "This push uses number matching: approve with the number the caller picks ({\"number\": n})");
  }
  const requestId = ids.requestId();
  const phone = { userAgent: `OktaVerify/9.0 (${deviceOf(f)})`, ipAddress: tx.ipAddress };
  tx.answeredAt = new Date().toISOString();
  if (answer.action === "reject") {
    tx.status = "REJECTED";
    userEvent(org, ids, user, "user.mfa.okta_verify.deny_push", "User rejected Okta push verify", { result: "FAILURE", reason: "User rejected Okta Verify push" }, f, requestId, phone);
    userEvent(org, ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "FAILURE", reason: "User rejected Okta Verify push" }, f, requestId, phone);
  } else if (tx.correctAnswer !== null && answer.number !== tx.correctAnswer) {
    tx.status = "REJECTED";
    userEvent(org, ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "FAILURE", reason: "Incorrect number selected for Okta Verify push" }, f, requestId, phone);
  } else {
    tx.status = "SUCCESS";
    userEvent(org, ids, user, "user.authentication.auth_via_mfa", "Authentication of user via MFA", { result: "SUCCESS", reason: null }, f, requestId, phone);
  }
  return pushView(org, tx);
}

export interface OtpView {
  userId: string;
  login: string;
  factorId: string;
  factorType: string;
  /** Where the code went: the phone number or email address on the factor. */
  destination: string;
  code: string;
  sentAt: string | null;
  expiresAt: string;
  used: boolean;
  expired: boolean;
}

function destinationOf(f: FactorRecord): string {
  const p = f.profile;
  return String(p.phoneNumber ?? p.email ?? p.credentialId ?? "");
}

function otpView(org: OrgState, c: OtpChallengeRecord, now = Date.now()): OtpView {
  const user = org.users.get(c.userId);
  const f = (org.factors.get(c.userId) ?? []).find((x) => x.id === c.factorId);
  return {
    userId: c.userId,
    login: user?.profile.login ?? c.userId,
    factorId: c.factorId,
    factorType: c.factorType,
    destination: f ? destinationOf(f) : "",
    code: c.code,
    sentAt: c.sentAt,
    expiresAt: c.expiresAt,
    used: c.usedAt !== null,
    expired: Date.parse(c.expiresAt) <= now,
  };
}

/**
 * The last code sent to a user (by id or login), optionally through one factor; for a TOTP factor the
 * code its app shows now. Null when nothing was sent.
 */
export function lastOtp(org: OrgState, userIdOrLogin: string, factorId?: string): OtpView | null {
  const user = org.users.get(userIdOrLogin) ?? [...org.users.values()].find((u) => u.profile.login.toLowerCase() === userIdOrLogin.toLowerCase());
  if (!user) return null;
  if (factorId) {
    const f = (org.factors.get(user.id) ?? []).find((x) => x.id === factorId);
    if (f?.factorType === "token:software:totp") {
      const { code, validUntil } = currentTotp(f.id);
      return { userId: user.id, login: user.profile.login, factorId: f.id, factorType: f.factorType, destination: destinationOf(f), code, sentAt: null, expiresAt: validUntil, used: false, expired: false };
    }
  }
  let best: OtpChallengeRecord | undefined;
  for (const c of otpChallenges(org).values()) {
    if (c.userId !== user.id || (factorId && c.factorId !== factorId)) continue;
    if (!best || c.sentAt > best.sentAt) best = c;
  }
  return best ? otpView(org, best) : null;
}

/** Recent codes of the org, newest first (the demo page). */
export function recentOtps(org: OrgState, limit = 20): OtpView[] {
  return [...otpChallenges(org).values()]
    .sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0))
    .slice(0, limit)
    .map((c) => otpView(org, c));
}
