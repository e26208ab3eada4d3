/**
 * The MSP's own org: the staff who sign in to the console (one account per console role), the groups
 * the console binds teams to (the `groups` claim), and the console's OIDC app.
 */
import type { AuthServerConfig, GroupRecord, UserRecord, UserStatus } from "../model.ts";
import { actorFromUser, targetFromApp } from "../events.ts";
import { DAY, OrgBuilder } from "./builder.ts";
import { USER_AGENTS } from "./names.ts";
import { ensureSigningKey } from "../oidc/keys.ts";

export const DEMO_PASSWORD = "Demo-Passw0rd!";
export const CONSOLE_CLIENT_ID = "msp-console";
export const CONSOLE_CLIENT_SECRET = "msp-console-demo-secret";
export const MSP_DOMAIN = "msp.example";

export interface MspSeedOptions {
  /** Extra exact redirect URIs for the console client (e.g. from EMULATOR_CONSOLE_REDIRECT_URIS). */
  consoleRedirectUris?: string[];
  /** Extra exact post-logout redirect URIs. */
  consolePostLogoutRedirectUris?: string[];
}

/** Console staff: login local part, name, console group (null = no console team). */
export const MSP_STAFF: Array<{ local: string; firstName: string; lastName: string; title: string; group: string | null; status?: UserStatus; assigned?: boolean }> = [
  { local: "admin", firstName: "Avery", lastName: "Admin", title: "MSP Operations Director", group: "Console Administrators" },
  { local: "readonly", firstName: "Riley", lastName: "Reader", title: "Service Delivery Auditor", group: "Console Read Only" },
  { local: "tech", firstName: "Taylor", lastName: "Tech", title: "Senior Identity Engineer", group: "Console Technicians" },
  { local: "technd", firstName: "Toby", lastName: "Nodeeplink", title: "Identity Engineer", group: "Console Technicians (No Deep Link)" },
  { local: "helpdesk", firstName: "Harper", lastName: "Helpdesk", title: "Service Desk Analyst", group: "Console Help Desk" },
  { local: "billing", firstName: "Blake", lastName: "Billing", title: "Billing Coordinator", group: "Console Billing" },
  // Assigned to the console app but in no console group: signs in, has no team.
  { local: "noteam", firstName: "Nico", lastName: "Noteam", title: "New Starter", group: null, assigned: true },
  // Not assigned to the console app: Okta refuses the sign-in ("User is not assigned to the client application").
  { local: "unassigned", firstName: "Uma", lastName: "Unassigned", title: "Sales Representative", group: null },
  { local: "locked", firstName: "Lee", lastName: "Locked", title: "Identity Engineer", group: "Console Technicians", status: "LOCKED_OUT" },
  { local: "suspended", firstName: "Sam", lastName: "Suspended", title: "Identity Engineer", group: "Console Technicians", status: "SUSPENDED" },
];

/**
 * The MSP org's default authorization server, set up the way Okta recommends for the console: a `groups`
 * claim (value type Groups, filter "Starts with: Console", include in the ID token "Always", any scope).
 * No custom `groups` scope is defined, so the console signs in with `openid email profile` and still gets
 * its teams; a request that asks for `groups` is refused with invalid_scope, as by an org set up like this.
 * Everyone and the other non-console groups never reach the token.
 */
export const MSP_AUTH_SERVER: AuthServerConfig = {
  scopes: [],
  claims: [{ name: "groups", claimType: "IDENTITY", valueType: "GROUPS", filter: { type: "STARTS_WITH", value: "Console" }, alwaysIncludeInToken: true }],
};

export const CONSOLE_GROUPS: Array<[string, string]> = [
  ["Console Administrators", "MSP console: Administrators (tenants, staff, teams, everything)"],
  ["Console Read Only", "MSP console: read-only access to all customer orgs"],
  ["Console Technicians", "MSP console: Technicians (user lifecycle, groups, apps; deep links)"],
  ["Console Technicians (No Deep Link)", "MSP console: Technicians without Okta admin deep links"],
  ["Console Help Desk", "MSP console: Help Desk (unlock, reset password, reset factors)"],
  ["Console Billing", "MSP console: Billing (usage reports only)"],
];

export function buildMspOrg(seedKey: string, now: number, options: MspSeedOptions = {}): { builder: OrgBuilder; apiToken: string } {
  const b = new OrgBuilder("msp", "Northwind MSP", "MSP org (console staff, OIDC app)", seedKey, now);
  const org = b.org;

  const everyone = b.addGroup("Everyone", "All users in your organization", "BUILT_IN");
  const groups = new Map<string, GroupRecord>();
  for (const [name, description] of CONSOLE_GROUPS) groups.set(name, b.addGroup(name, description));

  const staff: UserRecord[] = [];
  const add = (local: string, firstName: string, lastName: string, title: string, status: UserStatus = "ACTIVE", serviceAccount = false) => {
    const u = b.addUser({
      profile: {
        login: `${local}@${MSP_DOMAIN}`,
        email: `${local}@${MSP_DOMAIN}`,
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        title,
        department: serviceAccount ? null : "Managed Services",
        organization: "Northwind MSP",
        timezone: "America/Chicago",
        locale: "en_US",
      },
      status,
      password: DEMO_PASSWORD,
      serviceAccount,
      age: b.int(200, 900) * DAY,
    });
    b.addMember(everyone, u);
    return u;
  };
  const consoleMembers: Array<[UserRecord, string | null, boolean]> = [];
  for (const s of MSP_STAFF) {
    const u = add(s.local, s.firstName, s.lastName, s.title, s.status);
    staff.push(u);
    if (s.group) b.addMember(groups.get(s.group)!, u);
    consoleMembers.push([u, s.group, s.assigned ?? false]);
  }
  // A few more technicians so team screens are not empty.
  const extra: Array<[string, string, string]> = [
    ["Morgan", "Ellis", "Console Technicians"],
    ["Jordan", "Reyes", "Console Technicians"],
    ["Casey", "Patel", "Console Help Desk"],
    ["Quinn", "Harper", "Console Help Desk"],
  ];
  for (const [first, last, group] of extra) {
    const u = add(`${first}.${last}`.toLowerCase(), first, last, group.includes("Help") ? "Service Desk Analyst" : "Identity Engineer");
    b.addMember(groups.get(group)!, u);
    staff.push(u);
  }
  const integration = add("msp-integration", "MSP-Okta", "Integration", "Service Account", "ACTIVE", true);
  b.addRole(staff[0]!, "SUPER_ADMIN");
  b.addRole(integration, "SUPER_ADMIN");
  const apiToken = b.addApiToken(integration, "MSP Console");

  // The console's OIDC app, assigned to every console group (and one user directly).
  const app = b.addApp({
    name: "oidc_client",
    label: "MSP Console",
    signOnMode: "OPENID_CONNECT",
    settings: {
      app: {},
      oauthClient: {
        application_type: "web",
        response_types: ["code"],
        grant_types: ["authorization_code", "refresh_token"],
        consent_method: "TRUSTED",
      },
    },
  });
  org.authServer = structuredClone(MSP_AUTH_SERVER);
  for (const g of groups.values()) b.assignAppToGroup(app, g);
  for (const [u, , direct] of consoleMembers) if (direct) b.assignAppToUser(app, u);
  org.oidcClients.push({
    clientId: CONSOLE_CLIENT_ID,
    clientSecret: CONSOLE_CLIENT_SECRET,
    name: "MSP Console",
    appId: app.id,
    redirectUris: [
      "http://localhost:3000/api/auth/callback/okta",
      "http://127.0.0.1:3000/api/auth/callback/okta",
      ...(options.consoleRedirectUris ?? []),
    ],
    // Demo convenience (see OidcClientRecord): tests run the console on arbitrary local ports.
    redirectUriPatterns: ["http://localhost:{port}/api/auth/callback/okta", "http://127.0.0.1:{port}/api/auth/callback/okta"],
    postLogoutRedirectUris: ["http://localhost:3000", "http://127.0.0.1:3000", ...(options.consolePostLogoutRedirectUris ?? [])],
    postLogoutRedirectUriPatterns: ["localhost", "127.0.0.1"].flatMap((h) => [`http://${h}:{port}`, `http://${h}:{port}/`, `http://${h}:{port}/sign-in`, `http://${h}:{port}/signed-out`]),
  });

  for (const u of staff) {
    if (u.status === "ACTIVE" || u.status === "SUSPENDED" || u.status === "LOCKED_OUT") b.addFactor(u, "push");
  }

  // A month of console sign-ins.
  const ua = USER_AGENTS[3]!;
  const signers = staff.filter((u) => u.status === "ACTIVE" && (org.appUsers.get(app.id)?.has(u.id) ?? false));
  for (let d = 30; d >= 1; d--) {
    const dayStart = now - d * DAY - ((now - d * DAY) % DAY);
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const u of signers) {
      if (!b.chance(0.7)) continue;
      const at = dayStart + 13 * 3600_000 + b.int(0, 4 * 3600_000);
      const group = b.nextGroup();
      const actor = actorFromUser(u);
      b.event(at, { group, eventType: "user.session.start", displayMessage: "User login to Okta", actor, ipAddress: "198.51.100.77", userAgent: ua });
      b.event(at + 2000, { group, eventType: "user.authentication.sso", displayMessage: "User single sign on to app", actor, targets: [targetFromApp(app)], ipAddress: "198.51.100.77", userAgent: ua });
      u.lastLogin = b.iso(at);
    }
  }
  const locked = staff.find((u) => u.status === "LOCKED_OUT");
  if (locked) {
    const at = Date.parse(locked.statusChanged!);
    const actor = actorFromUser(locked);
    for (let k = 10; k >= 1; k--) b.event(at - k * 20_000, { eventType: "user.session.start", displayMessage: "User login to Okta", actor, outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, severity: "WARN", ipAddress: "198.51.100.77", userAgent: ua });
    b.event(at, { eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded", actor, outcome: { result: "FAILURE", reason: "LOCKED_OUT" }, severity: "WARN", ipAddress: "198.51.100.77", userAgent: ua });
  }
  b.flushEvents();
  // Created now rather than on first use so the server's pristine copy (org reset) keeps the same key.
  // RSA keys cannot come from the seeded PRNG: this is the one non-deterministic part of a seed.
  ensureSigningKey(org);
  return { builder: b, apiToken };
}
