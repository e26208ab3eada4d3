// The authorization matrix: every registered action (lib/actions/registry-index.ts imports every module
// that defines one) × every role × (granted org, other org, archived org) is allowed or refused exactly
// as the permission table says. Refusals must write a "denied" audit row and build no Okta gateway
// (so no Okta call can have been made). New actions join the matrix by being registered; an action
// whose input has required fields must declare a valid `example` in its definition.
import { beforeAll, expect, it } from "vitest";
import "@/lib/actions/registry-index";
import { NOT_FOUND_MESSAGE, registeredActions, type ActionResult, type RegistryEntry } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import { ALL_ORG_ROLES, PERMISSIONS, ROLES, type Role } from "@/lib/rbac/permissions";
import { describeDatabases } from "../helpers/test-db";

const ORGS = ["granted", "other", "archived"] as const;
type Org = (typeof ORGS)[number];
const meta = { ip: "192.0.2.10", userAgent: "authorization-matrix" };

/** What the table says: each role holds a direct grant in "granted" and in "archived". */
function expected(entry: RegistryEntry, role: Role, org: Org): "allowed" | "not_found" | "forbidden" {
  const rule = PERMISSIONS[entry.permission];
  const allowedRole = (rule.roles as readonly Role[]).includes(role);
  if (entry.scope === "console") {
    // Org-scoped grants count for the console only for all-org roles.
    return ALL_ORG_ROLES.includes(role) && allowedRole ? "allowed" : "forbidden";
  }
  const visible = org !== "archived" && (org === "granted" || ALL_ORG_ROLES.includes(role));
  if (!visible) return "not_found";
  return allowedRole ? "allowed" : "forbidden";
}

const entries = registeredActions();

it("the registry holds every wrapper-defined action (and is not empty)", () => {
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) {
    expect(PERMISSIONS[e.permission], `${e.name}: unknown permission`).toBeDefined();
    expect(e.scope, `${e.name}: a ${PERMISSIONS[e.permission].scope} permission on a ${e.scope} action`).toBe(PERMISSIONS[e.permission].scope);
  }
});

describeDatabases("authorization matrix", (getDb) => {
  const tenantIds = {} as Record<Org, string>;
  const staff = {} as Record<Role, StaffIdentity>;

  beforeAll(async () => {
    const db = getDb();
    for (const org of ORGS) {
      const t = await db.tenant.create({
        data: { slug: `m-${org}`, name: `Matrix ${org}`, orgUrl: `https://${org}.okta.test`, archivedAt: org === "archived" ? new Date() : null },
      });
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
      staff[role] = { staffId: s.id, sessionId: `matrix-${role}`, email: s.email, name: s.name, oidcGroups: [] };
    }
  });

  const denialRows = async (name: string) =>
    getDb().auditEvent.count({ where: { action: name, outcome: "denied" } });

  async function call(entry: RegistryEntry, mode: "run" | "authorize", who: StaffIdentity | null, org: Org, gatewayCalls: string[]) {
    const base = { db: getDb(), staff: who, rawInput: entry.example ?? {}, meta };
    if (entry.scope === "tenant") {
      const args = {
        ...base,
        slug: `m-${org}`,
        gatewayFor: async (t: { id: string }) => {
          gatewayCalls.push(t.id);
          throw new Error("the authorization matrix never reaches Okta");
        },
      };
      return mode === "run" ? entry.run(args) : entry.authorize(args);
    }
    return mode === "run" ? entry.run(base) : entry.authorize(base);
  }

  for (const [index, entry] of entries.entries()) {
    it(`#${index + 1} ${entry.kind} ${entry.name} (${entry.permission}) follows the permission table`, async () => {
      // The example input must pass validation, or the matrix would only be testing the parser.
      const probe = (await call(entry, "authorize", staff.admin, "granted", [])) as ActionResult<null>;
      expect(probe.ok || probe.code !== "invalid", `${entry.name}: declare a valid \`example\` input (got: ${JSON.stringify(probe)})`).toBe(true);

      const mismatches: string[] = [];
      const orgs: readonly Org[] = entry.scope === "tenant" ? ORGS : ["granted"];
      for (const role of ROLES) {
        for (const org of orgs) {
          const want = expected(entry, role, org);
          const label = `${role} in ${org}`;
          if (want === "allowed") {
            const before = await denialRows(entry.name);
            const r = await call(entry, "authorize", staff[role], org, []);
            if (!r.ok) mismatches.push(`${label}: expected allowed, got ${r.code}`);
            if ((await denialRows(entry.name)) !== before) mismatches.push(`${label}: an allowed call wrote a denial`);
            continue;
          }
          const gatewayCalls: string[] = [];
          const before = await denialRows(entry.name);
          const r = await call(entry, "run", staff[role], org, gatewayCalls);
          if (r.ok || r.code !== want) mismatches.push(`${label}: expected ${want}, got ${r.ok ? "ok" : r.code}`);
          if (!r.ok && want === "not_found" && r.error !== NOT_FOUND_MESSAGE) mismatches.push(`${label}: not_found must look like an unknown org`);
          if ((await denialRows(entry.name)) !== before + 1) mismatches.push(`${label}: refusal did not write exactly one denied audit row`);
          if (gatewayCalls.length) mismatches.push(`${label}: refusal built an Okta gateway`);
        }
      }
      // No session at all.
      const gatewayCalls: string[] = [];
      const before = await denialRows(entry.name);
      const anon = await call(entry, "run", null, "granted", gatewayCalls);
      if (anon.ok || anon.code !== "unauthenticated") mismatches.push(`anonymous: expected unauthenticated, got ${anon.ok ? "ok" : anon.code}`);
      if ((await denialRows(entry.name)) !== before + 1) mismatches.push("anonymous: no denied audit row");
      if (gatewayCalls.length) mismatches.push("anonymous: built an Okta gateway");

      expect(mismatches).toEqual([]);
    });
  }
});
