/**
 * Seeds: `seedOrgs("demo")`, `seedOrgs("perf", { perf: {...} })`, or `seedOrgs("path/to/snapshot.json")`.
 * Content is deterministic for a seed name: every org has its own PRNG (seeded from the seed name and
 * the org slug) and dates are offsets from `options.now` (default: the current time).
 */
import type { OrgState } from "../model.ts";
import { loadSnapshot } from "../snapshot.ts";
import { buildCustomerOrg, type CustomerSpec } from "./customer.ts";
import { buildMspOrg, type MspSeedOptions } from "./msp.ts";

export { DEMO_PASSWORD, CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, MSP_DOMAIN, MSP_STAFF, CONSOLE_GROUPS, MSP_AUTH_SERVER } from "./msp.ts";
export { ALL_STATUSES, SERVICE_APP_LABEL, SERVICE_APP_SCOPES } from "./customer.ts";

export interface PerfOptions {
  /** Number of small orgs (default 100). */
  orgs?: number;
  /** Users in each small org (default 200). */
  usersPerOrg?: number;
  /** Users in the one large org (default 100,000; 0 = none). */
  bigOrgUsers?: number;
}

export interface SeedOptions extends MspSeedOptions {
  /** Anchor for every date (ms since epoch). Same seed + same `now` = identical state. */
  now?: number;
  perf?: PerfOptions;
}

export const DEMO_CUSTOMERS: CustomerSpec[] = [
  { slug: "acme", name: "Acme Corporation", kind: "Okta-mastered", domain: "acme.example", users: 150, master: "OKTA", factors: true, history: { days: 30, maxSignInsPerDay: 90 }, serviceApp: { roles: ["SUPER_ADMIN"] } },
  { slug: "initech", name: "Initech", kind: "AD-mastered (corp.example.com)", domain: "initech.example", users: 400, master: "AD", adDomain: "corp.example.com", radius: true, factors: true, history: { days: 30, maxSignInsPerDay: 100 } },
  { slug: "umbrella", name: "Umbrella Health", kind: "HR-mastered (Workday)", domain: "umbrella.example", users: 600, master: "HR", hrSource: "Workday", factors: true, history: { days: 30, maxSignInsPerDay: 100 } },
  { slug: "contoso", name: "Contoso Ltd", kind: "Large Okta-mastered org", domain: "contoso.example", users: 5000, master: "OKTA", radius: true, factors: true, history: { days: 30, maxSignInsPerDay: 160 } },
  { slug: "globex", name: "Globex", kind: "Tiny org; API token has HELP_DESK_ADMIN only; service app has no admin role", domain: "globex.example", users: 25, master: "OKTA", tokenRole: "HELP_DESK_ADMIN", factors: true, history: { days: 30, maxSignInsPerDay: 10 }, serviceApp: { roles: [] } },
];

export function seedDemo(options: SeedOptions = {}): OrgState[] {
  const now = options.now ?? Date.now();
  const orgs = [buildMspOrg("demo", now, options).builder.org];
  for (const spec of DEMO_CUSTOMERS) orgs.push(buildCustomerOrg(spec, "demo", now).builder.org);
  return orgs;
}

export function seedPerf(options: SeedOptions = {}): OrgState[] {
  const now = options.now ?? Date.now();
  const n = options.perf?.orgs ?? 100;
  const users = options.perf?.usersPerOrg ?? 200;
  const big = options.perf?.bigOrgUsers ?? 100_000;
  const orgs = [buildMspOrg("perf", now, options).builder.org];
  const width = String(n).length;
  for (let i = 1; i <= n; i++) {
    const slug = `perf-${String(i).padStart(Math.max(3, width), "0")}`;
    orgs.push(buildCustomerOrg({ slug, name: `Perf Customer ${i}`, kind: "perf", domain: `${slug}.example`, users, master: "OKTA", lean: true }, "perf", now).builder.org);
  }
  if (big > 0) {
    orgs.push(buildCustomerOrg({ slug: "perf-big", name: "Perf Big Customer", kind: `perf (${big} users)`, domain: "perf-big.example", users: big, master: "OKTA", lean: true }, "perf", now).builder.org);
  }
  return orgs;
}

/** "demo", "perf", or a path to a snapshot file (".json"). */
export function seedOrgs(name: "demo" | "perf" | (string & {}), options: SeedOptions = {}): OrgState[] {
  if (name === "demo") return seedDemo(options);
  if (name === "perf") return seedPerf(options);
  if (name.endsWith(".json")) return loadSnapshot(name);
  throw new Error(`Unknown seed "${name}" (expected demo, perf, or a snapshot .json file)`);
}
