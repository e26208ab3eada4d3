import { describe, expect, it } from "vitest";
import { networkOf, peopleOf, policiesForGroups, policySummary, referencesToGroups, ruleSummary, whereClause, type PolicyDoc, type PolicyRuleDoc } from "@/lib/policies/explain";

const OFFICE = "nzoOffice";
const zones = new Map([[OFFICE, "Office"], ["nzoHq", "HQ"]]);
const G = { everyone: "00gEveryone", marketing: "00gMarketing", service: "00gService", admins: "00gAdmins", sales: "00gSales" };

const rule = (over: Partial<PolicyRuleDoc> & { actions: PolicyRuleDoc["actions"] }): PolicyRuleDoc => ({
  id: over.id ?? `0pr${Math.random().toString(36).slice(2, 8)}`,
  name: over.name ?? "Rule",
  status: over.status ?? "ACTIVE",
  priority: over.priority ?? 1,
  system: false,
  people: over.people ?? peopleOf(null),
  network: over.network ?? null,
  actions: over.actions,
});

const policy = (over: Partial<PolicyDoc> & Pick<PolicyDoc, "type">): PolicyDoc => ({
  id: over.id ?? `00p${over.type}${over.priority ?? 1}`,
  name: over.name ?? "Policy",
  type: over.type,
  status: over.status ?? "ACTIVE",
  priority: over.priority ?? 1,
  system: over.system ?? false,
  people: over.people ?? peopleOf(null),
  settings: over.settings ?? null,
  rules: over.rules === undefined ? [] : over.rules,
});

const outsideOffice = networkOf({ network: { connection: "ZONE", exclude: [OFFICE] } });
const marketingSession = policy({
  id: "00pMarketingSession",
  name: "Marketing – outside the office",
  type: "OKTA_SIGN_ON",
  priority: 1,
  people: peopleOf({ people: { groups: { include: [G.marketing] } } }),
  rules: [
    rule({ id: "0prOut", name: "Outside", priority: 1, network: outsideOffice, actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS" } } }),
    rule({ id: "0prIn", name: "In", priority: 2, network: networkOf({ network: { connection: "ZONE", include: [OFFICE] } }), actions: { signon: { access: "ALLOW", requireFactor: false } } }),
  ],
});
const defaultSession = policy({
  id: "00pDefaultSession",
  name: "Default Policy",
  type: "OKTA_SIGN_ON",
  priority: 2,
  system: true,
  people: peopleOf({ people: { groups: { include: [G.everyone] } } }),
  rules: [rule({ id: "0prDefault", name: "Default Rule", actions: { signon: { access: "ALLOW", requireFactor: false } } })],
});
const access = policy({
  id: "00pAccess",
  name: "Default Policy",
  type: "ACCESS_POLICY",
  rules: [
    rule({
      id: "0prFido",
      name: "Marketing outside the office",
      priority: 0,
      people: peopleOf({ people: { groups: { include: [G.marketing], exclude: [G.service] } } }),
      network: outsideOffice,
      actions: { appSignOn: { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "2FA", reauthenticateIn: "PT2H", constraints: [{ possession: { phishingResistant: "REQUIRED" } }] } } },
    }),
    rule({ id: "0prCatch", name: "Catch-all Rule", priority: 99, actions: { appSignOn: { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "1FA", reauthenticateIn: "PT12H" } } } }),
  ],
});
const enrolExempt = policy({
  id: "00pExempt",
  name: "Service accounts – no authenticator enrolment",
  type: "MFA_ENROLL",
  priority: 1,
  people: peopleOf({ people: { groups: { include: [G.service] } } }),
  settings: { type: "AUTHENTICATORS", authenticators: [{ key: "okta_password", enroll: { self: "REQUIRED" } }, { key: "okta_verify", enroll: { self: "NOT_ALLOWED" } }] },
  rules: [rule({ id: "0prNever", name: "Never prompt", actions: { enroll: { self: "NEVER" } } })],
});
const enrolWorkforce = policy({
  id: "00pWorkforce",
  name: "Workforce authenticator enrolment",
  type: "MFA_ENROLL",
  priority: 2,
  people: peopleOf({ people: { groups: { include: [G.everyone] } } }),
  settings: { type: "AUTHENTICATORS", authenticators: [{ key: "okta_password", enroll: { self: "REQUIRED" } }, { key: "okta_verify", enroll: { self: "REQUIRED" } }, { key: "webauthn", enroll: { self: "OPTIONAL" } }] },
  rules: [rule({ id: "0prEnrol", name: "Enrol", actions: { enroll: { self: "CHALLENGE" } } })],
});
const adminPasswords = policy({
  id: "00pAdminPw",
  name: "Administrators",
  type: "PASSWORD",
  priority: 1,
  people: peopleOf({ people: { groups: { include: [G.admins] } } }),
  settings: { password: { complexity: { minLength: 14 }, age: { maxAgeDays: 90 }, lockout: { maxAttempts: 10 } } },
  rules: [rule({ id: "0prPw", name: "Pw", actions: { passwordChange: { access: "ALLOW" }, selfServicePasswordReset: { access: "ALLOW" }, selfServiceUnlock: { access: "DENY" } } })],
});
const defaultPasswords = policy({
  id: "00pDefaultPw",
  name: "Default Policy",
  type: "PASSWORD",
  priority: 2,
  people: peopleOf({ people: { groups: { include: [G.everyone] } } }),
  settings: { password: { complexity: { minLength: 8 }, age: { maxAgeDays: 0 } } },
});
const ALL = [marketingSession, defaultSession, access, enrolExempt, enrolWorkforce, adminPasswords, defaultPasswords];

describe("sentences", () => {
  it("names where a rule applies from its network zone condition", () => {
    expect(whereClause(outsideOffice, zones)).toBe(" outside Office");
    expect(whereClause(networkOf({ network: { connection: "ZONE", include: [OFFICE, "nzoHq"] } }), zones)).toBe(" in Office or HQ");
    expect(whereClause(networkOf({ network: { connection: "ZONE", exclude: ["nzoGone"] } }), zones)).toBe(" outside zone nzoGone");
    expect(whereClause(networkOf({ network: { connection: "ANYWHERE" } }), zones)).toBe("");
    expect(whereClause(null, zones)).toBe("");
  });

  it("says what each kind of rule does", () => {
    expect(ruleSummary(access, access.rules![0]!, zones)).toBe("Requires a phishing-resistant factor outside Office, asked again every 2 hours");
    expect(ruleSummary(access, access.rules![1]!, zones)).toBe("Allows one factor, asked again every 12 hours");
    expect(ruleSummary(marketingSession, marketingSession.rules![0]!, zones)).toBe("Requires MFA at every sign-in outside Office");
    expect(ruleSummary(marketingSession, marketingSession.rules![1]!, zones)).toBe("Signs in without an extra factor in Office");
    expect(ruleSummary(marketingSession, rule({ actions: { signon: { access: "DENY" } } }), zones)).toBe("Denies sign-in");
    expect(ruleSummary(marketingSession, rule({ actions: { signon: { requireFactor: true, factorPromptMode: "SESSION", factorLifetime: 720 } } }), zones)).toBe("Requires MFA once every 12 hours");
    expect(ruleSummary(enrolExempt, enrolExempt.rules![0]!, zones)).toBe("Never asks to enrol authenticators");
    expect(ruleSummary(adminPasswords, adminPasswords.rules![0]!, zones)).toBe("People may reset their own password and may not unlock themselves");
  });

  it("summarises policies from their settings or their active rules", () => {
    expect(policySummary(enrolWorkforce, zones)).toBe("Requires enrolling Okta Verify");
    expect(policySummary(enrolExempt, zones)).toBe("Never asks to enrol authenticators beyond a password");
    expect(policySummary(adminPasswords, zones)).toBe("Passwords of at least 14 characters, expiring every 90 days, locked after 10 failed attempts");
    expect(policySummary(defaultPasswords, zones)).toBe("Passwords of at least 8 characters");
    expect(policySummary(marketingSession, zones)).toBe("Requires MFA at every sign-in outside Office; Signs in without an extra factor in Office");
    expect(policySummary({ ...marketingSession, rules: null }, zones)).toBe("Its rules could not be read");
    expect(policySummary({ ...marketingSession, rules: [] }, zones)).toBe("Has no active rules");
  });
});

describe("referencesToGroups", () => {
  it("finds policy-level and rule-level references, include and exclude", () => {
    const refs = referencesToGroups(ALL, [G.marketing, G.service], zones);
    expect(refs.map((r) => [r.name, r.ruleName ?? null, r.effect, r.groupId])).toEqual([
      ["Marketing – outside the office", null, "include", G.marketing],
      ["Default Policy", "Marketing outside the office", "include", G.marketing],
      ["Default Policy", "Marketing outside the office", "exclude", G.service],
      ["Service accounts – no authenticator enrolment", null, "include", G.service],
    ]);
    expect(refs[1]!.summary).toBe("Requires a phishing-resistant factor outside Office, asked again every 2 hours");
    expect(refs[1]!.type).toBe("ACCESS_POLICY");
  });

  it("finds nothing for a group no policy names, and Everyone in every default", () => {
    expect(referencesToGroups(ALL, [G.sales], zones)).toEqual([]);
    expect(referencesToGroups(ALL, [G.everyone], zones).map((r) => r.id)).toEqual(["00pDefaultSession", "00pWorkforce", "00pDefaultPw"]);
  });
});

describe("policiesForGroups", () => {
  it("explains why a Marketing member is asked for FIDO2 outside the office", () => {
    const r = policiesForGroups(ALL, [G.everyone, G.marketing], zones);
    const session = r.policies.filter((p) => p.type === "OKTA_SIGN_ON");
    expect(session.map((p) => [p.policyName, p.applies, p.viaGroupIds])).toEqual([
      ["Marketing – outside the office", true, [G.marketing]],
      ["Default Policy", false, [G.everyone]],
    ]);
    expect(session[1]!.supersededBy).toBe("Marketing – outside the office");
    const auth = r.policies.find((p) => p.type === "ACCESS_POLICY")!;
    expect(auth.rules.map((x) => [x.ruleName, x.summary, x.viaGroupIds])).toEqual([["Marketing outside the office", "Requires a phishing-resistant factor outside Office, asked again every 2 hours", [G.marketing]]]);
    expect(r.policies.find((p) => p.type === "MFA_ENROLL" && p.applies)!.policyName).toBe("Workforce authenticator enrolment");
    expect(r.policies.find((p) => p.type === "PASSWORD" && p.applies)!.policyName).toBe("Default Policy");
    expect(r.exclusions).toEqual([]);
  });

  it("a service account in Marketing: exempt from enrolment first, and left out of the FIDO2 rule", () => {
    const r = policiesForGroups(ALL, [G.everyone, G.marketing, G.service], zones);
    const enrol = r.policies.filter((p) => p.type === "MFA_ENROLL");
    expect(enrol.map((p) => [p.policyName, p.applies])).toEqual([
      ["Service accounts – no authenticator enrolment", true],
      ["Workforce authenticator enrolment", false],
    ]);
    expect(r.policies.some((p) => p.type === "ACCESS_POLICY")).toBe(false);
    expect(r.exclusions).toEqual([
      { type: "ACCESS_POLICY", policyId: "00pAccess", policyName: "Default Policy", ruleId: "0prFido", ruleName: "Marketing outside the office", groupId: G.service, summary: "Requires a phishing-resistant factor outside Office, asked again every 2 hours" },
    ]);
  });

  it("ignores inactive policies and rules, and honours rules that name the user", () => {
    const inactive = { ...marketingSession, status: "INACTIVE" };
    const r = policiesForGroups([inactive, defaultSession], [G.everyone, G.marketing], zones);
    expect(r.policies.map((p) => [p.policyName, p.applies])).toEqual([["Default Policy", true]]);
    const named = { ...defaultSession, rules: [rule({ id: "0prX", name: "Not Jane", people: peopleOf({ people: { users: { exclude: ["00uJane"] } } }), actions: { signon: { requireFactor: true } } })] };
    const jane = policiesForGroups([named], [G.everyone], zones, "00uJane");
    expect(jane.policies[0]!.rules).toEqual([]);
    expect(jane.exclusions.map((e) => [e.ruleName, e.groupId])).toEqual([["Not Jane", undefined]]);
  });

  it("a user outside every included group gets no policy of that type", () => {
    const r = policiesForGroups([adminPasswords], [G.everyone], zones);
    expect(r.policies).toEqual([]);
  });
});
