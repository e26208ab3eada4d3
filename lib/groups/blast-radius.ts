// What a membership removal or a group deletion changes, computed from facts read live from Okta
// (lib/groups/impact.ts reads them, bounded and in parallel). Pure and browser-safe: the confirmation
// dialogs render these summaries, and tests/unit/groups-blast-radius.test.ts checks every rule.

export interface AppRef {
  id: string;
  label: string;
}

/** A fact that could not be read: null. */
export interface RemovalUserFacts {
  userId: string;
  name: string;
  /** The user's groups (this one included or not), or null when they could not be read. */
  groups: { ids: string[]; truncated: boolean } | null;
  /**
   * For each app of the group: how the user holds it ("direct": assigned to them; "group": through
   * groups only; "none": not at all), or null when it could not be read.
   */
  assignment: Record<string, "direct" | "group" | "none" | null>;
}

export interface RemovalFacts {
  group: { id: string; name: string };
  /** The apps assigned to the group being left. */
  groupApps: { items: AppRef[]; truncated: boolean } | null;
  users: RemovalUserFacts[];
  /** Apps of the users' other groups: groupId -> app ids, or null when that group's apps could not be read. */
  otherGroupApps: Record<string, string[] | null>;
  /** Names of the other groups (for "still through X"). */
  groupNames: Record<string, string>;
  /** More people were picked than the console checks (they are listed as not checked). */
  uncheckedUserIds?: string[];
}

export interface KeptApp extends AppRef {
  /** "assigned directly", or the other groups that still grant it. */
  because: string;
}

export interface UserRemovalImpact {
  userId: string;
  name: string;
  /** Apps the user loses: this group was their only way to them. */
  loses: AppRef[];
  keeps: KeptApp[];
  /** Apps whose outcome could not be determined (a read failed or was cut short). */
  unknown: AppRef[];
}

export interface RemovalImpact {
  groupName: string;
  users: UserRemovalImpact[];
  /** People with at least one app lost. */
  affected: number;
  /** Sentences about what could not be checked. */
  gaps: string[];
}

export function computeRemovalImpact(facts: RemovalFacts): RemovalImpact {
  const gaps: string[] = [];
  const groupApps = facts.groupApps?.items ?? [];
  if (!facts.groupApps) gaps.push(`The apps assigned to ${facts.group.name} could not be read, so lost apps are unknown.`);
  else if (facts.groupApps.truncated) gaps.push(`${facts.group.name} has more apps than the console checks; only the first ${groupApps.length} were checked.`);
  if (facts.uncheckedUserIds?.length) gaps.push(`${facts.uncheckedUserIds.length} more ${facts.uncheckedUserIds.length === 1 ? "person was" : "people were"} not checked.`);

  const users = facts.users.map((u): UserRemovalImpact => {
    const loses: AppRef[] = [];
    const keeps: KeptApp[] = [];
    const unknown: AppRef[] = [];
    const others = u.groups ? u.groups.ids.filter((g) => g !== facts.group.id) : null;
    for (const app of groupApps) {
      const how = u.assignment[app.id];
      if (how === "direct") {
        keeps.push({ ...app, because: "assigned to them directly" });
        continue;
      }
      if (how === "none") continue; // not holding it at all (e.g. an inactive app): nothing to lose
      const via = (others ?? []).filter((g) => facts.otherGroupApps[g]?.includes(app.id));
      if (via.length > 0) {
        keeps.push({ ...app, because: `still through ${via.map((g) => facts.groupNames[g] ?? g).join(", ")}` });
        continue;
      }
      const uncertain = how === null || others === null || Boolean(u.groups?.truncated) || (others ?? []).some((g) => facts.otherGroupApps[g] === null || facts.otherGroupApps[g] === undefined);
      if (uncertain) unknown.push(app);
      else loses.push(app);
    }
    if (!u.groups) gaps.push(`${u.name}'s other groups could not be read.`);
    else if (u.groups.truncated) gaps.push(`${u.name} is in more groups than the console reads.`);
    return { userId: u.userId, name: u.name, loses, keeps, unknown };
  });
  return { groupName: facts.group.name, users, affected: users.filter((u) => u.loses.length > 0).length, gaps: [...new Set(gaps)] };
}

// ---------------------------------------------------------------------------------------------------
// Deleting a group

export interface PolicyRefLike {
  id: string;
  name: string;
  type: string;
  status?: string | null;
  ruleName?: string | null;
  effect: "include" | "exclude";
  summary?: string | null;
}

export interface RuleRefLike {
  id: string;
  name: string;
  status: string | null;
  targetGroupIds: string[];
}

export interface DeleteFacts {
  group: { id: string; name: string; type: string | null };
  /** Okta's member count (expand=stats), or null when unknown. */
  usersCount: number | null;
  apps: { items: AppRef[]; truncated: boolean } | null;
  rules: { items: RuleRefLike[]; complete: boolean } | null;
  /** null: could not be read. */
  policies: PolicyRefLike[] | null;
  /** Admin roles the group grants, or null when unknown. */
  adminRoles: string[] | null;
}

export interface DeleteImpact {
  members: number | null;
  apps: AppRef[];
  rules: Array<RuleRefLike & { becomesInvalid: boolean }>;
  policies: PolicyRefLike[];
  adminRoles: string[];
  /** One plain sentence per consequence, most serious first. */
  warnings: string[];
  gaps: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function computeDeleteImpact(facts: DeleteFacts): DeleteImpact {
  const warnings: string[] = [];
  const gaps: string[] = [];
  const apps = facts.apps?.items ?? [];
  const rules = (facts.rules?.items ?? []).map((r) => ({ ...r, becomesInvalid: true }));
  const policies = facts.policies ?? [];
  const adminRoles = facts.adminRoles ?? [];

  if (policies.length) {
    warnings.push(
      `${plural(policies.length, "policy", "policies")} ${policies.length === 1 ? "refers" : "refer"} to this group (${policies.map((p) => p.name).join(", ")}). Once it is deleted, whatever those rules include or exclude through it no longer applies to its members.`,
    );
  }
  if (rules.length) {
    warnings.push(
      `${plural(rules.length, "group rule")} ${rules.length === 1 ? "puts" : "put"} people in this group (${rules.map((r) => r.name).join(", ")}). Okta marks a rule whose target group was deleted as invalid: it stops assigning anyone until it is edited.`,
    );
  }
  if (adminRoles.length) warnings.push(`It grants Okta admin roles (${adminRoles.join(", ")}): its members lose them.`);
  if (apps.length && (facts.usersCount ?? 1) > 0) {
    warnings.push(`Members lose ${plural(apps.length, "app")} assigned through it (${apps.map((a) => a.label).join(", ")}) unless another group or a direct assignment grants them.`);
  }
  if (facts.usersCount !== null && facts.usersCount > 0) warnings.push(`${plural(facts.usersCount, "person", "people")} ${facts.usersCount === 1 ? "is" : "are"} in it and will no longer be.`);

  if (facts.usersCount === null) gaps.push("The member count could not be read.");
  if (!facts.apps) gaps.push("The apps assigned to it could not be read.");
  else if (facts.apps.truncated) gaps.push(`It has more apps than the console reads; only ${apps.length} are listed.`);
  if (!facts.rules) gaps.push("The group rules could not be read.");
  else if (!facts.rules.complete) gaps.push("The org has more group rules than the console reads; some may target this group.");
  if (facts.policies === null) gaps.push("The policies could not be read.");
  if (facts.adminRoles === null) gaps.push("Its admin roles could not be read.");

  return { members: facts.usersCount, apps, rules, policies, adminRoles, warnings, gaps };
}
