// Which action buttons the user detail page shows, and why the others are missing. Browser-safe and
// pure: the page computes it on the server from what it read (status, source, admin roles,
// service-account reasons) and the staff member's roles in this org. The server actions check the same
// rules again at action time (the UI hides, the server decides); the sentences here are the same ones
// the refusals use (lib/users/service-accounts.ts targetDecision, lib/users/mastery.ts operationCaution).
import { ROLE_LABELS, rolesAllow, type Role } from "@/lib/rbac/permissions";
import { OPERATIONS, STATUS_INFO, isUserStatus, offeredOperations, operationsFromStatus, type UserOperation } from "./lifecycle";
import { operationCaution, type UserSource } from "./mastery";
import { targetDecision, type PrivilegeAssessment } from "./service-accounts";

export interface PlannedOperation {
  op: UserOperation;
  label: string;
  /** What happens (the confirmation dialog's first sentence). */
  effect: string;
  destructive: boolean;
  /** The source's warning for this operation (AD, HR...), shown in the confirmation; null if none. */
  caution: string | null;
  /** Set when the target is a service account and the staff member may override (Administrators). */
  override: { confirmLogin: string; reason: string } | null;
}

export interface UserActionPlan {
  /** Buttons of the Actions card, in display order (per-factor reset and profile edit excluded). */
  operations: PlannedOperation[];
  /** "Reset this factor" beside each factor, when offered. */
  factorReset: PlannedOperation | null;
  /** Profile editing, when offered. */
  editProfile: PlannedOperation | null;
  /** Why operations Okta would allow from this status are not offered: sentences, without repeats. */
  withheld: string[];
}

/** Operations shown elsewhere than the Actions card. */
const SEPARATE: ReadonlySet<UserOperation> = new Set(["reset_factor", "edit_profile"]);

/** The Actions card's order: what fixes sign-in first, then lifecycle, the irreversible last. */
export const ACTION_ORDER: readonly UserOperation[] = [
  "unlock",
  "activate",
  "reactivate",
  "unsuspend",
  "reset_password",
  "temp_password",
  "expire_password",
  "reset_factors",
  "clear_sessions",
  "suspend",
  "deactivate",
  "delete",
];

export interface PlanInput {
  status: string;
  login: string;
  source: UserSource;
  roles: readonly Role[];
  /** null: the admin roles or service-account facts could not be read (the plan then protects). */
  assessment: PrivilegeAssessment | null;
}

/** When the target's privilege is unknown, act as if it held an admin role: the server re-reads anyway. */
export const UNKNOWN_PRIVILEGE: PrivilegeAssessment = {
  privileged: true,
  oktaAdmin: true,
  serviceAccount: false,
  adminRoles: ["admin roles could not be read"],
  serviceAccountReasons: [],
};

export function planUserActions(input: PlanInput): UserActionPlan {
  const { status, login, source, roles } = input;
  const empty: UserActionPlan = { operations: [], factorReset: null, editProfile: null, withheld: [] };
  if (!isUserStatus(status)) {
    return { ...empty, withheld: [`Okta reports the status ${status}, which the console does not know: use Okta's Admin Console for this user.`] };
  }
  const assessment = input.assessment ?? UNKNOWN_PRIVILEGE;
  const withheld: string[] = [];
  const note = (s: string) => {
    if (!withheld.includes(s)) withheld.push(s);
  };
  // Status x roles x privileged target (the table), then the target decision for the override path
  // and the reason sentences.
  const offered = new Set(offeredOperations(status, roles, { privilegedTarget: assessment.privileged }).map((o) => o.op));
  const planned: PlannedOperation[] = [];
  let anyPermitted = false;
  for (const op of operationsFromStatus(status)) {
    const rule = OPERATIONS[op];
    if (!rolesAllow(roles, rule.permission)) continue;
    anyPermitted = true;
    const decision = targetDecision(rule.permission, roles, { login, assessment });
    let override: PlannedOperation["override"] = null;
    if (decision.kind === "refused") {
      note(decision.reason);
      continue;
    }
    if (decision.kind === "override") override = { confirmLogin: decision.confirmLogin, reason: decision.reason };
    else if (!offered.has(op)) continue;
    const caution = operationCaution(source, op);
    if (caution?.effect === "block") {
      note(caution.sentence);
      continue;
    }
    planned.push({ op, label: rule.label, effect: rule.effect, destructive: rule.destructive, caution: caution?.sentence ?? null, override });
  }
  if (!anyPermitted) {
    const labels = roles.map((r) => ROLE_LABELS[r]).join(", ") || "none";
    note(`Your role in this org (${labels}) does not change users.`);
  }
  const byOp = new Map(planned.map((p) => [p.op, p]));
  return {
    operations: ACTION_ORDER.filter((op) => byOp.has(op) && !SEPARATE.has(op)).map((op) => byOp.get(op)!),
    factorReset: byOp.get("reset_factor") ?? null,
    editProfile: byOp.get("edit_profile") ?? null,
    withheld,
  };
}

/** The status line of the detail page: label, meaning and tone (Okta may report a status we do not know). */
export function statusView(status: string): { label: string; meaning: string; tone: "neutral" | "success" | "info" | "warning" | "danger" } {
  if (isUserStatus(status)) return STATUS_INFO[status];
  return { label: status, meaning: "A status the console does not know yet; see Okta's Admin Console.", tone: "neutral" };
}
