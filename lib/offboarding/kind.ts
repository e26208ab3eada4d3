import "server-only";
// Kind offboarding: the chosen steps (./steps.ts) for one user, in order, each recorded in the item's
// result (step -> done / failed / skipped with a sentence), so the job page, its CSV report and the
// item's audit row show what happened per person. Before any write the target is read live (its admin
// roles, groups, service-account marks: lib/users/privilege.ts, as single actions do): a service
// account is refused (a bulk job cannot take the typed-login override), an Okta admin needs a role
// that acts on privileged targets (ctx.assertCanActOn). Every step is safe to repeat: a step already
// done finds nothing left to do (no sessions, no groups, no direct apps, already deactivated).
// result: { login, outcome (one line), steps: [{ step, label, status: done|failed|skipped, outcome, message }] }.
import { z } from "zod";
import { forgetAppCounts } from "@/lib/apps/count-cache";
import type { JobItemContext, JobItemOutcome, JobKindDefinition } from "@/lib/jobs/types";
import { mapBounded } from "@/lib/okta/bounded";
import { describeOktaError } from "@/lib/okta/gateway";
import { appAssignmentScope } from "@/lib/okta/groups";
import { listUserAppLinks, listUserGroups } from "@/lib/okta/users";
import { isUserStatus, statusRefusal, type UserOperation } from "@/lib/users/lifecycle";
import { operationCaution } from "@/lib/users/mastery";
import { readTargetPrivilege } from "@/lib/users/privilege";
import { oktaUserIdSchema } from "@/lib/users/schemas";
import { targetDecision } from "@/lib/users/service-accounts";
import { OFFBOARDING_STEPS, STEP_INFO, type OffboardingStep, type StepOutcome, type StepResults } from "./steps";

export const offboardingParamsSchema = z.object({
  steps: z.array(z.enum(OFFBOARDING_STEPS)).min(1).max(OFFBOARDING_STEPS.length),
});
export type OffboardingParams = z.infer<typeof offboardingParamsSchema>;

export const offboardingItemSchema = z.object({ userId: oktaUserIdSchema, login: z.string().max(200).optional() });
export type OffboardingItem = z.infer<typeof offboardingItemSchema>;

const CONCURRENCY = 4;
const isRec = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const statusOf = (err: unknown) => (isRec(err) && typeof err.status === "number" ? err.status : undefined);
const sentence = (err: unknown) => describeOktaError(err)?.sentence ?? (err instanceof Error && err.message ? err.message : "Okta did not answer as expected.");

const OP_OF: Record<OffboardingStep, UserOperation | null> = {
  revoke_sessions: "clear_sessions",
  reset_factors: "reset_factors",
  remove_groups: null,
  unassign_apps: null,
  deactivate: "deactivate",
};

type Step = (ctx: JobItemContext<OffboardingParams>, userId: string) => Promise<StepOutcome>;

const STEPS: Record<OffboardingStep, Step> = {
  async revoke_sessions(ctx, userId) {
    await ctx.okta.client.userApi.revokeUserSessions({ userId, oauthTokens: true });
    return { status: "done", message: "Sessions cleared and OAuth tokens revoked." };
  },
  async reset_factors(ctx, userId) {
    await ctx.okta.client.userApi.resetFactors({ userId });
    return { status: "done", message: "Every MFA factor was reset." };
  },
  async remove_groups(ctx, userId) {
    const groups = await listUserGroups(ctx.okta, userId);
    const okta = groups.items.filter((g) => g.type === "OKTA_GROUP");
    const appGroups = groups.items.filter((g) => g.type === "APP_GROUP");
    const removed: string[] = [];
    const failed: string[] = [];
    await mapBounded(okta, CONCURRENCY, async (g) => {
      if (ctx.signal.aborted) return void failed.push(`${g.name} (cancelled)`);
      try {
        await ctx.okta.client.groupApi.unassignUserFromGroup({ groupId: g.id, userId });
        removed.push(g.name);
      } catch (err) {
        if (statusOf(err) === 404) return; // no longer a member: nothing to do
        failed.push(`${g.name} (${sentence(err)})`);
      }
    });
    const parts = [
      removed.length ? `Removed from ${removed.length} group${removed.length === 1 ? "" : "s"}: ${removed.sort().join(", ")}.` : "In no Okta group to remove.",
      appGroups.length ? `Kept in ${appGroups.length} app-imported group${appGroups.length === 1 ? "" : "s"} (${appGroups.map((g) => g.name).join(", ")}): Okta can't edit those; change them at their source.` : "",
      groups.truncated ? "The user is in more groups than one read holds; run this step again for the rest." : "",
      failed.length ? `Not removed from: ${failed.join(", ")}.` : "",
    ].filter(Boolean);
    return { status: failed.length || groups.truncated ? "failed" : "done", message: parts.join(" ") };
  },
  async unassign_apps(ctx, userId) {
    const links = await listUserAppLinks(ctx.okta, userId);
    const apps = [...new Map(links.items.filter((a) => a.appInstanceId).map((a) => [a.appInstanceId, a])).values()];
    const removed: string[] = [];
    const viaGroup: string[] = [];
    const failed: string[] = [];
    await mapBounded(apps, CONCURRENCY, async (a) => {
      if (ctx.signal.aborted) return void failed.push(`${a.label} (cancelled)`);
      try {
        const scope = await appAssignmentScope(ctx.okta, a.appInstanceId, userId);
        if (scope === "none") return;
        if (scope === "group") return void viaGroup.push(a.label);
        await ctx.okta.client.applicationApi.unassignUserFromApplication({ appId: a.appInstanceId, userId });
        forgetAppCounts(ctx.tenant.id, a.appInstanceId); // the apps list counts it again (lib/apps/count-cache.ts)
        removed.push(a.label);
      } catch (err) {
        if (statusOf(err) === 404) return;
        failed.push(`${a.label} (${sentence(err)})`);
      }
    });
    const parts = [
      removed.length ? `Unassigned from ${removed.length} app${removed.length === 1 ? "" : "s"}: ${removed.sort().join(", ")}.` : "No direct app assignment to remove.",
      viaGroup.length ? `Assigned through a group (goes with the group): ${viaGroup.sort().join(", ")}.` : "",
      failed.length ? `Not unassigned: ${failed.join(", ")}.` : "",
    ].filter(Boolean);
    return { status: failed.length ? "failed" : "done", message: parts.join(" ") };
  },
  async deactivate(ctx, userId) {
    await ctx.okta.client.userApi.deactivateUser({ userId, sendEmail: false });
    return { status: "done", message: "Deactivated." };
  },
};

export async function runOffboardingItem(ctx: JobItemContext<OffboardingParams>, item: OffboardingItem): Promise<JobItemOutcome> {
  const steps = OFFBOARDING_STEPS.filter((s) => ctx.params.steps.includes(s));
  const results: StepResults = {};
  const target = await readTargetPrivilege(ctx.okta, ctx.db, ctx.tenant.id, item.userId, { mastery: ctx.tenant.mastery });
  const { user, assessment } = target;
  if (assessment.serviceAccount) {
    const decision = targetDecision("users.offboard", [...ctx.roles], { login: user.login, assessment });
    const why = decision.kind === "allowed" ? "" : decision.reason.replace(/ You may override.*$/, "");
    for (const s of steps) results[s] = { status: "skipped", message: "Not run: service account." };
    return { status: "failed", result: { login: user.login, outcome: "Not run: service account", steps: stepList(steps, results) }, error: `${why} Bulk offboarding never overrides the guard; offboard it from its own page.`.trim() };
  }
  if (assessment.oktaAdmin) ctx.assertCanActOn({ privileged: true, name: user.login });

  let status = user.status;
  let failed = 0;
  for (const step of steps) {
    if (ctx.signal.aborted) {
      results[step] = { status: "skipped", message: "Not run: the job was cancelled." };
      continue;
    }
    const op = OP_OF[step];
    if (op && isUserStatus(status)) {
      const refusal = statusRefusal(op, status);
      if (refusal) {
        results[step] = { status: "skipped", message: step === "deactivate" && status === "DEPROVISIONED" ? "Already deactivated." : refusal };
        continue;
      }
      const caution = operationCaution(user.source, op);
      if (caution?.effect === "block") {
        results[step] = { status: "skipped", message: caution.sentence };
        continue;
      }
    }
    try {
      results[step] = await STEPS[step](ctx, item.userId);
      if (step === "deactivate") status = "DEPROVISIONED";
    } catch (err) {
      results[step] = { status: "failed", message: `${STEP_INFO[step].label}: ${sentence(err)}` };
    }
    if (results[step]?.status === "failed") failed++;
  }
  const summary = steps.map((s) => `${s}: ${results[s]?.status ?? "skipped"}`).join(", ");
  const done = steps.filter((s) => results[s]?.status === "done").length;
  const result = { login: user.login, outcome: `${done} of ${steps.length} steps done (${summary})`, steps: stepList(steps, results) };
  return failed ? { status: "failed", result, error: `${failed} of ${steps.length} steps failed (${summary}).` } : { status: "succeeded", result };
}

/** The steps as the job page and report show them: one entry per chosen step, in order. */
function stepList(steps: readonly OffboardingStep[], results: StepResults) {
  return steps.map((s) => ({ step: s, label: STEP_INFO[s].label, status: results[s]?.status ?? "skipped", outcome: `${results[s]?.status ?? "skipped"}: ${results[s]?.message ?? ""}`, message: results[s]?.message ?? "" }));
}

export const offboardingKind: JobKindDefinition<OffboardingParams, OffboardingItem> = {
  kind: "offboarding",
  permission: "users.offboard",
  paramsSchema: offboardingParamsSchema,
  itemSchema: offboardingItemSchema,
  auditAction: "job.offboarding.item",
  target: (item) => ({ type: "user", id: item.userId, ...(item.login ? { name: item.login } : {}) }),
  runItem: runOffboardingItem,
};
