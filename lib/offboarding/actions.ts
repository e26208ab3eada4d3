import "server-only";
// The offboarding wizard through the one wrapper:
//   offboardTargetsAction  read-only: the chosen people as Okta has them now (login, name, status), for
//                          the wizard; unknown ids are named.
//   offboardStartAction    one offboarding job (lib/offboarding/kind.ts) for the chosen people and
//                          steps, now or at a chosen time (Job.scheduledFor: the engine starts it then).
//                          Each person's guard (service account, Okta admin) is checked when their item
//                          runs, against Okta's state at that moment.
//   saveOffboardingDefaultsAction  Administrators: the org's default step set (Tenant.offboardingDefaults),
//                          audited.
import { z } from "zod";
import { ActionError, tenantAction } from "@/lib/actions";
import { enqueueJob } from "@/lib/import/enqueue";
import { enforceCallerCheckForJob } from "@/lib/verification/service";
import { mapBounded } from "@/lib/okta/bounded";
import { getUserDetail } from "@/lib/okta/users";
import { oktaUserIdSchema } from "@/lib/users/schemas";
import type { OffboardTarget } from "./actions-types";
import { OFFBOARDING_STEPS, STEP_INFO, stepsSchema, type OffboardingStep } from "./steps";

/** People per offboarding job. */
export const OFFBOARD_MAX_USERS = 200;
/** How far ahead a job may be scheduled. */
export const SCHEDULE_MAX_DAYS = 90;
const READ_CONCURRENCY = 4;
const EXAMPLE_USER_ID = "00uexample0000000001";

const userIdsSchema = z
  .array(oktaUserIdSchema)
  .min(1, "Choose at least one person.")
  .max(OFFBOARD_MAX_USERS, `Offboard at most ${OFFBOARD_MAX_USERS} people at once.`)
  .transform((ids) => [...new Set(ids)]);

export type { OffboardTarget } from "./actions-types";

async function readTargets(okta: Parameters<typeof getUserDetail>[0], ids: string[], mastery: string): Promise<{ found: OffboardTarget[]; missing: string[] }> {
  const found: OffboardTarget[] = [];
  const missing: string[] = [];
  const users = await mapBounded(ids, READ_CONCURRENCY, (id) => getUserDetail(okta, id, mastery));
  users.forEach((u, i) => {
    if (!u) missing.push(ids[i]!);
    else found.push({ id: u.id, login: u.login, displayName: u.displayName, status: u.status, statusLabel: u.statusLabel });
  });
  return { found, missing };
}

export const offboardTargetsAction = tenantAction(
  {
    name: "users.offboard.targets",
    permission: "users.offboard",
    input: z.object({ userIds: userIdsSchema }),
    readOnly: true,
    auditInput: (i) => ({ users: i.userIds.length }),
    example: { userIds: [EXAMPLE_USER_ID] },
  },
  async (ctx, input) => readTargets(ctx.okta, input.userIds, ctx.tenant.mastery),
);

const scheduleSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.iso.datetime({ offset: true, message: "Choose a date and time." }).optional(),
);

export const offboardStartSchema = z.object({ userIds: userIdsSchema, steps: stepsSchema, scheduledFor: scheduleSchema });

export interface OffboardStarted {
  jobId: string;
  items: number;
  scheduledFor: string | null;
}

export const offboardStartAction = tenantAction(
  {
    name: "users.offboard.start",
    permission: "users.offboard",
    input: offboardStartSchema,
    auditInput: (i) => ({ userIds: i.userIds, steps: i.steps, scheduledFor: i.scheduledFor ?? null }),
    target: (i) => ({ type: "user", id: i.userIds.length === 1 ? i.userIds[0]! : `${i.userIds.length} users`, name: `offboarding: ${i.steps.join(", ")}` }),
    example: { userIds: [EXAMPLE_USER_ID], steps: ["revoke_sessions"] },
  },
  async (ctx, input): Promise<OffboardStarted> => {
    let scheduledFor: Date | null = null;
    if (input.scheduledFor) {
      scheduledFor = new Date(input.scheduledFor);
      const now = Date.now();
      if (scheduledFor.getTime() < now - 60_000) throw new ActionError("The time chosen is in the past.", "invalid", { scheduledFor: ["Choose a time in the future, or run it now."] });
      if (scheduledFor.getTime() > now + SCHEDULE_MAX_DAYS * 86_400_000) {
        throw new ActionError(`Schedule at most ${SCHEDULE_MAX_DAYS} days ahead.`, "invalid", { scheduledFor: [`Choose a time within ${SCHEDULE_MAX_DAYS} days.`] });
      }
      if (scheduledFor.getTime() <= now) scheduledFor = null;
    }
    // Resetting factors without deactivating is an MFA reset of a person who can still sign in: where the
    // org asks for caller verification, that goes through the verified path (their page), not a job.
    if (input.steps.includes("reset_factors") && !input.steps.includes("deactivate")) await enforceCallerCheckForJob(ctx, input.userIds);
    const { found, missing } = await readTargets(ctx.okta, input.userIds, ctx.tenant.mastery);
    if (missing.length) {
      throw new ActionError(`Okta has no user with id ${missing.join(", ")} in this org; remove ${missing.length === 1 ? "it" : "them"} from the list. Nothing was started.`, "invalid", { userIds: ["Unknown user."] }, "unknown_users");
    }
    const stepNames = input.steps.map((s) => STEP_INFO[s].label.charAt(0).toLowerCase() + STEP_INFO[s].label.slice(1));
    const who = found.length === 1 ? found[0]!.login : `${found.length} people`;
    const jobId = await enqueueJob(ctx, {
      kind: "offboarding",
      title: `Offboard ${who}: ${stepNames.join(", ")}`,
      params: { steps: input.steps },
      items: found.map((u) => ({ label: u.login, input: { userId: u.id, login: u.login } })),
      scheduledFor,
    });
    return { jobId, items: found.length, scheduledFor: scheduledFor?.toISOString() ?? null };
  },
);

export const saveOffboardingDefaultsAction = tenantAction(
  {
    name: "tenant.offboarding_defaults.update",
    permission: "users.offboard.defaults",
    input: z.object({ steps: z.array(z.enum(OFFBOARDING_STEPS)).max(OFFBOARDING_STEPS.length) }),
    okta: false,
    auditInput: (i) => ({ steps: OFFBOARDING_STEPS.filter((s) => i.steps.includes(s)) }),
    target: () => ({ type: "tenant", name: "offboarding defaults" }),
    example: { steps: ["revoke_sessions", "deactivate"] },
  },
  async (ctx, input): Promise<{ steps: OffboardingStep[] }> => {
    const steps = OFFBOARDING_STEPS.filter((s) => input.steps.includes(s));
    ctx.setTarget({ type: "tenant", id: ctx.tenant.id, name: `${ctx.tenant.name}: offboarding defaults` });
    await ctx.db.tenant.update({ where: { id: ctx.tenant.id }, data: { offboardingDefaults: JSON.stringify(steps) } });
    return { steps };
  },
);
