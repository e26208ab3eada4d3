/**
 * Programmatic fixture orgs for the emulator's own tests and benchmark (independent of the seeds,
 * which are for the demo). Deterministic: ids come from a seeded PRNG, dates from a fixed anchor.
 */
import { createIdFactory, seededRandom } from "../../emulator/ids.ts";
import { createEmptyOrg, type AppRecord, type GroupRecord, type OrgState, type UserRecord, type UserStatus } from "../../emulator/model.ts";

const FIRST = ["Ada", "Alan", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Radia", "Edsger", "Frances", "Tim"];
const LAST = ["Smith", "Smythe", "Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Perlman", "Dijkstra", "Allen", "Lee"];

export const ADMIN_TOKEN = "00test-admin-token-0000000000000000000000";

export interface FixtureOptions {
  slug?: string;
  users: number;
  seed?: number;
  /** Every n-th generated user gets a non-ACTIVE status (cycling through the others). */
  statusEvery?: number;
}

export interface Fixture {
  org: OrgState;
  token: string;
  admin: UserRecord;
  everyone: GroupRecord;
  engineering: GroupRecord;
  appGroup: GroupRecord;
  app: AppRecord;
  inactiveApp: AppRecord;
}

const OTHER_STATUSES: UserStatus[] = ["STAGED", "PROVISIONED", "SUSPENDED", "LOCKED_OUT", "PASSWORD_EXPIRED", "RECOVERY", "DEPROVISIONED"];

export function buildFixtureOrg(opts: FixtureOptions): Fixture {
  const slug = opts.slug ?? "acme";
  const ids = createIdFactory(seededRandom(opts.seed ?? 42));
  const org = createEmptyOrg(slug, `${slug} Inc.`, "fixture");
  const anchor = Date.parse("2026-01-01T00:00:00.000Z");
  const iso = (offsetMs: number) => new Date(anchor + offsetMs).toISOString();

  const makeUser = (i: number, status: UserStatus, login: string, first: string, last: string): UserRecord => {
    const created = iso(-((i % 900) + 30) * 86_400_000);
    return {
      id: ids.id("00u"),
      status,
      created,
      activated: status === "STAGED" || status === "PROVISIONED" ? null : created,
      statusChanged: created,
      lastLogin: null,
      lastUpdated: iso(-(i % 30) * 86_400_000 - i),
      passwordChanged: status === "STAGED" || status === "PROVISIONED" ? null : created,
      type: { id: "oty1defaulttype00001" },
      profile: { login, email: login, firstName: first, lastName: last, department: i % 3 === 0 ? "Engineering" : "Sales", secondEmail: null, mobilePhone: null },
      credentials: {
        ...(status === "STAGED" || status === "PROVISIONED" ? {} : { password: { value: "Passw0rd!" } }),
        provider: { type: "OKTA", name: "OKTA" },
      },
    };
  };

  const admin = makeUser(0, "ACTIVE", `admin@${slug}.example`, "Alice", "Admin");
  org.users.set(admin.id, admin);
  for (let i = 1; i <= opts.users; i++) {
    const every = opts.statusEvery ?? 0;
    const status = every > 0 && i % every === 0 ? OTHER_STATUSES[Math.floor(i / every) % OTHER_STATUSES.length]! : "ACTIVE";
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const u = makeUser(i, status, `${first}.${last}.${i}@${slug}.example`.toLowerCase(), first, last);
    org.users.set(u.id, u);
  }
  org.apiTokens.push({ token: ADMIN_TOKEN, name: "fixture admin", userId: admin.id });
  org.roles.set(admin.id, [
    { id: ids.id("ra1"), userId: admin.id, type: "SUPER_ADMIN", label: "Super Administrator", status: "ACTIVE", created: iso(-1e9), lastUpdated: iso(-1e9), assignmentType: "USER" },
  ]);

  const group = (name: string, type: GroupRecord["type"]): GroupRecord => {
    const g: GroupRecord = {
      id: ids.id("00g"),
      created: iso(-1e10),
      lastUpdated: iso(-1e10),
      lastMembershipUpdated: iso(-1e9),
      objectClass: [type === "APP_GROUP" ? "okta:windows_security_principal" : "okta:user_group"],
      type,
      profile: { name, description: `${name} group` },
    };
    org.groups.set(g.id, g);
    org.memberships.set(g.id, new Set());
    return g;
  };
  const everyone = group("Everyone", "BUILT_IN");
  const engineering = group("Engineering", "OKTA_GROUP");
  const appGroup = group("AD Staff", "APP_GROUP");
  group("Sales", "OKTA_GROUP");
  for (const u of org.users.values()) {
    org.memberships.get(everyone.id)!.add(u.id);
    if (u.profile.department === "Engineering") org.memberships.get(engineering.id)!.add(u.id);
  }

  const app = (label: string, name: string, status: AppRecord["status"]): AppRecord => {
    const a: AppRecord = {
      id: ids.id("0oa"),
      name,
      label,
      status,
      created: iso(-1e10),
      lastUpdated: iso(-1e10),
      signOnMode: "SAML_2_0",
      features: [],
      visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
      settings: { app: {} },
    };
    org.apps.set(a.id, a);
    return a;
  };
  const mainApp = app("Salesforce", "salesforce", "ACTIVE");
  const inactiveApp = app("Legacy Wiki", "legacy_wiki", "INACTIVE");

  const firstUser = [...org.users.values()][1];
  if (firstUser) {
    org.factors.set(firstUser.id, [
      { id: ids.id("mfa"), userId: firstUser.id, factorType: "token:software:totp", provider: "OKTA", vendorName: "OKTA", status: "ACTIVE", created: iso(-1e8), lastUpdated: iso(-1e8), profile: { credentialId: firstUser.profile.login } },
    ]);
  }
  return { org, token: ADMIN_TOKEN, admin, everyone, engineering, appGroup, app: mainApp, inactiveApp };
}
