// The steps of offboarding (pure, browser-safe): their ids, labels and what each does in Okta, in the
// order they run. The order matters: sessions and tokens go first (the person is signed out at once),
// deactivation last (Okta unassigns every app on deactivation; doing it last lets the earlier steps
// record exactly what was removed).
import { z } from "zod";

export const OFFBOARDING_STEPS = ["revoke_sessions", "reset_factors", "remove_groups", "unassign_apps", "deactivate"] as const;
export type OffboardingStep = (typeof OFFBOARDING_STEPS)[number];

export const STEP_INFO: Record<OffboardingStep, { label: string; effect: string }> = {
  revoke_sessions: {
    label: "Revoke sessions and OAuth tokens",
    effect: "Signs them out of Okta everywhere and revokes the OAuth tokens Okta issued to them (DELETE /users/{id}/sessions?oauthTokens=true).",
  },
  reset_factors: { label: "Reset MFA factors", effect: "Removes every enrolled factor, so a stolen phone or key no longer signs in." },
  remove_groups: {
    label: "Remove from groups",
    effect: "Removes them from every Okta group. Groups imported from an app (AD, LDAP, an HR app) can't be edited in Okta: they are listed as skipped. Everyone is built in and stays.",
  },
  unassign_apps: {
    label: "Unassign apps",
    effect: "Removes their direct app assignments (which may deprovision their account in that app). Apps they have through a group go when they leave the group.",
  },
  deactivate: { label: "Deactivate", effect: "Deactivates the user in Okta: sign-in stops for good and every app is unassigned. Okta warns this cannot be undone." },
};

export const stepsSchema = z
  .array(z.enum(OFFBOARDING_STEPS))
  .min(1, "Choose at least one step.")
  .max(OFFBOARDING_STEPS.length)
  .transform((steps) => OFFBOARDING_STEPS.filter((s) => steps.includes(s)));

/** The org's stored default (Tenant.offboardingDefaults: a JSON array of step ids); bad data -> none. */
export function parseDefaultSteps(json: string | null | undefined): OffboardingStep[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    if (!Array.isArray(v)) return [];
    return OFFBOARDING_STEPS.filter((s) => v.includes(s));
  } catch {
    return [];
  }
}

export type StepStatus = "done" | "failed" | "skipped";
export interface StepOutcome {
  status: StepStatus;
  message: string;
}
/** An item's `result`: one entry per chosen step, in order. */
export type StepResults = Partial<Record<OffboardingStep, StepOutcome>>;
