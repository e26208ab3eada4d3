/**
 * A customer org's policies and network zones, shaped like an Identity Engine org an MSP runs:
 *
 * - Network zones: Okta's system `LegacyIpZone` (no gateways until an admin adds some) and `BlockedIpZone`,
 *   plus the customer's "Office" IP zone (documentation address ranges).
 * - Global session policies (OKTA_SIGN_ON): "Marketing – outside the office" for "Users – Marketing"
 *   (MFA at every sign-in outside Office), then Okta's "Default Policy" for Everyone.
 * - Authentication policy (ACCESS_POLICY) "Default Policy": its first rule asks "Users – Marketing" for a
 *   phishing-resistant factor (FIDO2 / WebAuthn) outside Office. Phishing resistance is an authentication
 *   policy setting in Okta (`verificationMethod.constraints[].possession.phishingResistant`); a global
 *   session policy rule can only require MFA, which is why the pair works together.
 * - Authenticator enrolment (MFA_ENROLL): "Workforce authenticator enrolment" (Okta Verify) for Everyone,
 *   with "Service Accounts" left out by a higher-priority policy that asks them for nothing more, then
 *   the system "Default Policy". The authentication policy rule above excludes "Service Accounts" too
 *   (rules take groups to include and to exclude; enrolment policies only groups to include).
 * - Password policies: "Administrators" (stricter, for "Okta Administrators") and the system "Default Policy".
 */
import type { GroupRecord, NetworkZoneRecord, PolicyRecord, PolicyRuleRecord, PolicyTypeName } from "../model.ts";
import { DAY, type OrgBuilder } from "./builder.ts";

export interface PolicySeedGroups {
  everyone: GroupRecord;
  marketing: GroupRecord;
  serviceAccounts: GroupRecord;
  oktaAdmins: GroupRecord;
}

const RULE_TYPE: Record<PolicyTypeName, PolicyRuleRecord["type"]> = { OKTA_SIGN_ON: "SIGN_ON", PASSWORD: "PASSWORD", MFA_ENROLL: "MFA_ENROLL", ACCESS_POLICY: "ACCESS_POLICY" };

export function seedPolicies(b: OrgBuilder, groups: PolicySeedGroups): void {
  const org = b.org;
  org.zones ??= new Map();
  org.policies ??= new Map();
  org.policyRules ??= new Map();
  const when = () => {
    const created = b.ago(b.int(200, 900) * DAY);
    return { created: b.iso(created), lastUpdated: b.iso(created + b.int(0, 150) * DAY) };
  };

  const zone = (z: Omit<NetworkZoneRecord, "id" | "created" | "lastUpdated" | "type" | "status">): NetworkZoneRecord => {
    const rec: NetworkZoneRecord = { id: b.ids.id("nzo"), type: "IP", status: "ACTIVE", ...when(), ...z };
    org.zones!.set(rec.id, rec);
    return rec;
  };
  zone({ name: "LegacyIpZone", usage: "POLICY", system: true, gateways: [], proxies: null });
  zone({ name: "BlockedIpZone", usage: "BLOCKLIST", system: true, gateways: [], proxies: null });
  const office = zone({
    name: "Office",
    usage: "POLICY",
    system: false,
    gateways: [
      { type: "CIDR", value: "203.0.113.0/24" },
      { type: "RANGE", value: "198.51.100.10-198.51.100.20" },
    ],
    proxies: null,
  });

  const policy = (p: Omit<PolicyRecord, "id" | "created" | "lastUpdated" | "status"> & { status?: PolicyRecord["status"] }): PolicyRecord => {
    const rec: PolicyRecord = { id: b.ids.id("00p"), status: "ACTIVE", ...when(), ...p };
    org.policies!.set(rec.id, rec);
    org.policyRules!.set(rec.id, []);
    return rec;
  };
  const rule = (p: PolicyRecord, r: Omit<PolicyRuleRecord, "id" | "policyId" | "type" | "created" | "lastUpdated" | "status"> & { status?: PolicyRuleRecord["status"] }): PolicyRuleRecord => {
    const rec: PolicyRuleRecord = { id: b.ids.id("0pr"), policyId: p.id, type: RULE_TYPE[p.type], status: "ACTIVE", ...when(), ...r };
    org.policyRules!.get(p.id)!.push(rec);
    return rec;
  };
  const session = { maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false };
  const noUsers = { users: { exclude: [] as string[] } };

  // ---- global session policies ----
  const marketingSession = policy({
    type: "OKTA_SIGN_ON",
    name: "Marketing – outside the office",
    description: "Marketing signs in with MFA every time outside the office network",
    priority: 1,
    system: false,
    conditions: { people: { groups: { include: [groups.marketing.id] } } },
  });
  rule(marketingSession, {
    name: "Outside Office: MFA at every sign-in",
    priority: 1,
    system: false,
    conditions: { people: noUsers, network: { connection: "ZONE", exclude: [office.id] }, authContext: { authType: "ANY" } },
    actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS", primaryFactor: "PASSWORD_IDP_ANY_FACTOR", rememberDeviceByDefault: false, session } },
  });
  rule(marketingSession, {
    name: "In the office",
    priority: 2,
    system: false,
    conditions: { people: noUsers, network: { connection: "ZONE", include: [office.id] }, authContext: { authType: "ANY" } },
    actions: { signon: { access: "ALLOW", requireFactor: false, primaryFactor: "PASSWORD_IDP_ANY_FACTOR", rememberDeviceByDefault: false, session } },
  });
  const defaultSession = policy({
    type: "OKTA_SIGN_ON",
    name: "Default Policy",
    description: "The default policy applies in all situations if no other policy applies.",
    priority: 2,
    system: true,
    conditions: { people: { groups: { include: [groups.everyone.id] } } },
  });
  rule(defaultSession, {
    name: "Default Rule",
    priority: 1,
    system: true,
    conditions: { people: noUsers, network: { connection: "ANYWHERE" }, authContext: { authType: "ANY" } },
    actions: { signon: { access: "ALLOW", requireFactor: false, primaryFactor: "PASSWORD_IDP_ANY_FACTOR", rememberDeviceByDefault: false, session } },
  });

  // ---- authentication (app sign-in) policy ----
  const access = policy({
    type: "ACCESS_POLICY",
    name: "Default Policy",
    description: "The default app sign-in policy",
    priority: 1,
    system: true,
    conditions: null,
  });
  rule(access, {
    name: "Marketing outside the office: phishing-resistant",
    priority: 0,
    system: false,
    // Service accounts that sit in Marketing (marketing automation) cannot use a security key.
    conditions: { people: { groups: { include: [groups.marketing.id], exclude: [groups.serviceAccounts.id] } }, network: { connection: "ZONE", exclude: [office.id] } },
    actions: {
      appSignOn: {
        access: "ALLOW",
        verificationMethod: {
          type: "ASSURANCE",
          factorMode: "2FA",
          reauthenticateIn: "PT2H",
          constraints: [{ possession: { phishingResistant: "REQUIRED", userPresence: "REQUIRED", deviceBound: "REQUIRED", required: true } }],
        },
      },
    },
  });
  rule(access, {
    name: "Catch-all Rule",
    priority: 99,
    system: true,
    conditions: null,
    actions: { appSignOn: { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "1FA", reauthenticateIn: "PT12H", constraints: [] } } },
  });

  // ---- authenticator enrolment ----
  // Okta's enrolment policies take groups to include only (AuthenticatorEnrollmentPolicyConditions), and
  // the first policy by priority that includes a user applies. Leaving service accounts out of the
  // workforce requirement is therefore a higher-priority policy for them that asks for nothing more.
  const exempt = policy({
    type: "MFA_ENROLL",
    name: "Service accounts – no authenticator enrolment",
    description: "Non-human accounts are never asked to enrol authenticators",
    priority: 1,
    system: false,
    conditions: { people: { groups: { include: [groups.serviceAccounts.id] } } },
    settings: {
      type: "AUTHENTICATORS",
      authenticators: [
        { key: "okta_password", enroll: { self: "REQUIRED" } },
        { key: "okta_verify", enroll: { self: "NOT_ALLOWED" } },
        { key: "okta_email", enroll: { self: "NOT_ALLOWED" } },
      ],
    },
  });
  rule(exempt, {
    name: "Never prompt",
    priority: 1,
    system: false,
    conditions: { people: noUsers, network: { connection: "ANYWHERE" } },
    actions: { enroll: { self: "NEVER" } },
  });
  const enrol = policy({
    type: "MFA_ENROLL",
    name: "Workforce authenticator enrolment",
    description: "People enrol Okta Verify at their next sign-in",
    priority: 2,
    system: false,
    conditions: { people: { groups: { include: [groups.everyone.id] } } },
    settings: {
      type: "AUTHENTICATORS",
      authenticators: [
        { key: "okta_password", enroll: { self: "REQUIRED" } },
        { key: "okta_verify", enroll: { self: "REQUIRED" } },
        { key: "webauthn", enroll: { self: "OPTIONAL" } },
        { key: "okta_email", enroll: { self: "OPTIONAL" } },
      ],
    },
  });
  rule(enrol, {
    name: "Enrol at the next sign-in",
    priority: 1,
    system: false,
    conditions: { people: noUsers, network: { connection: "ANYWHERE" } },
    actions: { enroll: { self: "CHALLENGE" } },
  });
  const enrolDefault = policy({
    type: "MFA_ENROLL",
    name: "Default Policy",
    description: "The default authenticator enrolment policy",
    priority: 3,
    system: true,
    conditions: { people: { groups: { include: [groups.everyone.id] } } },
    settings: { type: "AUTHENTICATORS", authenticators: [{ key: "okta_password", enroll: { self: "REQUIRED" } }, { key: "okta_email", enroll: { self: "OPTIONAL" } }] },
  });
  rule(enrolDefault, {
    name: "Default Rule",
    priority: 99,
    system: true,
    conditions: { people: noUsers, network: { connection: "ANYWHERE" } },
    actions: { enroll: { self: "CHALLENGE" } },
  });

  // ---- password ----
  const complexity = (minLength: number) => ({
    minLength,
    minLowerCase: 1,
    minUpperCase: 1,
    minNumber: 1,
    minSymbol: minLength >= 14 ? 1 : 0,
    excludeUsername: true,
    dictionary: { common: { exclude: true } },
    excludeAttributes: [],
  });
  const passwordSettings = (minLength: number, maxAgeDays: number) => ({
    password: {
      complexity: complexity(minLength),
      age: { maxAgeDays, expireWarnDays: maxAgeDays ? 7 : 0, minAgeMinutes: 0, historyCount: 4 },
      lockout: { maxAttempts: 10, autoUnlockMinutes: 0, userLockoutNotificationChannels: [], showLockoutFailures: false },
    },
    recovery: { factors: { okta_email: { status: "ACTIVE", properties: { recoveryToken: { tokenLifetimeMinutes: 60 } } } } },
    delegation: { options: { skipUnlock: false } },
  });
  const passwordRule = (p: PolicyRecord, system: boolean) =>
    rule(p, {
      name: system ? "Default Rule" : "Administrators may reset with email",
      priority: system ? 99 : 1,
      system,
      conditions: { people: noUsers, network: { connection: "ANYWHERE" } },
      actions: { passwordChange: { access: "ALLOW" }, selfServicePasswordReset: { access: "ALLOW" }, selfServiceUnlock: { access: system ? "ALLOW" : "DENY" } },
    });
  const adminPasswords = policy({
    type: "PASSWORD",
    name: "Administrators",
    description: "Longer passwords for Okta administrators",
    priority: 1,
    system: false,
    conditions: { people: { groups: { include: [groups.oktaAdmins.id] } }, authProvider: { provider: "OKTA" } },
    settings: passwordSettings(14, 90),
  });
  passwordRule(adminPasswords, false);
  const defaultPasswords = policy({
    type: "PASSWORD",
    name: "Default Policy",
    description: "The default password policy applies unless another policy applies.",
    priority: 2,
    system: true,
    conditions: { people: { groups: { include: [groups.everyone.id] } }, authProvider: { provider: "OKTA" } },
    settings: passwordSettings(8, 0),
  });
  passwordRule(defaultPasswords, true);
}
