import "server-only";
// Caller verification in the console's database: the rows of lib/verification/actions.ts and the
// check the unlock / password / MFA reset actions run before any Okta write (enforceCallerCheck).
// Every query carries the org id, and the enforcement's lookups carry the staff member and the Okta
// user too, so a verification never counts for another org, another technician or another person.
import { ActionError, type TenantActionContext } from "@/lib/actions";
import { appendAudit } from "@/lib/audit/append";
import type { Db } from "@/lib/db/client";
import { roleLabels } from "@/lib/rbac/grants";
import { callerRuleOf, decideCallerCheck, type CallerCheckInput, type CallerRule, type Subject, type VerificationRow } from "./rule";

const ROW_FIELDS = { id: true, tenantId: true, staffId: true, oktaUserId: true, method: true, status: true, verifiedAt: true, validUntil: true } as const;

/** The freshest success of this staff member for this user in this org (the window is checked by the caller). */
export async function latestSuccess(db: Db, subject: Subject, now: Date): Promise<VerificationRow | null> {
  return db.callerVerification.findFirst({
    where: { tenantId: subject.tenantId, staffId: subject.staffId, oktaUserId: subject.oktaUserId, status: "success", validUntil: { gt: now } },
    orderBy: { verifiedAt: "desc" },
    select: ROW_FIELDS,
  });
}

export async function callerRule(db: Db, tenantId: string): Promise<CallerRule> {
  const row = await db.tenant.findUnique({ where: { id: tenantId }, select: { callerVerification: true } });
  return callerRuleOf(row?.callerVerification);
}

/**
 * Before an unlock / password reset / MFA reset writes to Okta: applies the org's rule to what the
 * DATABASE holds for (this org, this staff member, this user). Throws (audited by the wrapper as
 * denied or failed, no Okta call) when the action may not run; otherwise adds to the outcome row
 * what it ran on: `callerVerified: "push at 10:42 UTC"`, or the rule and the reason given for not verifying.
 */
export async function enforceCallerCheck(ctx: TenantActionContext, userId: string, input: CallerCheckInput | undefined, now = new Date()): Promise<void> {
  const subject: Subject = { tenantId: ctx.tenant.id, staffId: ctx.staff.staffId, oktaUserId: userId };
  const claimedId = input?.verificationId;
  const [rule, fresh, claimed] = await Promise.all([
    callerRule(ctx.db, ctx.tenant.id),
    latestSuccess(ctx.db, subject, now),
    claimedId ? ctx.db.callerVerification.findFirst({ where: { id: claimedId, tenantId: ctx.tenant.id }, select: ROW_FIELDS }) : Promise.resolve(null),
  ]);
  const decision = decideCallerCheck({ rule, subject, fresh, claimed, input, now });
  switch (decision.kind) {
    case "allowed":
      ctx.addAuditDetail({ callerVerified: decision.callerVerified, callerVerificationId: decision.verificationId });
      return;
    case "allowed_unverified":
      if (rule === "off") return;
      ctx.addAuditDetail({ callerVerified: "no", callerVerificationRule: rule, callerNotVerifiedReason: decision.skipReason });
      return;
    case "refused":
      if (decision.code === "reason_required") {
        throw new ActionError(decision.sentence, "invalid", { [decision.field ?? "callerCheck.skipReason"]: ["Say why the caller was not verified."] }, decision.code);
      }
      throw new ActionError(decision.sentence, "forbidden", undefined, decision.code);
  }
}

/**
 * Resets started as jobs (bulk reset password / reset MFA from the users list) go through the same
 * rule: a job cannot ask each caller's verification or a reason per person, so where the org's rule
 * is not "off" every listed person needs a fresh verification by this staff member, or the job is
 * refused before anything is written (audited as denied by the wrapper). Returns the audit detail.
 */
export async function enforceCallerCheckForJob(ctx: TenantActionContext, userIds: readonly string[], now = new Date()): Promise<void> {
  const rule = await callerRule(ctx.db, ctx.tenant.id);
  if (rule === "off") return;
  const verified = await ctx.db.callerVerification.findMany({
    where: { tenantId: ctx.tenant.id, staffId: ctx.staff.staffId, oktaUserId: { in: [...userIds] }, status: "success", validUntil: { gt: now } },
    select: { oktaUserId: true },
  });
  const ok = new Set(verified.map((v) => v.oktaUserId));
  const missing = userIds.filter((id) => !ok.has(id));
  if (missing.length) {
    const how = missing.length === 1 ? "1 of them has" : `${missing.length} of them have`;
    throw new ActionError(
      `${ctx.tenant.name} ${rule === "required" ? "requires" : "asks for"} caller verification before password and MFA resets, and ${how} no verification by you in the last 15 minutes. Verify each caller and reset from their page; nothing was started.`,
      "forbidden",
      undefined,
      "caller_not_verified",
    );
  }
  ctx.addAuditDetail({ callerVerified: `all ${userIds.length} by you within 15 minutes`, callerVerificationRule: rule });
}

/**
 * A row outside the wrapper's own outcome row: the end of a push noticed by a poll (a read, whose
 * successes the wrapper does not record). Written once per row (the caller changed the status with a
 * conditional update first).
 */
export async function auditVerificationOutcome(
  ctx: TenantActionContext,
  entry: { action: string; userId: string; outcome: "success" | "failure"; input: Record<string, unknown>; errorCode?: string; errorSummary?: string },
): Promise<void> {
  try {
    await appendAudit(ctx.db, {
      action: entry.action,
      staffId: ctx.staff.staffId,
      staffEmail: ctx.staff.email,
      role: roleLabels(ctx.roles),
      tenantId: ctx.tenant.id,
      tenantSlug: ctx.tenant.slug,
      target: { type: "user", id: entry.userId },
      input: entry.input,
      outcome: entry.outcome,
      errorCode: entry.errorCode ?? null,
      errorSummary: entry.errorSummary ?? null,
      ticketId: ctx.ticketId,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    });
  } catch (err) {
    console.error(`[audit] AUDIT WRITE FAILED: could not record ${entry.action} (${entry.outcome}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Pending break-glass requests per org (the approvers' navigation badge). */
export async function pendingBreakGlassCounts(db: Db, tenantIds: string[], now = new Date()): Promise<Record<string, number>> {
  if (!tenantIds.length) return {};
  const rows = await db.callerVerification.groupBy({
    by: ["tenantId"],
    where: { tenantId: { in: tenantIds }, method: "break_glass", status: "requested", expiresAt: { gt: now } },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.tenantId, r._count._all]));
}
