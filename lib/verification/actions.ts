import "server-only";
// Caller verification (issue 12) through the one wrapper: list a user's factors that can be
// challenged, start a push or a one-time code, poll a push, check a code, cancel, and the break-glass
// path (ask / approve / deny). The browser only ever holds the console's row id: Okta's transaction
// id stays in the database, and every row is looked up with the org id, and for a challenge with the
// staff member and the Okta user too, so nobody can poll or complete another person's challenge.
//
// Secrets: the code the caller reads back (passCode) is in no audit selection and never stored or
// logged; the push number (correctAnswer) is returned to the technician who started the push, in that
// one answer, and is neither stored nor audited.
import { z } from "zod";
import { ActionError, tenantAction, type TenantActionContext } from "@/lib/actions";
import { factorsForVerification, pollPush, sendOtp, startPush, verifyOtp, type ChallengeKind } from "@/lib/okta/factor-verify";
import { readTargetPrivilege } from "@/lib/users/privilege";
import { BREAK_GLASS_REQUEST_MS, OTP_CHALLENGE_MS, OTP_MAX_ATTEMPTS, callerRuleOf, isFreshSuccess, validUntilFrom, type CallerRule } from "./rule";
import { breakGlassDecisionSchema, breakGlassRequestSchema, pollSchema, startChallengeSchema, userOnlySchema, verifyOtpSchema } from "./schemas";
import { auditVerificationOutcome, latestSuccess } from "./service";

const EXAMPLE_USER_ID = "00uexample0000000001";
const EXAMPLE_FACTOR_ID = "ufsexample0000000001";
const EXAMPLE_VERIFICATION_ID = "cmexample00000000000000001";

const NOT_YOURS = "There is no such caller verification of yours for this user in this org.";

const userTarget = (i: { userId: string }) => ({ type: "user", id: i.userId });

/** Who may be challenged: Help Desk never verifies (and so never resets) an Okta admin or service account. */
async function guardTarget(ctx: TenantActionContext, userId: string) {
  const { user, assessment } = await readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, userId, { mastery: ctx.tenant.mastery });
  ctx.setTarget({ type: "user", id: user.id, name: user.login });
  ctx.assertCanActOn({ privileged: assessment.oktaAdmin || assessment.serviceAccount, name: user.login });
  return user;
}

/** The row, if it is this org's, this staff member's and this user's; else a refusal (audited). */
async function ownRow(ctx: TenantActionContext, verificationId: string, userId: string) {
  const row = await ctx.db.callerVerification.findFirst({ where: { id: verificationId, tenantId: ctx.tenant.id } });
  if (!row || row.oktaUserId !== userId) throw new ActionError(NOT_YOURS, "not_found", undefined, "not_found");
  if (row.staffId !== ctx.staff.staffId) {
    throw new ActionError("This verification was started by someone else; only they can use it. Start your own.", "forbidden", undefined, "not_own_verification");
  }
  return row;
}

export interface VerificationView {
  id: string;
  method: string;
  status: string;
  verifiedAt: string | null;
  validUntil: string | null;
}

export interface CallerState {
  rule: CallerRule;
  /** This staff member's fresh success for this user, if any. */
  fresh: VerificationView | null;
  /** This staff member's break-glass request for this user still waiting for an approver. */
  pendingBreakGlass: { id: string; createdAt: string; expiresAt: string } | null;
}

const view = (r: { id: string; method: string; status: string; verifiedAt: Date | null; validUntil: Date | null }): VerificationView => ({
  id: r.id,
  method: r.method,
  status: r.status,
  verifiedAt: r.verifiedAt?.toISOString() ?? null,
  validUntil: r.validUntil?.toISOString() ?? null,
});

/** The org's rule, this staff member's fresh verification of the user and a waiting break-glass request. */
export async function callerStateFor(ctx: Pick<TenantActionContext, "db" | "tenant" | "staff">, userId: string, now = new Date()): Promise<CallerState> {
  const subject = { tenantId: ctx.tenant.id, staffId: ctx.staff.staffId, oktaUserId: userId };
  // The rule comes with the org row the wrapper read for this request (no second read of it).
  const [fresh, pending] = await Promise.all([
    latestSuccess(ctx.db, subject, now),
    ctx.db.callerVerification.findFirst({
      where: { ...subject, method: "break_glass", status: "requested", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    rule: callerRuleOf(ctx.tenant.callerVerification),
    fresh: isFreshSuccess(fresh, subject, now) ? view(fresh) : null,
    pendingBreakGlass: pending ? { id: pending.id, createdAt: pending.createdAt.toISOString(), expiresAt: pending.expiresAt.toISOString() } : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reads

export const callerStateAction = tenantAction(
  {
    name: "verification.state",
    permission: "users.verifyCaller",
    input: userOnlySchema,
    target: userTarget,
    auditFields: ["userId"],
    example: { userId: EXAMPLE_USER_ID },
    readOnly: true,
    okta: false,
  },
  async (ctx, input): Promise<CallerState> => callerStateFor(ctx, input.userId),
);

export const verificationFactorsAction = tenantAction(
  {
    name: "verification.factors",
    permission: "users.verifyCaller",
    input: userOnlySchema,
    target: userTarget,
    auditFields: ["userId"],
    example: { userId: EXAMPLE_USER_ID },
    readOnly: true,
  },
  async (ctx, input) => {
    const [factors, state] = await Promise.all([
      factorsForVerification(ctx.okta, input.userId).catch((err: unknown) => {
        // Okta answers 404 for a user it does not know: a sentence for the dialog, not a failure.
        if (typeof err === "object" && err !== null && (err as { status?: unknown }).status === 404) return null;
        throw err;
      }),
      callerStateFor(ctx, input.userId),
    ]);
    if (!factors) return { usable: [], unusable: [], state, missing: "Okta has no user with this id in this org; it may have been deleted." };
    return { ...factors, state };
  },
);

// ---------------------------------------------------------------------------------------------------
// Challenges

export interface StartedChallenge {
  id: string;
  kind: ChallengeKind;
  /** Push with number matching: the number the technician reads to the caller. Not stored, not audited. */
  correctAnswer: number | null;
  expiresAt: string;
  factorLabel: string;
}

export const startChallengeAction = tenantAction(
  {
    name: "verification.start",
    permission: "users.verifyCaller",
    input: startChallengeSchema,
    target: userTarget,
    auditFields: ["userId", "factorId"],
    example: { userId: EXAMPLE_USER_ID, factorId: EXAMPLE_FACTOR_ID },
  },
  async (ctx, input): Promise<StartedChallenge> => {
    const [, factors] = await Promise.all([guardTarget(ctx, input.userId), factorsForVerification(ctx.okta, input.userId)]);
    const factor = factors.usable.find((f) => f.id === input.factorId);
    if (!factor) {
      const unusable = factors.unusable.find((f) => f.id === input.factorId);
      throw new ActionError(
        unusable ? `This factor cannot be challenged: ${unusable.reason}` : "This user has no such factor that the console can challenge; choose another, or use break glass.",
        "invalid",
        undefined,
        "factor_not_usable",
      );
    }
    ctx.addAuditDetail({ factorType: factor.factorType, method: factor.kind });
    if (factor.kind === "push") {
      const push = await startPush(ctx.okta, input.userId, factor.id);
      const row = await ctx.db.callerVerification.create({
        data: {
          tenantId: ctx.tenant.id,
          staffId: ctx.staff.staffId,
          oktaUserId: input.userId,
          method: "push",
          factorId: factor.id,
          transactionId: push.transactionId,
          status: "pending",
          expiresAt: new Date(push.expiresAt),
        },
      });
      ctx.addAuditDetail({ verificationId: row.id, numberMatching: push.correctAnswer !== null });
      return { id: row.id, kind: "push", correctAnswer: push.correctAnswer, expiresAt: row.expiresAt.toISOString(), factorLabel: factor.label };
    }
    await sendOtp(ctx.okta, input.userId, factor.id);
    const row = await ctx.db.callerVerification.create({
      data: {
        tenantId: ctx.tenant.id,
        staffId: ctx.staff.staffId,
        oktaUserId: input.userId,
        method: factor.kind,
        factorId: factor.id,
        status: "pending",
        expiresAt: new Date(Date.now() + OTP_CHALLENGE_MS),
      },
    });
    ctx.addAuditDetail({ verificationId: row.id });
    return { id: row.id, kind: factor.kind, correctAnswer: null, expiresAt: row.expiresAt.toISOString(), factorLabel: factor.label };
  },
);

export interface PollAnswer {
  status: "waiting" | "success" | "rejected" | "timeout" | "cancelled" | "failed";
  verifiedAt?: string | null;
  validUntil?: string | null;
}

const FINAL: Record<string, PollAnswer["status"]> = { success: "success", rejected: "rejected", timeout: "timeout", cancelled: "cancelled", failed: "failed" };
/** A push Okta still calls WAITING this long after its expiry is closed as timed out here. */
const EXPIRY_GRACE_MS = 5_000;

/**
 * A read (every ~2 s from the dialog; not audited while waiting): the server checks the row, then asks
 * Okta with the stored transaction id. The first poll that sees the end records it (conditional update,
 * then one audit row: factor, outcome, time).
 */
export const pollChallengeAction = tenantAction(
  {
    name: "verification.poll",
    permission: "users.verifyCaller",
    input: pollSchema,
    target: userTarget,
    auditFields: ["userId", "verificationId"],
    example: { userId: EXAMPLE_USER_ID, verificationId: EXAMPLE_VERIFICATION_ID },
    readOnly: true,
  },
  async (ctx, input): Promise<PollAnswer> => {
    const row = await ownRow(ctx, input.verificationId, input.userId);
    if (row.method !== "push") throw new ActionError("Only a push is polled; a code is checked when the caller reads it back.", "invalid", undefined, "not_push");
    const final = FINAL[row.status];
    if (final) return { status: final, verifiedAt: row.verifiedAt?.toISOString() ?? null, validUntil: row.validUntil?.toISOString() ?? null };
    if (!row.transactionId || !row.factorId) throw new ActionError(NOT_YOURS, "not_found", undefined, "no_transaction");

    const now = new Date();
    let okta: "WAITING" | "SUCCESS" | "REJECTED" | "TIMEOUT";
    try {
      okta = (await pollPush(ctx.okta, row.oktaUserId, row.factorId, row.transactionId)).status;
    } catch (err) {
      // Okta forgets a transaction some time after it ends: past our expiry, that is a timeout.
      if (now.getTime() > row.expiresAt.getTime()) okta = "TIMEOUT";
      else throw err;
    }
    if (okta === "WAITING" && now.getTime() > row.expiresAt.getTime() + EXPIRY_GRACE_MS) okta = "TIMEOUT";
    if (okta === "WAITING") return { status: "waiting" };

    const status = okta === "SUCCESS" ? "success" : okta === "REJECTED" ? "rejected" : "timeout";
    const data = status === "success" ? { status, verifiedAt: now, validUntil: validUntilFrom(now) } : { status };
    const changed = await ctx.db.callerVerification.updateMany({ where: { id: row.id, tenantId: ctx.tenant.id, status: "pending" }, data });
    if (changed.count === 1) {
      await auditVerificationOutcome(ctx, {
        action: "verification.push_result",
        userId: row.oktaUserId,
        outcome: status === "success" ? "success" : "failure",
        input: { verificationId: row.id, method: "push", factorId: row.factorId, result: status },
        ...(status === "success" ? {} : { errorCode: status, errorSummary: status === "rejected" ? "The caller rejected the push." : "The push was not answered in time." }),
      });
    }
    const fresh = await ctx.db.callerVerification.findUnique({ where: { id: row.id } });
    return { status: FINAL[fresh?.status ?? status] ?? "failed", verifiedAt: fresh?.verifiedAt?.toISOString() ?? null, validUntil: fresh?.validUntil?.toISOString() ?? null };
  },
);

export const verifyOtpAction = tenantAction(
  {
    name: "verification.verify_code",
    permission: "users.verifyCaller",
    input: verifyOtpSchema,
    target: userTarget,
    // NOT passCode: the code is never audited, logged or stored.
    auditFields: ["userId", "verificationId"],
    example: { userId: EXAMPLE_USER_ID, verificationId: EXAMPLE_VERIFICATION_ID, passCode: "123456" },
  },
  async (ctx, input): Promise<PollAnswer> => {
    const row = await ownRow(ctx, input.verificationId, input.userId);
    ctx.addAuditDetail({ method: row.method, factorId: row.factorId });
    if (!["sms", "call", "email"].includes(row.method) || !row.factorId) throw new ActionError("This verification does not take a code.", "invalid", undefined, "not_otp");
    if (row.status !== "pending") throw new ActionError("This code challenge is closed; send a new code.", "invalid", undefined, `closed_${row.status}`);
    const now = new Date();
    const close = (status: string) => ctx.db.callerVerification.updateMany({ where: { id: row.id, status: "pending" }, data: { status } });
    if (now.getTime() > row.expiresAt.getTime()) {
      await close("timeout");
      throw new ActionError("This code has expired. Send a new one.", "invalid", { passCode: ["The code has expired; send a new one."] }, "expired");
    }
    // Wrong codes so far on this challenge: the audit log records each one (errorCode invalid_code), so
    // guessing stops at OTP_MAX_ATTEMPTS whatever Okta's own lockout allows.
    const wrongSoFar = await ctx.db.auditEvent.count({
      where: { action: "verification.verify_code", tenantId: ctx.tenant.id, targetId: row.oktaUserId, errorCode: "invalid_code", input: { contains: row.id } },
    });
    if (wrongSoFar >= OTP_MAX_ATTEMPTS) {
      await close("failed");
      throw new ActionError(`${OTP_MAX_ATTEMPTS} wrong codes: this challenge is closed. Send a new code.`, "invalid", { passCode: ["Too many wrong codes; send a new one."] }, "too_many_attempts");
    }
    const result = await verifyOtp(ctx.okta, row.oktaUserId, row.factorId, input.passCode);
    if (!result.ok) {
      if (result.reason === "invalid_code") {
        const left = OTP_MAX_ATTEMPTS - wrongSoFar - 1;
        if (left <= 0) await close("failed");
        throw new ActionError(
          left > 0
            ? `That code is not right. Ask the caller to read it again (${left} ${left === 1 ? "try" : "tries"} left), or send a new code.`
            : `That code is not right, and that was the last try: this challenge is closed. Send a new code.`,
          "invalid",
          { passCode: ["That code is not right."] },
          "invalid_code",
        );
      }
      await close(result.reason === "expired" ? "timeout" : "failed");
      throw new ActionError(
        result.reason === "expired" ? "This code has expired. Send a new one." : "Okta has no open challenge for this factor; send a new code.",
        "invalid",
        { passCode: [result.reason === "expired" ? "The code has expired; send a new one." : "Send a new code."] },
        result.reason,
      );
    }
    const validUntil = validUntilFrom(now);
    const changed = await ctx.db.callerVerification.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "success", verifiedAt: now, validUntil } });
    if (changed.count !== 1) throw new ActionError("This code challenge was closed meanwhile; send a new code.", "invalid", undefined, "closed");
    ctx.addAuditDetail({ result: "success" });
    return { status: "success", verifiedAt: now.toISOString(), validUntil: validUntil.toISOString() };
  },
);

export const cancelChallengeAction = tenantAction(
  {
    name: "verification.cancel",
    permission: "users.verifyCaller",
    input: pollSchema,
    target: userTarget,
    auditFields: ["userId", "verificationId"],
    example: { userId: EXAMPLE_USER_ID, verificationId: EXAMPLE_VERIFICATION_ID },
    okta: false,
  },
  async (ctx, input): Promise<{ status: string }> => {
    const row = await ownRow(ctx, input.verificationId, input.userId);
    // Only a challenge still waiting; a success stays valid (it was earned), a request stays for the approver.
    const changed = await ctx.db.callerVerification.updateMany({ where: { id: row.id, status: { in: ["pending", "requested"] } }, data: { status: "cancelled" } });
    ctx.addAuditDetail({ method: row.method, cancelled: changed.count === 1 });
    return { status: changed.count === 1 ? "cancelled" : row.status };
  },
);

// ---------------------------------------------------------------------------------------------------
// Break glass: a caller who cannot be challenged ("I lost my phone").
//
// A Help Desk member or Technician asks, with a Ticket ID and the reason; a DIFFERENT Technician or
// Administrator of the org (users.verifyCaller.breakGlass) approves or denies with a Ticket ID. The
// approval counts as a success for the requester and that user for 15 minutes.
// Nobody approves their own request, Technicians and Administrators included: break glass exists for
// the moment a caller talks someone into skipping verification, which is exactly when one person's
// judgement is the thing being attacked. A second person who did not hear the call is the protection
// the customer gets; a Technician alone records the request and asks a colleague (Administrators
// cover every org, so one is always reachable).

const requireTicket = (ctx: TenantActionContext, what: string) => {
  if (!ctx.ticketId) throw new ActionError(`${what} needs a Ticket ID.`, "invalid", { ticketId: ["Enter the Ticket ID."] }, "ticket_required");
};

export const requestBreakGlassAction = tenantAction(
  {
    name: "verification.break_glass.request",
    permission: "users.verifyCaller",
    input: breakGlassRequestSchema,
    target: userTarget,
    auditFields: ["userId", "reason"],
    example: { userId: EXAMPLE_USER_ID, reason: "Lost phone, no other factor enrolled" },
  },
  async (ctx, input): Promise<{ id: string; expiresAt: string }> => {
    requireTicket(ctx, "Break glass");
    await guardTarget(ctx, input.userId);
    const now = new Date();
    const open = await ctx.db.callerVerification.findFirst({
      where: { tenantId: ctx.tenant.id, staffId: ctx.staff.staffId, oktaUserId: input.userId, method: "break_glass", status: "requested", expiresAt: { gt: now } },
    });
    if (open) throw new ActionError("You already asked for break glass for this user; wait for an approver.", "invalid", undefined, "already_requested");
    const row = await ctx.db.callerVerification.create({
      data: {
        tenantId: ctx.tenant.id,
        staffId: ctx.staff.staffId,
        oktaUserId: input.userId,
        method: "break_glass",
        status: "requested",
        expiresAt: new Date(now.getTime() + BREAK_GLASS_REQUEST_MS),
        ticketId: ctx.ticketId,
        reason: input.reason,
      },
    });
    ctx.addAuditDetail({ verificationId: row.id });
    return { id: row.id, expiresAt: row.expiresAt.toISOString() };
  },
);

export const decideBreakGlassAction = tenantAction(
  {
    name: "verification.break_glass.decide",
    permission: "users.verifyCaller.breakGlass",
    input: breakGlassDecisionSchema,
    target: (i) => ({ type: "caller_verification", id: i.verificationId }),
    auditFields: ["verificationId", "decision", "note"],
    example: { verificationId: EXAMPLE_VERIFICATION_ID, decision: "approve" },
    okta: false,
  },
  async (ctx, input): Promise<VerificationView> => {
    const row = await ctx.db.callerVerification.findFirst({ where: { id: input.verificationId, tenantId: ctx.tenant.id, method: "break_glass" } });
    if (!row) throw new ActionError("There is no such break-glass request in this org.", "not_found", undefined, "not_found");
    ctx.setTarget({ type: "user", id: row.oktaUserId });
    ctx.addAuditDetail({ verificationId: row.id, requesterId: row.staffId, requestTicketId: row.ticketId });
    if (row.staffId === ctx.staff.staffId) {
      throw new ActionError("You asked for this break glass yourself; another Technician or Administrator must decide it.", "forbidden", undefined, "self_approval");
    }
    requireTicket(ctx, input.decision === "approve" ? "Approving break glass" : "Denying break glass");
    const now = new Date();
    if (row.status !== "requested") throw new ActionError(`This request was already ${row.status === "success" ? "approved" : row.status}.`, "invalid", undefined, "already_decided");
    if (row.expiresAt.getTime() <= now.getTime()) throw new ActionError("This request has lapsed (no decision within an hour); the requester must ask again.", "invalid", undefined, "lapsed");
    const data =
      input.decision === "approve"
        ? { status: "success", verifiedAt: now, validUntil: validUntilFrom(now), approvedById: ctx.staff.staffId, decidedAt: now }
        : { status: "denied", approvedById: ctx.staff.staffId, decidedAt: now };
    const changed = await ctx.db.callerVerification.updateMany({ where: { id: row.id, tenantId: ctx.tenant.id, status: "requested" }, data });
    if (changed.count !== 1) throw new ActionError("This request was decided meanwhile.", "invalid", undefined, "already_decided");
    const updated = await ctx.db.callerVerification.findUniqueOrThrow({ where: { id: row.id } });
    return view(updated);
  },
);

// ---------------------------------------------------------------------------------------------------
// The org's verifications page

export interface VerificationListRow extends VerificationView {
  oktaUserId: string;
  userLogin: string | null;
  staffEmail: string | null;
  approverEmail: string | null;
  createdAt: string;
  expiresAt: string;
  ticketId: string | null;
  reason: string | null;
  decidedAt: string | null;
  mine: boolean;
}

const RECENT_DAYS = 7;

export const verificationsOverviewAction = tenantAction(
  {
    name: "verification.overview",
    permission: "users.verifyCaller",
    input: z.object({}),
    auditFields: [],
    example: {},
    readOnly: true,
    okta: false,
  },
  async (ctx): Promise<{ rule: CallerRule; canApprove: boolean; pending: VerificationListRow[]; recent: VerificationListRow[] }> => {
    const now = new Date();
    const since = new Date(now.getTime() - RECENT_DAYS * 24 * 3600_000);
    const [pendingRows, recentRows] = await Promise.all([
      ctx.db.callerVerification.findMany({
        where: { tenantId: ctx.tenant.id, method: "break_glass", status: "requested", expiresAt: { gt: now } },
        orderBy: { createdAt: "asc" },
        take: 100,
      }),
      ctx.db.callerVerification.findMany({
        where: { tenantId: ctx.tenant.id, createdAt: { gt: since }, NOT: { status: "requested", expiresAt: { gt: now } } },
        orderBy: { createdAt: "desc" },
        take: 50,
      }),
    ]);
    const all = [...pendingRows, ...recentRows];
    const staffIds = [...new Set(all.flatMap((r) => [r.staffId, r.approvedById].filter((x): x is string => !!x)))];
    const userIds = [...new Set(all.map((r) => r.oktaUserId))];
    const [staff, names] = await Promise.all([
      staffIds.length ? ctx.db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, email: true, unverifiedEmail: true } }) : [],
      // The users' logins as this org's audit rows named them (the console keeps no copy of Okta's directory).
      userIds.length
        ? ctx.db.auditEvent.findMany({
            where: { tenantId: ctx.tenant.id, targetType: "user", targetId: { in: userIds }, targetName: { not: null } },
            select: { targetId: true, targetName: true },
            orderBy: { seq: "desc" },
            take: 500,
          })
        : [],
    ]);
    const email = new Map(staff.map((s) => [s.id, s.email ?? s.unverifiedEmail ?? null]));
    const login = new Map<string, string>();
    for (const n of names) if (n.targetId && n.targetName && !login.has(n.targetId)) login.set(n.targetId, n.targetName.replace(/ \(service account.*\)$/, ""));
    const toRow = (r: (typeof all)[number]): VerificationListRow => ({
      ...view(r),
      oktaUserId: r.oktaUserId,
      userLogin: login.get(r.oktaUserId) ?? null,
      staffEmail: email.get(r.staffId) ?? null,
      approverEmail: r.approvedById ? (email.get(r.approvedById) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      ticketId: r.ticketId,
      reason: r.reason,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      mine: r.staffId === ctx.staff.staffId,
    });
    return {
      rule: callerRuleOf(ctx.tenant.callerVerification),
      canApprove: ctx.can("users.verifyCaller.breakGlass"),
      pending: pendingRows.map(toRow),
      recent: recentRows.map(toRow),
    };
  },
);
