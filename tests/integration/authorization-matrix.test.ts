// The authorization matrix: every registered action (lib/actions/registry-index.ts imports every module
// that defines one) × every role × (granted org, other org, archived org) is allowed or refused exactly
// as the permission table says. Refusals must write a "denied" audit row, build no Okta gateway and make
// no Okta call: the three orgs are real orgs of the local Okta emulator (started in-process), the
// tenants hold real encrypted API tokens for them, tenant actions get the REAL gateway (oktaGatewayFor,
// counted), and the emulator's request log is compared before and after every refused call.
// New actions join the matrix by being registered; an action whose input has required fields must
// declare a valid `example` in its definition.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import "@/lib/actions/registry-index";
import { NOT_FOUND_MESSAGE, registeredActions, type ActionResult, type RegistryEntry } from "@/lib/actions";
import { oktaReads, staffDenials } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { oktaGatewayFor, withOktaRequestLog } from "@/lib/okta/gateway";
import { clearUserSchemaCache } from "@/lib/okta/user-schema";
import { forgetServiceAccountGroups } from "@/lib/users/privilege";
import { ALL_ORG_ROLES, PERMISSIONS, ROLES, type Role } from "@/lib/rbac/permissions";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { describeDatabases } from "../helpers/test-db";
import { staffDisplayEmail } from "@/lib/staff/display";

// Console actions that decrypt a stored credential read CREDENTIAL_KEYS (as in the app); the matrix
// encrypts its tenants' tokens under the same keys.
process.env.CREDENTIAL_KEYS ??= `m1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "m".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
// The emulator's orgs are on http://127.0.0.1: test connection (through the actions) reads this setting.
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORGS = ["granted", "other", "archived"] as const;
type Org = (typeof ORGS)[number];
const meta = { ip: "192.0.2.10", userAgent: "authorization-matrix" };
const emulatorSlug = (org: Org) => `m-${org}`;

/**
 * Actions run end-to-end (against the emulator) for every role the table allows: every action declared
 * `readOnly`, plus these that change nothing in Okta and nothing in the console but audit rows, so
 * repeating them per role and database is safe. Every other allowed call (creating/archiving orgs,
 * staff, teams, grants) only goes through `authorize` (validation, session, grant, permission): running
 * those for every role would make the matrix order-dependent (the second create of the same slug
 * fails, an archive hides the org).
 */
const SAFE_TO_REPEAT = ["tenant.testConnection", "tenant.testSavedConnection", "audit.verify"];
/**
 * Read-only actions about a console row that only its owner may use (a caller-verification challenge of
 * the staff member who started it): the matrix has no such row per role, so their allowed calls go
 * through `authorize`; their body is covered by their own integration test (caller-verification.test.ts).
 */
const NEEDS_OWN_ROW = new Set(["verification.poll"]);
const RUN_WHEN_ALLOWED = new Set([...SAFE_TO_REPEAT, ...registeredActions().filter((e) => e.readOnly && !NEEDS_OWN_ROW.has(e.name)).map((e) => e.name)]);

/** What the table says: each role holds a direct grant in "granted" and in "archived". */
function expected(entry: RegistryEntry, role: Role, org: Org): "allowed" | "not_found" | "forbidden" {
  const rule = PERMISSIONS[entry.permission];
  const allowedRole = (rule.roles as readonly Role[]).includes(role);
  if (entry.scope === "staff") {
    // Across orgs (lib/actions/staff.ts): allowed when the (tenant) permission holds in at least one
    // visible org; each role's own grant in "granted" is such an org exactly when the table allows it.
    // Which orgs it then reaches is checked below (staffOrgs).
    return allowedRole ? "allowed" : "forbidden";
  }
  if (entry.scope === "console") {
    // Org-scoped grants count for the console only for all-org roles.
    return ALL_ORG_ROLES.includes(role) && allowedRole ? "allowed" : "forbidden";
  }
  const visible = org !== "archived" && (org === "granted" || ALL_ORG_ROLES.includes(role));
  if (!visible) return "not_found";
  return allowedRole ? "allowed" : "forbidden";
}

/** The orgs a staff-scope action may reach for a role: visible (never archived) and the permission holds there. */
function staffOrgs(entry: RegistryEntry, role: Role): Org[] {
  if (!(PERMISSIONS[entry.permission].roles as readonly Role[]).includes(role)) return [];
  return ALL_ORG_ROLES.includes(role) ? ["granted", "other"] : ["granted"];
}

const entries = registeredActions();

it("the registry holds every wrapper-defined action (and is not empty)", () => {
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) {
    expect(PERMISSIONS[e.permission], `${e.name}: unknown permission`).toBeDefined();
    // A staff-scope action (across orgs) is defined with a tenant permission, checked per org.
    const scope = e.scope === "staff" ? "tenant" : e.scope;
    expect(scope, `${e.name}: a ${PERMISSIONS[e.permission].scope} permission on a ${e.scope} action`).toBe(PERMISSIONS[e.permission].scope);
  }
  for (const name of RUN_WHEN_ALLOWED) expect(entries.some((e) => e.name === name), `${name} is not registered`).toBe(true);
  // Read-only actions are picked up from their definitions, not from a list here.
  expect([...RUN_WHEN_ALLOWED]).toEqual(expect.arrayContaining(["tenant.user_count", "tenant.overview"]));
});

let emu: RunningEmulator;
const tokens = {} as Record<Org, string>;

beforeAll(async () => {
  // Three small customer orgs (a dozen people each): built in milliseconds, unlike the demo seed.
  const now = Date.now();
  const built = ORGS.map((org) =>
    buildCustomerOrg({ slug: emulatorSlug(org), name: `Matrix ${org}`, kind: "matrix", domain: `${org}.matrix.example`, users: 12, master: "OKTA", lean: true }, "matrix", now),
  );
  emu = await startEmulator({ port: 0, orgs: built.map((b) => b.builder.org) });
  ORGS.forEach((org, i) => (tokens[org] = built[i]!.apiToken));
});
afterAll(async () => emu?.stop());

/** Requests the emulator has served, per org and in total (its request log counts every org request). */
function served(): { total: number } & Record<Org, number> {
  const per = Object.fromEntries(ORGS.map((org) => [org, emu.requests(emulatorSlug(org)).count])) as Record<Org, number>;
  return { total: emu.requests().count, ...per };
}

/** The X-Okta-Request-Id of every request the emulator has logged so far. */
const servedIds = () => new Set(emu.requests().requests.map((r) => r.requestId));

/** Requests logged since `before` that no allowed call made (by request id), as "org METHOD path". */
function unexplained(before: Set<string>, allowedIds: Set<string>): string[] {
  return emu
    .requests()
    .requests.filter((r) => !before.has(r.requestId) && !allowedIds.has(r.requestId))
    .map((r) => `${r.org} ${r.method} ${r.path}`);
}

const settle = () => new Promise((r) => setTimeout(r, 100));

/**
 * A read action may hand back promises (a page's sections, streamed: lib/users/detail.ts); their Okta
 * requests belong to the call, so they are awaited inside its window.
 */
async function settleStreamed(result: unknown): Promise<void> {
  const data = result && typeof result === "object" && "data" in result ? (result as { data: unknown }).data : undefined;
  if (!data || typeof data !== "object") return;
  // A staff-scope route's lines (NDJSON): read to the end, as the browser would.
  if (Symbol.asyncIterator in data) {
    for await (const line of data as AsyncIterable<unknown>) void line;
    return;
  }
  await Promise.all(Object.values(data).filter((v): v is Promise<unknown> => v instanceof Promise).map((p) => p.catch(() => undefined)));
}

describeDatabases("authorization matrix", (getDb) => {
  // Each refusal must write its own denial row: the per-staff denial throttle and the Okta read rate
  // limit (tested in action-wrapper.test.ts) start afresh for every action, as a minute would.
  beforeEach(() => {
    staffDenials.reset();
    oktaReads.reset();
    // The emulator's rate-limit windows too (both databases' matrices share one emulator): an action's
    // runs must not inherit the previous actions' use of a bucket (apps* is 100 a minute).
    emu.configure({ rateLimitProfile: "workforce" });
  });
  const tenantIds = {} as Record<Org, string>;
  const staff = {} as Record<Role, StaffIdentity>;
  // Request ids of every Okta request made by an allowed, fully run call, across the whole suite.
  const allowedIds = new Set<string>();
  let suiteStart = new Set<string>();

  beforeAll(async () => {
    const db = getDb();
    for (const org of ORGS) {
      const input = tenantCreateSchema.parse({
        name: `Matrix ${org}`,
        slug: `m-${org}`,
        orgUrl: emu.orgUrl(emulatorSlug(org)),
        mastery: "okta",
        credentialType: "ssws",
        apiToken: tokens[org],
      });
      const t = await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true }); // emulator: http://127.0.0.1
      if (org === "archived") await db.tenant.update({ where: { id: t.id }, data: { archivedAt: new Date() } });
      tenantIds[org] = t.id;
    }
    for (const role of ROLES) {
      const s = await db.staffUser.create({ data: { email: `${role}@matrix.test`, name: role } });
      await db.staffGrant.createMany({
        data: [
          { staffId: s.id, role, tenantId: tenantIds.granted },
          { staffId: s.id, role, tenantId: tenantIds.archived },
        ],
      });
      staff[role] = { staffId: s.id, sessionId: `matrix-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
    suiteStart = servedIds();
  });

  const denialRows = async (name: string) =>
    getDb().auditEvent.count({ where: { action: name, outcome: "denied" } });

  /** The example input, except that actions which call Okta themselves are aimed at the emulator's orgs. */
  function inputFor(entry: RegistryEntry): unknown {
    if (entry.name === "tenant.testConnection") {
      return { orgUrl: emu.orgUrl(emulatorSlug("granted")), credentialType: "ssws", apiToken: tokens.granted };
    }
    if (entry.name === "tenant.testSavedConnection") return { id: tenantIds.granted };
    return entry.example ?? {};
  }

  async function call(entry: RegistryEntry, mode: "run" | "authorize", who: StaffIdentity | null, org: Org, gatewayCalls: string[]) {
    const base = { db: getDb(), staff: who, rawInput: inputFor(entry), meta };
    if (entry.scope === "tenant") {
      const args = {
        ...base,
        slug: `m-${org}`,
        // The real gateway (decrypts the tenant's stored token, talks to the emulator), counted.
        gatewayFor: async (t: { id: string }) => {
          gatewayCalls.push(t.id);
          return oktaGatewayFor(t, { db: getDb(), keys: env().CREDENTIAL_KEYS });
        },
      };
      return mode === "run" ? entry.run(args) : entry.authorize(args);
    }
    if (entry.scope === "staff") {
      // Across the orgs: the real gateway of each org it reaches, counted (tenant ids).
      const args = {
        ...base,
        gatewayFor: async (t: { id: string }) => {
          gatewayCalls.push(t.id);
          return oktaGatewayFor(t, { db: getDb(), keys: env().CREDENTIAL_KEYS });
        },
      };
      return mode === "run" ? entry.run(args) : entry.authorize(args);
    }
    return mode === "run" ? entry.run(base) : entry.authorize(base);
  }

  for (const [index, entry] of entries.entries()) {
    it(`#${index + 1} ${entry.kind} ${entry.name} (${entry.permission}) follows the permission table; refusals reach no Okta org`, async () => {
      // The example input must pass validation, or the matrix would only be testing the parser.
      const probe = (await call(entry, "authorize", staff.admin, "granted", [])) as ActionResult<null>;
      expect(probe.ok || probe.code !== "invalid", `${entry.name}: declare a valid \`example\` input (got: ${JSON.stringify(probe)})`).toBe(true);

      const mismatches: string[] = [];
      const start = servedIds();
      let fullRuns = 0;
      let allowedRequests = 0;

      /** A refused call: right code, one denial row, no gateway, and not one request at any emulator org. */
      async function refused(label: string, want: "not_found" | "forbidden" | "unauthenticated", who: StaffIdentity | null, org: Org) {
        const gatewayCalls: string[] = [];
        const before = await denialRows(entry.name);
        const okta = served();
        const r = await call(entry, "run", who, org, gatewayCalls);
        const after = served();
        if (r.ok || r.code !== want) mismatches.push(`${label}: expected ${want}, got ${r.ok ? "ok" : r.code}`);
        if (!r.ok && want === "not_found" && r.error !== NOT_FOUND_MESSAGE) mismatches.push(`${label}: not_found must look like an unknown org`);
        if ((await denialRows(entry.name)) !== before + 1) mismatches.push(`${label}: refusal did not write exactly one denied audit row`);
        if (gatewayCalls.length) mismatches.push(`${label}: refusal built an Okta gateway`);
        if (after.total !== okta.total) {
          const orgs = ORGS.filter((o) => after[o] !== okta[o]).join(", ") || "an org outside the matrix";
          mismatches.push(`${label}: refusal made ${after.total - okta.total} Okta request(s) (${orgs})`);
        }
      }

      // Console and staff-scope actions take no org from the URL: one call per role.
      const orgs: readonly Org[] = entry.scope === "tenant" ? ORGS : ["granted"];
      for (const role of ROLES) {
        for (const org of orgs) {
          const want = expected(entry, role, org);
          const label = `${role} in ${org}`;
          if (want !== "allowed") {
            await refused(label, want, staff[role], org);
            continue;
          }
          const before = await denialRows(entry.name);
          if (!RUN_WHEN_ALLOWED.has(entry.name)) {
            const r = await call(entry, "authorize", staff[role], org, []);
            if (!r.ok) mismatches.push(`${label}: expected allowed, got ${r.code}`);
          } else {
            const gatewayCalls: string[] = [];
            // Each allowed run must reach its org: forget the user schema a previous run cached.
            clearUserSchemaCache();
            forgetServiceAccountGroups();
            const okta = served();
            // The request ids this call's Okta requests returned (the wrapper's own request log, nested).
            const logged = await withOktaRequestLog(async () => {
              const result = await call(entry, "run", staff[role], org, gatewayCalls);
              await settleStreamed(result);
              return result;
            });
            if (logged.error !== undefined) throw logged.error;
            const r = logged.result!;
            const after = served();
            fullRuns++;
            allowedRequests += logged.requestIds.length;
            for (const id of logged.requestIds) allowedIds.add(id);
            if (!r.ok) mismatches.push(`${label}: expected allowed, got ${r.code} (${r.error})`);
            if (JSON.stringify(r).includes(tokens[org])) mismatches.push(`${label}: the result contains the org's API token`);
            if (entry.scope === "tenant" && !entry.callsOkta) {
              // A database-only read (okta: false): no gateway, no Okta request anywhere.
              if (gatewayCalls.length) mismatches.push(`${label}: a database-only action built a gateway`);
              if (after.total !== okta.total) mismatches.push(`${label}: a database-only action made ${after.total - okta.total} Okta request(s)`);
            } else if (entry.scope === "tenant") {
              // The gateway of THAT tenant only, and requests to that org only.
              if (gatewayCalls.length !== 1 || gatewayCalls[0] !== tenantIds[org]) mismatches.push(`${label}: gateways built for ${JSON.stringify(gatewayCalls)}, expected [${org}]`);
              if (after[org] === okta[org]) mismatches.push(`${label}: an allowed run made no request to its org (is the emulator wired in?)`);
              const elsewhere = ORGS.filter((o) => o !== org && after[o] !== okta[o]);
              if (elsewhere.length) mismatches.push(`${label}: an allowed run reached other orgs: ${elsewhere.join(", ")}`);
            } else if (entry.scope === "staff") {
              // Only the orgs where the role holds the permission (never archived, never unseen ones):
              // gateways built and requests made. (A cached answer may reach none of them.)
              const may = staffOrgs(entry, role);
              const mayIds = may.map((o) => tenantIds[o]);
              const foreign = gatewayCalls.filter((id) => !mayIds.includes(id));
              if (foreign.length) mismatches.push(`${label}: gateways built for orgs outside ${JSON.stringify(may)}`);
              const reached = ORGS.filter((o) => after[o] !== okta[o]);
              const outside = reached.filter((o) => !may.includes(o));
              if (outside.length) mismatches.push(`${label}: an allowed run reached ${outside.join(", ")} (may reach ${may.join(", ")})`);
            }
          }
          if ((await denialRows(entry.name)) !== before) mismatches.push(`${label}: an allowed call wrote a denial`);
        }
      }
      // No session at all.
      await refused("anonymous", "unauthenticated", null, "granted");

      // A refusal that sends a request in the background (after its result) escapes the window
      // checks above; it shows up here: every request the emulator logged during this action's matrix
      // must carry the request id of an allowed, fully run call.
      await settle();
      const stray = unexplained(start, allowedIds);
      if (stray.length) mismatches.push(`${stray.length} Okta request(s) not made by an allowed call: ${stray.join("; ")}`);
      if (RUN_WHEN_ALLOWED.has(entry.name) && entry.name !== "audit.verify" && (entry.scope === "console" || entry.callsOkta)) {
        // These call Okta when allowed: the emulator must have seen them, or the checks above prove nothing.
        if (fullRuns === 0 || allowedRequests === 0) mismatches.push(`allowed runs (${fullRuns}) made no Okta requests`);
      }

      expect(mismatches).toEqual([]);
    });
  }

  it("no Okta request at all outside allowed calls, across the whole matrix (late background requests included)", async () => {
    await settle();
    expect(unexplained(suiteStart, allowedIds)).toEqual([]);
    expect(allowedIds.size, "allowed runs reached the emulator").toBeGreaterThan(0);
  });
});
