// What Okta policies mean for a group or a user, in plain sentences. Pure functions over plain policy
// objects (lib/okta/policies.ts reads them live), so pages, blast-radius warnings and tests share them.
//
// How Okta evaluates (developer.okta.com, Policies): for global session (OKTA_SIGN_ON), password and
// authenticator enrolment (MFA_ENROLL) policies, the first ACTIVE policy by priority whose groups include
// the user applies, and within it the first matching rule. Policy conditions name groups to include;
// rules may include or exclude groups and users and add a network zone condition, which depends on where
// the user signs in from, so the console lists the rules that can apply instead of picking one.
// Authentication (ACCESS_POLICY, app sign-in) policies are assigned to apps, not to groups: their rules
// name the groups.

export const POLICY_TYPES = ["OKTA_SIGN_ON", "ACCESS_POLICY", "MFA_ENROLL", "PASSWORD"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const POLICY_TYPE_LABELS: Record<PolicyType, string> = {
  OKTA_SIGN_ON: "Global session policy",
  ACCESS_POLICY: "Authentication policy",
  MFA_ENROLL: "Authenticator enrolment policy",
  PASSWORD: "Password policy",
};

export interface PeopleCondition {
  groupsInclude: string[];
  groupsExclude: string[];
  usersInclude: string[];
  usersExclude: string[];
}

export interface NetworkCondition {
  connection: "ANYWHERE" | "ZONE";
  include: string[];
  exclude: string[];
}

export interface PolicyRuleDoc {
  id: string;
  name: string;
  status: string;
  priority: number;
  system: boolean;
  people: PeopleCondition;
  network: NetworkCondition | null;
  /** Okta's `actions`, as sent (plain JSON). */
  actions: Record<string, unknown>;
}

export interface PolicyDoc {
  id: string;
  name: string;
  type: PolicyType;
  status: string;
  priority: number;
  system: boolean;
  people: PeopleCondition;
  /** Okta's `settings`, as sent (plain JSON); absent for session and authentication policies. */
  settings: Record<string, unknown> | null;
  /** The policy's rules in priority order; null when they could not be read. */
  rules: PolicyRuleDoc[] | null;
}

/** Where a policy references a group: the policy itself (no rule) or one of its rules. */
export interface PolicyRef {
  id: string;
  name: string;
  type: PolicyType;
  status: string;
  ruleId?: string;
  ruleName?: string;
  effect: "include" | "exclude";
  groupId: string;
  summary: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

export const EMPTY_PEOPLE: PeopleCondition = { groupsInclude: [], groupsExclude: [], usersInclude: [], usersExclude: [] };

/** Okta's `conditions.people` (groups / users, include / exclude) as plain lists. */
export function peopleOf(conditions: unknown): PeopleCondition {
  const people = isRec(conditions) && isRec(conditions.people) ? conditions.people : {};
  const groups = isRec(people.groups) ? people.groups : {};
  const users = isRec(people.users) ? people.users : {};
  return { groupsInclude: strings(groups.include), groupsExclude: strings(groups.exclude), usersInclude: strings(users.include), usersExclude: strings(users.exclude) };
}

/** Okta's `conditions.network`, or null when the rule has none (anywhere). */
export function networkOf(conditions: unknown): NetworkCondition | null {
  const n = isRec(conditions) && isRec(conditions.network) ? conditions.network : null;
  if (!n) return null;
  return { connection: n.connection === "ZONE" ? "ZONE" : "ANYWHERE", include: strings(n.include), exclude: strings(n.exclude) };
}

// ---------------------------------------------------------------------------------------------------
// Sentences

function list(names: string[], last: "and" | "or"): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} ${last} ${names[names.length - 1]}`;
}

/** " outside Office", " in Office or HQ", or "" (anywhere). Unknown zone ids are shown as "zone <id>". */
export function whereClause(network: NetworkCondition | null, zoneNames: ReadonlyMap<string, string>): string {
  if (!network || network.connection !== "ZONE") return "";
  const name = (id: string) => zoneNames.get(id) ?? `zone ${id}`;
  if (network.exclude.length) return ` outside ${list(network.exclude.map(name), "and")}`;
  if (network.include.length) return ` in ${list(network.include.map(name), "or")}`;
  return "";
}

const AUTHENTICATOR_NAMES: Record<string, string> = {
  okta_verify: "Okta Verify",
  webauthn: "a security key or biometric (FIDO2)",
  okta_password: "a password",
  okta_email: "email",
  phone_number: "a phone number",
  google_otp: "Google Authenticator",
  security_question: "a security question",
  duo: "Duo",
  yubikey_token: "a YubiKey",
  smart_card_idp: "a smart card",
  custom_otp: "a one-time passcode app",
  symantec_vip: "Symantec VIP",
  rsa_token: "an RSA token",
};

/** Authenticators a user must enrol beyond the password (Okta: `settings.authenticators[].enroll.self` REQUIRED). */
function requiredAuthenticators(settings: Rec | null): string[] {
  const list = settings && Array.isArray(settings.authenticators) ? settings.authenticators : [];
  const out: string[] = [];
  for (const a of list) {
    if (!isRec(a) || !isRec(a.enroll) || a.enroll.self !== "REQUIRED") continue;
    const key = str(a.key);
    if (!key || key === "okta_password") continue;
    out.push(AUTHENTICATOR_NAMES[key] ?? key);
  }
  return out;
}

function minutesText(m: number): string {
  if (m % 1440 === 0) return m === 1440 ? "day" : `${m / 1440} days`;
  if (m % 60 === 0) return m === 60 ? "hour" : `${m / 60} hours`;
  return m === 1 ? "minute" : `${m} minutes`;
}

/** ISO 8601 durations as Okta sends them (PT2H, PT12H, P1D, PT30M, PT0S). */
function durationText(iso: string | null): string | null {
  const m = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso) : null;
  if (!m) return null;
  const minutes = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Math.floor(Number(m[4] ?? 0) / 60);
  return minutes === 0 ? "every time" : `every ${minutesText(minutes)}`;
}

function signOnRuleSentence(actions: Rec, where: string): string {
  const signon = isRec(actions.signon) ? actions.signon : {};
  if (signon.access === "DENY") return `Denies sign-in${where}`;
  if (signon.requireFactor === true) {
    if (signon.factorPromptMode === "DEVICE") return `Requires MFA on new devices${where}`;
    if (signon.factorPromptMode === "SESSION" && typeof signon.factorLifetime === "number" && signon.factorLifetime > 0) {
      return `Requires MFA once every ${minutesText(signon.factorLifetime)}${where}`;
    }
    return `Requires MFA at every sign-in${where}`;
  }
  return `Signs in without an extra factor${where}`;
}

function accessRuleSentence(actions: Rec, where: string): string {
  const appSignOn = isRec(actions.appSignOn) ? actions.appSignOn : {};
  if (appSignOn.access === "DENY") return `Denies access to the app${where}`;
  const vm = isRec(appSignOn.verificationMethod) ? appSignOn.verificationMethod : {};
  const constraints = Array.isArray(vm.constraints) ? vm.constraints.filter(isRec) : [];
  const possession = constraints.map((c) => (isRec(c.possession) ? c.possession : null)).filter((p): p is Rec => p !== null);
  const again = durationText(str(vm.reauthenticateIn));
  const tail = again && again !== "every time" ? `, asked again ${again}` : "";
  if (possession.some((p) => p.phishingResistant === "REQUIRED")) return `Requires a phishing-resistant factor${where}${tail}`;
  if (possession.some((p) => p.hardwareProtection === "REQUIRED")) return `Requires a hardware-protected factor${where}${tail}`;
  if (vm.factorMode === "2FA") return `Requires two factors${where}${tail}`;
  if (vm.type === "AUTH_METHOD_CHAIN") return `Requires a chain of authentication methods${where}`;
  return `Allows one factor${where}${tail}`;
}

function enrolRuleSentence(actions: Rec, policy: PolicyDoc): string {
  const self = isRec(actions.enroll) ? actions.enroll.self : undefined;
  if (self === "NEVER" || self === "NEVER_INCLUDING_RECOVERY") return "Never asks to enrol authenticators";
  return enrolPolicySentence(policy);
}

function enrolPolicySentence(policy: PolicyDoc): string {
  const required = requiredAuthenticators(policy.settings);
  const ruleNever = policy.rules?.length && policy.rules.every((r) => isRec(r.actions.enroll) && ["NEVER", "NEVER_INCLUDING_RECOVERY"].includes(String(r.actions.enroll.self)));
  if (ruleNever || required.length === 0) return "Never asks to enrol authenticators beyond a password";
  return `Requires enrolling ${list(required, "and")}`;
}

function passwordPolicySentence(policy: PolicyDoc): string {
  const password = policy.settings && isRec(policy.settings.password) ? policy.settings.password : {};
  const complexity = isRec(password.complexity) ? password.complexity : {};
  const age = isRec(password.age) ? password.age : {};
  const lockout = isRec(password.lockout) ? password.lockout : {};
  const parts: string[] = [];
  parts.push(typeof complexity.minLength === "number" ? `Passwords of at least ${complexity.minLength} characters` : "Okta's password rules");
  if (typeof age.maxAgeDays === "number" && age.maxAgeDays > 0) parts.push(`expiring every ${age.maxAgeDays} days`);
  if (typeof lockout.maxAttempts === "number" && lockout.maxAttempts > 0) parts.push(`locked after ${lockout.maxAttempts} failed attempts`);
  return parts.join(", ");
}

function passwordRuleSentence(actions: Rec): string {
  const access = (k: string) => (isRec(actions[k]) ? (actions[k] as Rec).access : undefined);
  const reset = access("selfServicePasswordReset") === "ALLOW" ? "may reset their own password" : "may not reset their own password";
  const unlock = access("selfServiceUnlock") === "ALLOW" ? "may unlock themselves" : "may not unlock themselves";
  return `People ${reset} and ${unlock}`;
}

/** One rule in a sentence ("Requires a phishing-resistant factor outside Office"). */
export function ruleSummary(policy: PolicyDoc, rule: PolicyRuleDoc, zoneNames: ReadonlyMap<string, string>): string {
  const where = whereClause(rule.network, zoneNames);
  switch (policy.type) {
    case "OKTA_SIGN_ON":
      return signOnRuleSentence(rule.actions, where);
    case "ACCESS_POLICY":
      return accessRuleSentence(rule.actions, where);
    case "MFA_ENROLL":
      return enrolRuleSentence(rule.actions, policy);
    case "PASSWORD":
      return passwordRuleSentence(rule.actions);
  }
}

/** The policy in a sentence: its settings (enrolment, password) or its active rules (session, authentication). */
export function policySummary(policy: PolicyDoc, zoneNames: ReadonlyMap<string, string>): string {
  if (policy.type === "MFA_ENROLL") return enrolPolicySentence(policy);
  if (policy.type === "PASSWORD") return passwordPolicySentence(policy);
  const rules = (policy.rules ?? []).filter((r) => r.status === "ACTIVE");
  if (!rules.length) return policy.rules === null ? "Its rules could not be read" : "Has no active rules";
  const sentences = [...new Set(rules.map((r) => ruleSummary(policy, r, zoneNames)))];
  return sentences.slice(0, 3).join("; ") + (sentences.length > 3 ? `; and ${sentences.length - 3} more` : "");
}

// ---------------------------------------------------------------------------------------------------
// Which policies reference a group

/** Every place the given groups appear in the policies: policy conditions and rule conditions. */
export function referencesToGroups(policies: readonly PolicyDoc[], groupIds: readonly string[], zoneNames: ReadonlyMap<string, string>): PolicyRef[] {
  const wanted = new Set(groupIds);
  const out: PolicyRef[] = [];
  for (const p of policies) {
    const base = { id: p.id, name: p.name, type: p.type, status: p.status };
    const policyLevel = (groupId: string, effect: PolicyRef["effect"]) => out.push({ ...base, effect, groupId, summary: policySummary(p, zoneNames) });
    for (const g of p.people.groupsInclude) if (wanted.has(g)) policyLevel(g, "include");
    for (const g of p.people.groupsExclude) if (wanted.has(g)) policyLevel(g, "exclude");
    for (const r of p.rules ?? []) {
      const ruleLevel = (groupId: string, effect: PolicyRef["effect"]) =>
        out.push({ ...base, ruleId: r.id, ruleName: r.name, effect, groupId, summary: ruleSummary(p, r, zoneNames) });
      for (const g of r.people.groupsInclude) if (wanted.has(g)) ruleLevel(g, "include");
      for (const g of r.people.groupsExclude) if (wanted.has(g)) ruleLevel(g, "exclude");
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Which policies apply to a user

export interface UserRuleMatch {
  ruleId: string;
  ruleName: string;
  summary: string;
  /** The user's groups the rule names (empty: the rule names no group and applies to everyone in the policy). */
  viaGroupIds: string[];
}

export interface UserPolicy {
  type: PolicyType;
  policyId: string;
  policyName: string;
  status: string;
  /** The user's groups the policy includes (empty for authentication policies, which apps choose). */
  viaGroupIds: string[];
  /** False when a higher-priority policy of the same type includes the user: Okta applies only the first. */
  applies: boolean;
  /** The policy that wins instead, when `applies` is false. */
  supersededBy?: string;
  summary: string;
  /** Active rules whose people conditions let the user in, in priority order. */
  rules: UserRuleMatch[];
}

/** A rule or policy that leaves the user out because of one of their groups (or because it names them). */
export interface UserExclusion {
  type: PolicyType;
  policyId: string;
  policyName: string;
  ruleId?: string;
  ruleName?: string;
  /** The user's group the rule excludes; absent when the user is excluded by name. */
  groupId?: string;
  summary: string;
}

export interface UserPolicies {
  policies: UserPolicy[];
  exclusions: UserExclusion[];
}

function peopleMatch(people: PeopleCondition, groups: ReadonlySet<string>, userId: string | undefined): { in: boolean; via: string[]; excludedBy: string[] | "user" } {
  if (userId && people.usersExclude.includes(userId)) return { in: false, via: [], excludedBy: "user" };
  const excludedBy = people.groupsExclude.filter((g) => groups.has(g));
  if (excludedBy.length) return { in: false, via: [], excludedBy };
  const via = people.groupsInclude.filter((g) => groups.has(g));
  const named = !!userId && people.usersInclude.includes(userId);
  const open = people.groupsInclude.length === 0 && people.usersInclude.length === 0;
  return { in: open || via.length > 0 || named, via, excludedBy: [] };
}

/**
 * The policies that apply to a user with these groups (Everyone included, as Okta lists it), and why;
 * and the rules that leave the user out because of a group. `userId` also honours rules that name users.
 */
export function policiesForGroups(policies: readonly PolicyDoc[], userGroupIds: readonly string[], zoneNames: ReadonlyMap<string, string>, userId?: string): UserPolicies {
  const groups = new Set(userGroupIds);
  const result: UserPolicies = { policies: [], exclusions: [] };
  for (const type of POLICY_TYPES) {
    const ofType = policies.filter((p) => p.type === type && p.status === "ACTIVE").sort((a, b) => a.priority - b.priority);
    let winner: PolicyDoc | undefined;
    for (const p of ofType) {
      let via: string[] = [];
      if (type !== "ACCESS_POLICY") {
        const m = peopleMatch(p.people, groups, userId);
        if (!m.in) {
          if (m.excludedBy === "user") result.exclusions.push({ type, policyId: p.id, policyName: p.name, summary: policySummary(p, zoneNames) });
          else for (const g of m.excludedBy) result.exclusions.push({ type, policyId: p.id, policyName: p.name, groupId: g, summary: policySummary(p, zoneNames) });
          continue;
        }
        // Okta's policy conditions only include groups; a policy naming none includes nobody.
        if (p.people.groupsInclude.length === 0 && !(userId && p.people.usersInclude.includes(userId))) continue;
        via = m.via;
      }
      const rules: UserRuleMatch[] = [];
      for (const r of p.rules ?? []) {
        if (r.status !== "ACTIVE") continue;
        const m = peopleMatch(r.people, groups, userId);
        if (m.in) rules.push({ ruleId: r.id, ruleName: r.name, summary: ruleSummary(p, r, zoneNames), viaGroupIds: m.via });
        else if (m.excludedBy === "user") result.exclusions.push({ type, policyId: p.id, policyName: p.name, ruleId: r.id, ruleName: r.name, summary: ruleSummary(p, r, zoneNames) });
        else for (const g of m.excludedBy) result.exclusions.push({ type, policyId: p.id, policyName: p.name, ruleId: r.id, ruleName: r.name, groupId: g, summary: ruleSummary(p, r, zoneNames) });
      }
      if (type === "ACCESS_POLICY") {
        // Assigned to apps: what matters is which of its rules name the user's groups.
        const named = rules.filter((r) => r.viaGroupIds.length > 0);
        if (!named.length) continue;
        result.policies.push({ type, policyId: p.id, policyName: p.name, status: p.status, viaGroupIds: [...new Set(named.flatMap((r) => r.viaGroupIds))], applies: true, summary: policySummary(p, zoneNames), rules: named });
        continue;
      }
      result.policies.push({
        type,
        policyId: p.id,
        policyName: p.name,
        status: p.status,
        viaGroupIds: via,
        applies: !winner,
        ...(winner ? { supersededBy: winner.name } : {}),
        summary: policySummary(p, zoneNames),
        rules,
      });
      winner ??= p;
    }
  }
  return result;
}
