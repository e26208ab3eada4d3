/**
 * A customer org of a given shape (Okta-, AD- or HR-mastered): people in departments with managers and
 * titles, users in every lifecycle status, groups (BUILT_IN Everyone, department groups, APP_GROUPs), a
 * group rule, apps assigned to groups, admins, the MSP's service accounts with the org's API token,
 * enrolled factors and (optionally) a System Log history.
 */
import type { AdminRoleType, AppRecord, FactorType, GroupRecord, UserProfile, UserRecord, UserStatus } from "../model.ts";
import { actorFromUser, targetFromApp, targetFromGroup, targetFromUser, type EventParty } from "../events.ts";
import { DAY, OrgBuilder } from "./builder.ts";
import { seedPolicies } from "./policies.ts";
import { customAttribute } from "../schema.ts";
import type { UserSchemaAttributeRecord, UserSchemaMaster } from "../model.ts";
import { CITIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, USER_AGENTS, type DepartmentSpec } from "./names.ts";

export interface CustomerSpec {
  slug: string;
  name: string;
  kind: string;
  /** Email/login domain. */
  domain: string;
  /** Number of people (service accounts come on top). */
  users: number;
  master: "OKTA" | "AD" | "HR";
  /** AD-mastered: the AD domain (credentials.provider.name). */
  adDomain?: string;
  /** HR-mastered: the HR system (credentials.provider.name). */
  hrSource?: string;
  /** Role of the account whose API token the console uses (default SUPER_ADMIN). */
  tokenRole?: AdminRoleType;
  /** System Log history; omitted = none. */
  history?: { days: number; maxSignInsPerDay: number };
  factors?: boolean;
  /** Perf seeds: fewer groups and apps, apps assigned to department groups only. */
  lean?: boolean;
  /** Also create the OktaRADIUS service account. */
  radius?: boolean;
  /** Password of every person with one (customers' people never sign in to the emulator's OIDC app). */
  password?: string;
  /** Add the "MSP Console Service App" (OAuth service app for the console) with these admin roles. */
  serviceApp?: { roles: AdminRoleType[] };
}

/**
 * Okta API scopes granted to the seeded service app: what the console asks for by default
 * (DEFAULT_OAUTH_SCOPES in lib/tenants/schemas.ts) and the matching read scopes.
 */
export const SERVICE_APP_SCOPES = [
  "okta.users.read",
  "okta.users.manage",
  "okta.groups.read",
  "okta.groups.manage",
  "okta.apps.read",
  "okta.apps.manage",
  "okta.logs.read",
  "okta.roles.read",
  "okta.factors.read",
  "okta.factors.manage",
  "okta.orgs.read",
  "okta.schemas.read",
];
export const SERVICE_APP_LABEL = "MSP Console Service App";

export interface CustomerSeedResult {
  builder: OrgBuilder;
  apiToken: string;
}

const STATUS_WEIGHTS: Array<[UserStatus, number]> = [
  ["ACTIVE", 0.82],
  ["STAGED", 0.025],
  ["PROVISIONED", 0.03],
  ["RECOVERY", 0.02],
  ["PASSWORD_EXPIRED", 0.03],
  ["LOCKED_OUT", 0.02],
  ["SUSPENDED", 0.02],
  ["DEPROVISIONED", 0.035],
];
export const ALL_STATUSES: UserStatus[] = STATUS_WEIGHTS.map(([s]) => s);

function ascii(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
}

interface Person {
  dept: DepartmentSpec | null;
  role: "ceo" | "head" | "manager" | "staff";
  status: UserStatus;
}

export function buildCustomerOrg(spec: CustomerSpec, seedKey: string, now: number): CustomerSeedResult {
  const b = new OrgBuilder(spec.slug, spec.name, spec.kind, seedKey, now);
  const password = spec.password ?? "Customer-Passw0rd!";
  const pickStatus = (): UserStatus => {
    let r = b.random();
    for (const [s, w] of STATUS_WEIGHTS) {
      if ((r -= w) < 0) return s;
    }
    return "ACTIVE";
  };

  // ---- plan: department, role and status of every person ----
  const totalWeight = DEPARTMENTS.reduce((n, d) => n + d.weight, 0);
  const pickDept = (): DepartmentSpec => {
    let r = b.random() * totalWeight;
    for (const d of DEPARTMENTS) if ((r -= d.weight) < 0) return d;
    return DEPARTMENTS[0]!;
  };
  const plan: Person[] = [{ dept: null, role: "ceo", status: "ACTIVE" }];
  const perDept = new Map<string, number>();
  for (let i = 1; i < spec.users; i++) {
    // Every department gets people before weights apply, so small orgs still have Marketing etc.
    const dept = i <= DEPARTMENTS.length ? DEPARTMENTS[i - 1]! : pickDept();
    const n = perDept.get(dept.name) ?? 0;
    perDept.set(dept.name, n + 1);
    const role = n === 0 ? "head" : n % 8 === 1 ? "manager" : "staff";
    plan.push({ dept, role, status: role === "staff" ? pickStatus() : "ACTIVE" });
  }
  // Every status appears at least once (in any org big enough to hold them).
  const staffIdx = plan.map((p, i) => (p.role === "staff" ? i : -1)).filter((i) => i >= 0);
  for (const status of ALL_STATUSES) {
    if (status === "ACTIVE" || plan.some((p) => p.status === status)) continue;
    const candidates = staffIdx.filter((i) => plan[i]!.status === "ACTIVE" && plan[i]!.dept?.name !== "IT");
    if (candidates.length === 0) break;
    plan[b.pick(candidates)]!.status = status;
  }

  // ---- people ----
  const logins = new Map<string, number>();
  const sams = new Map<string, number>();
  const unique = (map: Map<string, number>, base: string) => {
    const n = (map.get(base) ?? 0) + 1;
    map.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  };
  const provider =
    spec.master === "AD"
      ? { type: "ACTIVE_DIRECTORY" as const, name: spec.adDomain ?? "corp.example.com" }
      : spec.master === "HR"
        ? { type: "IMPORT" as const, name: spec.hrSource ?? "Workday" }
        : { type: "OKTA" as const, name: "OKTA" };
  const dc = (spec.adDomain ?? "corp.example.com").split(".").map((p) => `DC=${p}`).join(",");
  const people: UserRecord[] = [];
  let employeeNo = 10000 + b.int(0, 5000);
  for (const p of plan) {
    const firstName = b.pick(FIRST_NAMES);
    const lastName = b.pick(LAST_NAMES);
    const local = unique(logins, `${ascii(firstName)}.${ascii(lastName)}`);
    const email = `${local}@${spec.domain}`;
    const city = b.pick(CITIES);
    const dept = p.dept;
    const title =
      p.role === "ceo" ? "Chief Executive Officer" : p.role === "head" ? dept!.headTitle : p.role === "manager" ? dept!.managerTitle : b.pick(dept!.titles);
    const contractor = p.role === "staff" && b.chance(0.05);
    employeeNo += b.int(1, 7);
    const profile: UserProfile = {
      login: email,
      email,
      firstName,
      lastName,
      displayName: `${firstName} ${lastName}`,
      secondEmail: null,
      mobilePhone: `${city.phone} 555 ${String(b.int(0, 9999)).padStart(4, "0")}`,
      title,
      department: dept?.name ?? "Executive",
      organization: spec.name,
      division: dept && ["Engineering", "IT", "Operations"].includes(dept.name) ? "Technology" : "Business",
      costCenter: dept?.costCenter ?? "CC-1000",
      employeeNumber: String(employeeNo),
      userType: contractor ? "Contractor" : "Employee",
      city: city.city,
      state: city.state,
      countryCode: city.countryCode,
      timezone: city.timezone,
      locale: city.countryCode === "DE" ? "de_DE" : city.countryCode === "GB" ? "en_GB" : "en_US",
      manager: null,
      managerId: null,
    };
    if (spec.master === "AD") {
      const sam = unique(sams, `${ascii(firstName).slice(0, 1)}${ascii(lastName)}`.slice(0, 20));
      profile.samAccountName = sam;
      profile.userPrincipalName = email;
      profile.distinguishedName = `CN=${firstName} ${lastName},OU=${dept?.name ?? "Executive"},OU=Users,${dc}`;
      profile.windowsDomainQualifiedName = `${(spec.adDomain ?? "corp.example.com").split(".")[0]!.toUpperCase()}\\${sam}`;
    }
    const age = p.role === "staff" ? (b.chance(0.04) ? b.int(1, 28) * DAY : b.int(60, 2000) * DAY) : b.int(700, 2500) * DAY;
    // Custom attributes (declared by seedUserSchema below); derived without the PRNG so the rest of the
    // seed stays as it was.
    profile.workplace = WORKPLACES[employeeNo % WORKPLACES.length]!;
    if (spec.master !== "HR") profile.startDate = new Date(now - age + 3 * DAY).toISOString().slice(0, 10);
    if (spec.master === "HR") {
      profile.employeeType = contractor ? "Contractor" : b.chance(0.9) ? "Full-Time" : "Part-Time";
      profile.hireDate = new Date(now - age + 3 * DAY).toISOString().slice(0, 10);
      profile.workerStatus = p.status === "DEPROVISIONED" ? "Terminated" : "Active";
      if (p.status === "DEPROVISIONED") profile.terminationDate = new Date(now - b.int(1, 20) * DAY).toISOString().slice(0, 10);
    }
    people.push(
      b.addUser({
        profile,
        status: p.status,
        provider,
        // AD- and HR-sourced users authenticate against their source; Okta stores no password for AD users.
        password: spec.master === "AD" ? undefined : password,
        age,
      }),
    );
  }
  // AD users with a status that implies a credential still need `hasPassword` semantics for lifecycle ops:
  // Okta delegates authentication to AD, so leave their credentials without a password (as Okta does).

  seedUserSchema(b, spec);

  // ---- managers ----
  const ceo = people[0]!;
  const setManager = (u: UserRecord, m: UserRecord) => {
    u.profile.manager = `${m.profile.firstName} ${m.profile.lastName}`;
    u.profile.managerId = m.id;
  };
  const byDept = new Map<string, { head?: UserRecord; managers: UserRecord[]; staff: UserRecord[] }>();
  plan.forEach((p, i) => {
    if (!p.dept) return;
    const e = byDept.get(p.dept.name) ?? { managers: [], staff: [] };
    const u = people[i]!;
    if (p.role === "head") e.head = u;
    else if (p.role === "manager") e.managers.push(u);
    else e.staff.push(u);
    byDept.set(p.dept.name, e);
  });
  for (const e of byDept.values()) {
    if (e.head) setManager(e.head, ceo);
    for (const m of e.managers) if (e.head) setManager(m, e.head);
    e.staff.forEach((s, k) => {
      const m = e.managers.length > 0 ? e.managers[k % e.managers.length]! : e.head;
      if (m) setManager(s, m);
    });
  }

  // ---- service accounts (MSP integration etc.): Okta-mastered even in AD/HR orgs ----
  const service = (firstName: string, lastName: string, local: string, title: string) =>
    b.addUser({
      profile: {
        login: `${local}@${spec.domain}`,
        email: `${local}@${spec.domain}`,
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        title,
        organization: spec.name,
        userType: "Service Account",
      },
      status: "ACTIVE",
      password,
      serviceAccount: true,
      age: b.int(200, 900) * DAY,
    });
  const integration = service("MSP-Okta", "Integration", "msp-integration", "Service Account (MSP console API token)");
  const deepLink = service("Deep", "Link", "msp-deeplink", "Service Account (MSP deep linking)");
  const serviceAccounts = [integration, deepLink];
  if (spec.master === "AD") serviceAccounts.push(service("OktaADAgent", "Service", "oktaadagent", "Okta AD Agent"));
  if (spec.radius) serviceAccounts.push(service("OktaRADIUS", "Service", "oktaradius", "Okta RADIUS Server Agent"));
  const everyoneUsers = [...people, ...serviceAccounts];

  // ---- admins ----
  const activeIn = (dept: string) => (byDept.get(dept)?.staff ?? []).concat(byDept.get(dept)?.managers ?? []).filter((u) => u.status === "ACTIVE");
  const anyActive = people.filter((u) => u.status === "ACTIVE");
  const firstOf = (list: UserRecord[], exclude: UserRecord[]) => list.find((u) => !exclude.includes(u)) ?? anyActive.find((u) => !exclude.includes(u));
  const admins: Array<[UserRecord, AdminRoleType]> = [];
  const itAdmins = activeIn("IT");
  const superAdmin = byDept.get("IT")?.head ?? firstOf(itAdmins, [])!;
  admins.push([superAdmin, "SUPER_ADMIN"]);
  const orgAdmin = firstOf(itAdmins, [superAdmin]);
  if (orgAdmin) admins.push([orgAdmin, "ORG_ADMIN"]);
  const helpDesk = firstOf(activeIn("Customer Support").concat(itAdmins), admins.map(([u]) => u));
  if (helpDesk) admins.push([helpDesk, "HELP_DESK_ADMIN"]);
  const readOnly = firstOf(activeIn("Finance").concat(activeIn("Legal")), admins.map(([u]) => u));
  if (readOnly) admins.push([readOnly, "READ_ONLY_ADMIN"]);
  if (!spec.lean) {
    const appAdmin = firstOf(itAdmins, admins.map(([u]) => u));
    if (appAdmin) admins.push([appAdmin, "APP_ADMIN"]);
  }
  for (const [u, role] of admins) b.addRole(u, role);
  b.addRole(integration, spec.tokenRole ?? "SUPER_ADMIN");
  b.addRole(deepLink, "SUPER_ADMIN");
  const apiToken = b.addApiToken(integration, "MSP Console");

  // ---- groups ----
  const everyone = b.addGroup("Everyone", "All users in your organization", "BUILT_IN", { objectClass: ["okta:user_group"] });
  for (const u of everyoneUsers) b.addMember(everyone, u);
  const deptGroups = new Map<string, GroupRecord>();
  for (const d of DEPARTMENTS) {
    if (!byDept.has(d.name)) continue;
    const g = b.addGroup(`Users – ${d.name}`, `All ${d.name} staff`);
    deptGroups.set(d.name, g);
    if (d.name === "Marketing") continue; // filled by the group rule below
    for (const u of people) if (u.profile.department === d.name && u.status !== "DEPROVISIONED") b.addMember(g, u);
  }
  const marketing = deptGroups.get("Marketing")!;
  b.addRule("Marketing department", "department", "Marketing", marketing, "ACTIVE");
  const sales = deptGroups.get("Sales");
  if (sales && !spec.lean) b.addRule("Sales department (draft)", "department", "Sales", sales, "INACTIVE");

  const managersGroup = b.addGroup("Managers", "People managers");
  for (const u of people) if (/Manager|Lead|VP|Chief|Director|Counsel|COO/.test(String(u.profile.title)) && u.status !== "DEPROVISIONED") b.addMember(managersGroup, u);
  const adminsGroup = b.addGroup("Okta Administrators", "Staff with Okta admin roles");
  for (const [u] of admins) b.addMember(adminsGroup, u);
  const svcGroup = b.addGroup("Service Accounts", "Non-human accounts; excluded from MFA enrollment policy");
  for (const u of serviceAccounts) b.addMember(svcGroup, u);
  let vpn: GroupRecord | undefined;
  if (!spec.lean) {
    const contractors = b.addGroup("Contractors", "External contractors (limited app access)");
    for (const u of people) if (u.profile.userType === "Contractor" && u.status !== "DEPROVISIONED") b.addMember(contractors, u);
    vpn = b.addGroup("VPN Users", "Allowed to use the corporate VPN (RADIUS)");
    for (const u of people) if (["Engineering", "IT", "Sales"].includes(String(u.profile.department)) && u.status !== "DEPROVISIONED" && b.chance(0.4)) b.addMember(vpn, u);
  }

  // APP_GROUPs: imported from the directory (AD) or an app.
  const appGroups: GroupRecord[] = [];
  if (spec.master === "AD") {
    const adShort = (spec.adDomain ?? "corp.example.com").split(".")[0]!.toUpperCase();
    const adGroup = (name: string, description: string) =>
      b.addGroup(name, description, "APP_GROUP", {
        objectClass: ["okta:windows_security_principal"],
        profile: {
          samAccountName: name,
          dn: `CN=${name},OU=Groups,${dc}`,
          windowsDomainQualifiedName: `${adShort}\\${name}`,
          groupType: "Security",
          groupScope: "Global",
          externalId: b.ids.uuid(),
        },
      });
    const domainUsers = adGroup("Domain Users", "All domain users");
    for (const u of people) if (u.status !== "DEPROVISIONED") b.addMember(domainUsers, u);
    const domainAdmins = adGroup("Domain Admins", "Designated administrators of the domain");
    for (const [u] of admins.slice(0, 2)) b.addMember(domainAdmins, u);
    const financeShare = adGroup("FS-Finance-RW", "Finance file share, read/write");
    for (const u of people) if (u.profile.department === "Finance" && u.status !== "DEPROVISIONED") b.addMember(financeShare, u);
    appGroups.push(domainUsers, domainAdmins, financeShare);
  } else if (!spec.lean) {
    // Okta's objectClass for non-AD app groups is not documented in the spec; "okta:app_group" is our choice.
    const m365 = b.addGroup("All Company (Microsoft 365)", "Microsoft 365 group imported from Azure AD", "APP_GROUP", { objectClass: ["okta:app_group"] });
    for (const u of people) if (u.status !== "DEPROVISIONED" && b.chance(0.9)) b.addMember(m365, u);
    const slackEng = b.addGroup("eng-announce (Slack)", "Slack user group", "APP_GROUP", { objectClass: ["okta:app_group"] });
    for (const u of people) if (u.profile.department === "Engineering" && u.status !== "DEPROVISIONED") b.addMember(slackEng, u);
    appGroups.push(m365, slackEng);
  }

  // ---- apps ----
  const provisioning = ["IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "PUSH_PROFILE_UPDATES"];
  const apps: AppRecord[] = [];
  const salesforce = b.addApp({ name: "salesforce", label: "Salesforce.com", signOnMode: "SAML_2_0", features: provisioning, settings: { app: { instanceType: "PRODUCTION", integrationType: "STANDARD" } } });
  const zoom = b.addApp({ name: "zoomus", label: "Zoom", signOnMode: "SAML_2_0", features: ["PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "PUSH_PROFILE_UPDATES"], settings: { app: { subDomain: spec.slug } } });
  const canva = b.addApp({ name: "canva", label: "Canva", signOnMode: "SAML_2_0", settings: { app: {} } });
  const m365app = b.addApp({ name: "office365", label: "Microsoft Office 365", signOnMode: "WS_FEDERATION", features: provisioning, settings: { app: { domain: spec.domain, msftTenant: spec.slug } } });
  const slack = b.addApp({ name: "slack", label: "Slack", signOnMode: "SAML_2_0", features: ["PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"], settings: { app: { domain: spec.slug } } });
  // Salesforce's app user schema requires a licence type: a direct assignment must give one.
  salesforce.requiredAppUserAttributes = ["licenseType"];
  apps.push(salesforce, zoom, canva, m365app, slack);
  const dg = (name: string) => deptGroups.get(name);
  if (spec.lean) {
    for (const g of [dg("Sales"), dg("Customer Support")]) if (g) b.assignAppToGroup(salesforce, g);
    b.assignAppToGroup(canva, marketing);
    for (const g of [dg("Engineering"), dg("IT")]) if (g) b.assignAppToGroup(slack, g);
  } else {
    for (const g of [dg("Sales"), dg("Customer Support")]) if (g) b.assignAppToGroup(salesforce, g);
    b.assignAppToGroup(zoom, everyone);
    b.assignAppToGroup(canva, marketing);
    b.assignAppToGroup(m365app, everyone);
    b.assignAppToGroup(slack, everyone);
    // A few direct assignments (e.g. a finance analyst with a Salesforce licence).
    for (const u of activeIn("Finance").slice(0, 2)) b.assignAppToUser(salesforce, u);
    const box = b.addApp({ name: "boxnet", label: "Box", signOnMode: "SAML_2_0", status: "INACTIVE", settings: { app: {} } });
    apps.push(box);
  }
  if (spec.master === "AD") {
    // The directory integration shows up as an app; its signOnMode is not in the spec, "BOOKMARK" is our choice.
    apps.push(b.addApp({ name: "active_directory", label: spec.adDomain ?? "corp.example.com", signOnMode: "BOOKMARK", features: ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "IMPORT_USER_SCHEMA"], settings: { app: { namingContext: spec.adDomain ?? "corp.example.com" } } }));
  }
  if (spec.master === "HR") {
    apps.push(b.addApp({ name: "workday", label: spec.hrSource ?? "Workday", signOnMode: "SAML_2_0", features: ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "IMPORT_USER_SCHEMA", "PROFILE_MASTERING"], settings: { app: { siteURL: `https://wd5.myworkday.com/${spec.slug}` } } }));
  }
  if (spec.radius && vpn) {
    const radius = b.addApp({ name: "radius_for_generic_app", label: "Corporate VPN (RADIUS)", signOnMode: "RADIUS_FOR_GENERIC_APP" });
    b.assignAppToGroup(radius, vpn);
    apps.push(radius);
  }

  // ---- factors ----
  if (spec.factors) {
    for (const u of people) {
      if (u.status === "STAGED" || u.status === "PROVISIONED" || u.status === "DEPROVISIONED") continue;
      if (b.chance(0.1)) continue; // not enrolled
      const types: FactorType[] = [];
      if (b.chance(0.8)) types.push("push");
      if (b.chance(0.35)) types.push("token:software:totp");
      if (b.chance(0.25) || types.length === 0) types.push("sms");
      if (b.chance(0.3)) types.push("email");
      if (b.chance(0.08)) types.push("webauthn");
      for (const t of types) b.addFactor(u, t);
    }
    // One pending enrollment, to show PENDING_ACTIVATION.
    const pending = people.find((u) => u.status === "ACTIVE" && !b.org.factors.has(u.id));
    if (pending) b.addFactor(pending, "token:software:totp", "PENDING_ACTIVATION");
  }

  if (spec.history) seedHistory(b, { people, admins: admins.map(([u]) => u), integration, groups: [...deptGroups.values(), ...appGroups], history: spec.history });
  // Last, so the rest of the org does not depend on whether the spec has a service app.
  if (spec.serviceApp) b.addServiceApp(SERVICE_APP_LABEL, { keySeed: `${seedKey}:${spec.slug}:service-app`, scopes: SERVICE_APP_SCOPES, roles: spec.serviceApp.roles });
  // An admin-role group: its members (already admins) also hold Read-only Administrator through it.
  // After everything else, so the ids and random draws above are unchanged.
  b.addGroupRole(adminsGroup, "READ_ONLY_ADMIN");
  // Policies and network zones after everything else, so the ids above do not move.
  seedPolicies(b, { everyone, marketing, serviceAccounts: svcGroup, oktaAdmins: adminsGroup });
  // Caller-verification demo people, last of all so nothing above moves.
  if (spec.factors) seedVerificationPersonas(b, people, new Set(admins.map(([u]) => u.id)));
  return { builder: b, apiToken };
}

/**
 * People to try caller verification with (issue 12), chosen by rule rather than drawn, with known
 * factors: the first active non-admin staff member of Sales has Okta Verify push + SMS + email, of
 * Marketing push + email, of Engineering SMS + voice call (codes only), and of Finance nothing at all
 * (the "I lost my phone" caller who needs the break-glass path). `personaOf` names them.
 */
export const VERIFICATION_PERSONAS = [
  { department: "Sales", factors: ["push", "sms", "email"], device: { deviceType: "SmartPhone_IPhone", name: "iPhone 15", platform: "IOS", version: "17.4" } },
  { department: "Marketing", factors: ["push", "email"], device: { deviceType: "SmartPhone_Android", name: "Pixel 8", platform: "ANDROID", version: "14" } },
  { department: "Engineering", factors: ["sms", "call"] },
  { department: "Finance", factors: [] },
] as const satisfies ReadonlyArray<{ department: string; factors: readonly FactorType[]; device?: Record<string, string> }>;

/** The persona user of a department in a seeded org (see VERIFICATION_PERSONAS). */
export function personaOf(people: Iterable<UserRecord>, department: string, adminIds: ReadonlySet<string>): UserRecord | undefined {
  for (const u of people) {
    if (u.status === "ACTIVE" && !u.serviceAccount && !adminIds.has(u.id) && u.profile.department === department && u.profile.managerId) return u;
  }
  return undefined;
}

function seedVerificationPersonas(b: OrgBuilder, people: UserRecord[], adminIds: ReadonlySet<string>): void {
  for (const persona of VERIFICATION_PERSONAS) {
    const user = personaOf(people, persona.department, adminIds);
    if (!user) continue;
    b.org.factors.delete(user.id);
    for (const t of persona.factors) {
      const f = b.addFactor(user, t);
      if (t === "push" && "device" in persona) f.profile = { credentialId: user.profile.login, ...persona.device };
    }
  }
}

const WORKPLACES = ["Office", "Hybrid", "Remote"] as const;

/**
 * The org's user schema: custom attributes matching what its people carry, and which attributes the
 * profile master owns. Okta-mastered orgs keep Okta's default (every attribute PROFILE_MASTER, and Okta
 * is that master). AD and HR orgs: the source owns identity and HR attributes (PROFILE_MASTER); Okta
 * owns contact details and preferences (master OKTA), so those stay editable for imported users.
 */
function seedUserSchema(b: OrgBuilder, spec: CustomerSpec): void {
  const okta: UserSchemaMaster = { type: "OKTA" };
  const custom: Record<string, UserSchemaAttributeRecord> = {};
  if (spec.master === "AD") {
    custom.samAccountName = customAttribute("SAM account name", { minLength: 1, maxLength: 20, unique: true });
    custom.userPrincipalName = customAttribute("User principal name", { format: "email" });
    custom.distinguishedName = customAttribute("Distinguished name");
    custom.windowsDomainQualifiedName = customAttribute("Windows domain qualified name");
  }
  if (spec.master === "HR") {
    custom.employeeType = customAttribute("Employee type", {
      enum: ["Full-Time", "Part-Time", "Contractor"],
      oneOf: [
        { const: "Full-Time", title: "Full-time" },
        { const: "Part-Time", title: "Part-time" },
        { const: "Contractor", title: "Contractor" },
      ],
    });
    custom.hireDate = customAttribute("Hire date", { pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
    custom.workerStatus = customAttribute("Worker status", { enum: ["Active", "Leave", "Terminated"] });
    custom.terminationDate = customAttribute("Termination date", { pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
  } else {
    custom.startDate = customAttribute("Start date", { pattern: "^\\d{4}-\\d{2}-\\d{2}$", ...(spec.master === "AD" ? { master: okta } : {}) });
  }
  custom.workplace = customAttribute("Workplace", {
    enum: [...WORKPLACES],
    oneOf: WORKPLACES.map((w) => ({ const: w, title: w })),
    ...(spec.master === "OKTA" ? {} : { master: okta }),
  });
  const baseMasters: Record<string, UserSchemaMaster> = {};
  if (spec.master !== "OKTA") {
    for (const name of ["secondEmail", "mobilePhone", "primaryPhone", "nickName", "profileUrl", "preferredLanguage", "locale", "timezone"]) baseMasters[name] = okta;
  }
  const at = b.iso(b.now - 700 * DAY);
  b.org.userSchema = { created: at, lastUpdated: at, custom, ...(Object.keys(baseMasters).length ? { baseMasters } : {}) };
}

/** 30 days (or `days`) of realistic System Log history, and users' lastLogin consistent with it. */
function seedHistory(
  b: OrgBuilder,
  ctx: { people: UserRecord[]; admins: UserRecord[]; integration: UserRecord; groups: GroupRecord[]; history: { days: number; maxSignInsPerDay: number } },
): void {
  const { org } = b;
  const start = b.now - ctx.history.days * DAY;
  const ipOf = new Map<string, string>();
  const uaOf = new Map<string, string>();
  const client = (u: UserRecord) => {
    let ip = ipOf.get(u.id);
    if (!ip) {
      ip = `${b.pick(["203.0.113", "198.51.100", "192.0.2"])}.${b.int(2, 254)}`;
      ipOf.set(u.id, ip);
      uaOf.set(u.id, b.pick(USER_AGENTS));
    }
    return { ipAddress: ip, userAgent: uaOf.get(u.id)! };
  };
  const appsOf = (u: UserRecord): AppRecord[] => {
    const out: AppRecord[] = [];
    for (const [appId, byUser] of org.appUsers) if (byUser.has(u.id)) out.push(org.apps.get(appId)!);
    return out;
  };
  const statusAt = (u: UserRecord) => Date.parse(u.statusChanged ?? u.created);
  const canSignInAt = (u: UserRecord, at: number) => {
    if (at < Date.parse(u.activated ?? u.created) + 3600_000) return false;
    if (u.status === "ACTIVE" || u.status === "PASSWORD_EXPIRED") return true;
    if (u.status === "STAGED" || u.status === "PROVISIONED") return false;
    return at < statusAt(u); // locked/suspended/deprovisioned/recovery since statusChanged
  };
  const adminActors = [ctx.integration, ...ctx.admins];
  const lastLogin = new Map<string, number>();
  const withFactors = (u: UserRecord) => (org.factors.get(u.id)?.length ?? 0) > 0;

  // Sign-ins, MFA, SSO and the occasional typo.
  const candidates = ctx.people.filter((u) => u.status !== "STAGED" && u.status !== "PROVISIONED");
  for (let d = ctx.history.days; d >= 1; d--) {
    const dayStart = b.now - d * DAY - ((b.now - d * DAY) % DAY);
    const weekday = new Date(dayStart).getUTCDay();
    const factor = weekday === 0 || weekday === 6 ? 0.15 : 1;
    const count = Math.round(Math.min(candidates.length * 0.55, ctx.history.maxSignInsPerDay) * factor);
    for (let i = 0; i < count; i++) {
      const u = b.pick(candidates);
      const at = dayStart + 12 * 3600_000 + b.int(0, 11 * 3600_000);
      if (at >= b.now || !canSignInAt(u, at)) continue;
      const c = client(u);
      const actor = actorFromUser(u);
      if (b.chance(0.05)) {
        const group = b.nextGroup();
        b.event(at - 45_000, { group, eventType: "user.session.start", displayMessage: "User login to Okta", actor, outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, severity: "WARN", ...c });
      }
      const group = b.nextGroup();
      b.event(at, { group, eventType: "user.session.start", displayMessage: "User login to Okta", actor, ...c });
      if (withFactors(u) && b.chance(0.6)) {
        b.event(at + 8_000, { group, eventType: "user.authentication.auth_via_mfa", displayMessage: "Authentication of user via MFA", actor, ...c });
      }
      const apps = appsOf(u);
      if (apps.length > 0) {
        const n = Math.min(apps.length, b.int(1, 2));
        for (let k = 0; k < n; k++) {
          const app = b.pick(apps);
          b.event(at + 20_000 + k * b.int(30_000, 3600_000), { eventType: "user.authentication.sso", displayMessage: "User single sign on to app", actor, targets: [targetFromApp(app)], ...c });
        }
      }
      lastLogin.set(u.id, Math.max(lastLogin.get(u.id) ?? 0, at));
    }
  }

  // Status changes inside the window get their cause logged.
  const admin = () => b.pick(adminActors);
  const adminEvent = (at: number, eventType: string, displayMessage: string, targets: EventParty[], by = admin()) =>
    b.event(at, { eventType, displayMessage, actor: actorFromUser(by), targets, ipAddress: "198.51.100.10", userAgent: by.serviceAccount ? "okta-sdk-nodejs/8.1.0 node/20.20.0 linux/6.8" : USER_AGENTS[0] });
  for (const u of ctx.people) {
    const at = statusAt(u);
    const created = Date.parse(u.created);
    if (created >= start) {
      adminEvent(created, "user.lifecycle.create", "Create okta user", [targetFromUser(u)]);
      if (u.activated) adminEvent(Date.parse(u.activated), "user.lifecycle.activate", "Activate Okta user", [targetFromUser(u)]);
    }
    if (at < start) continue;
    const c = client(u);
    switch (u.status) {
      case "LOCKED_OUT": {
        const actor = actorFromUser(u);
        for (let k = 10; k >= 1; k--) {
          b.event(at - k * 20_000, { eventType: "user.session.start", displayMessage: "User login to Okta", actor, outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, severity: "WARN", ...c });
        }
        b.event(at, { eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded", actor, targets: [targetFromUser(u)], outcome: { result: "FAILURE", reason: "LOCKED_OUT" }, severity: "WARN", ...c });
        break;
      }
      case "RECOVERY":
        adminEvent(at, "user.account.reset_password", "Fired when the user's Okta password is reset", [targetFromUser(u)]);
        break;
      case "PASSWORD_EXPIRED":
        adminEvent(at, "user.account.expire_password", "User's Okta password is expired", [targetFromUser(u)]);
        break;
      case "SUSPENDED":
        adminEvent(at, "user.lifecycle.suspend", "Suspend Okta user", [targetFromUser(u)]);
        break;
      case "DEPROVISIONED":
        adminEvent(at, "user.lifecycle.deactivate", "Deactivate Okta user", [targetFromUser(u)]);
        break;
      default:
        break;
    }
  }

  // Locked-out users who were unlocked again, password changes, group membership changes.
  const active = ctx.people.filter((u) => u.status === "ACTIVE");
  const nEvents = Math.max(3, Math.round(active.length * 0.02));
  for (let i = 0; i < nEvents && active.length > 0; i++) {
    const u = b.pick(active);
    const at = b.now - b.int(1, ctx.history.days - 1) * DAY - b.int(0, DAY / 2);
    if (!canSignInAt(u, at - 3600_000)) continue;
    const c = client(u);
    const actor = actorFromUser(u);
    for (let k = 10; k >= 1; k--) {
      b.event(at - 3600_000 - k * 15_000, { eventType: "user.session.start", displayMessage: "User login to Okta", actor, outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, severity: "WARN", ...c });
    }
    b.event(at - 3600_000, { eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded", actor, targets: [targetFromUser(u)], outcome: { result: "FAILURE", reason: "LOCKED_OUT" }, severity: "WARN", ...c });
    adminEvent(at, "user.account.unlock", "Unlock user account", [targetFromUser(u)]);
  }
  for (let i = 0; i < nEvents * 2 && active.length > 0; i++) {
    const u = b.pick(active);
    const at = b.now - b.int(1, ctx.history.days - 1) * DAY - b.int(0, DAY / 2);
    if (!canSignInAt(u, at)) continue;
    b.event(at, { eventType: "user.account.update_password", displayMessage: "User update password for Okta", actor: actorFromUser(u), targets: [targetFromUser(u)], ...client(u) });
  }
  for (let i = 0; i < nEvents * 2 && ctx.groups.length > 0; i++) {
    const g = b.pick(ctx.groups);
    const members = [...(org.memberships.get(g.id) ?? [])];
    if (members.length === 0) continue;
    const u = org.users.get(b.pick(members))!;
    const at = b.now - b.int(1, ctx.history.days - 1) * DAY - b.int(0, DAY / 2);
    adminEvent(at, "group.user_membership.add", "Add user to group membership", [targetFromUser(u), targetFromGroup(g)]);
  }

  // Daily sign-ins stop at yesterday's close, so late in the UTC day "the last 24 hours" could hold no
  // failed sign-in at all. A real org always has a few typos from this morning: three people mistyped
  // their password in the last few hours and got in at the next try. No random draws here (only people
  // who already have a client), so the rest of the seed stays as it was.
  const admins = new Set(ctx.admins.map((u) => u.id));
  const typists = active.filter((u) => ipOf.has(u.id) && !admins.has(u.id) && canSignInAt(u, b.now - 4 * 3600_000)).slice(0, 3);
  typists.forEach((u, i) => {
    const at = b.now - 3600_000 - i * 50 * 60_000;
    const c = client(u);
    const actor = actorFromUser(u);
    b.event(at - 40_000, { eventType: "user.session.start", displayMessage: "User login to Okta", actor, outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, severity: "WARN", ...c });
    b.event(at, { eventType: "user.session.start", displayMessage: "User login to Okta", actor, ...c });
    lastLogin.set(u.id, Math.max(lastLogin.get(u.id) ?? 0, at));
  });

  b.flushEvents();

  for (const u of ctx.people) {
    const seen = lastLogin.get(u.id);
    if (seen) u.lastLogin = b.iso(seen);
    else if (u.status !== "STAGED" && u.status !== "PROVISIONED" && u.activated && b.chance(0.7)) {
      // Signed in before the log window.
      const before = Math.max(Date.parse(u.activated) + 3600_000, start - b.int(1, 120) * DAY);
      if (before < start) u.lastLogin = b.iso(before);
    }
  }
}
