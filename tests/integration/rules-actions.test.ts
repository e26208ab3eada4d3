// Group rules through the one wrapper against the emulator: every action succeeds for a Technician and
// leaves Okta in the state it says; the preview's counts are what activation then does; deactivation
// and delete keep memberships (unless removeUsers); refusals (Help Desk, Read-only, an active rule's
// edit, a malformed expression, unknown attributes or groups) make no Okta write, and a malformed
// expression no Okta call at all; Okta's own rejection comes back on the expression field.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { compileRuleExpression } from "../../emulator/expressions";
import type { OrgState } from "../../emulator/model";
import { staffDenials } from "@/lib/actions/audit-throttle";
import type { ActionResult } from "@/lib/actions";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { oktaGatewayFor } from "@/lib/okta/gateway";
import * as actions from "@/lib/rules/actions";
import type { PreviewResult, RuleImpact, RulesList } from "@/lib/rules/actions";
import { tenantCreateSchema } from "@/lib/tenants/schemas";
import { createTenant } from "@/lib/tenants/service";
import { staffDisplayEmail } from "@/lib/staff/display";
import { describeDatabases } from "../helpers/test-db";

process.env.CREDENTIAL_KEYS ??= `r1:${randomBytes(32).toString("base64")}`;
process.env.NEXTAUTH_SECRET ??= "r".repeat(40);
process.env.OKTA_ISSUER ??= "https://msp.example.com/oauth2/default";
process.env.OKTA_CLIENT_ID ??= "console";
process.env.OKTA_CLIENT_SECRET ??= "secret";
process.env.ALLOW_LOCAL_ORG_URLS = "true";

const ORG = "rl-acme";
const meta = { ip: "192.0.2.30", userAgent: "rules-actions-test" };

let emu: RunningEmulator;
let token = "";

beforeAll(async () => {
  const acme = buildCustomerOrg({ slug: ORG, name: "RL Acme", kind: "test", domain: "acme.rl.example", users: 180, master: "OKTA", lean: true }, "rl", Date.now());
  emu = await startEmulator({ port: 0, orgs: [acme.builder.org] });
  token = acme.apiToken;
});
afterAll(async () => emu?.stop());

const org = (): OrgState => emu.org(ORG) as unknown as OrgState;
const writes = () => emu.requests(ORG).requests.filter((r) => r.method !== "GET");
const members = (groupId: string) => [...(org().memberships.get(groupId) ?? [])].sort();

async function newGroup(prefix: string): Promise<string> {
  const res = await fetch(`${emu.orgUrl(ORG)}/api/v1/groups`, {
    method: "POST",
    headers: { Authorization: `SSWS ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ profile: { name: `${prefix} ${randomBytes(3).toString("hex")}` } }),
  });
  return String(((await res.json()) as { id: string }).id);
}

/** A department value of its own: `count` active users of the org get it (nobody else has it). */
function department(count: number): { value: string; userIds: string[] } {
  const value = `Dept-${randomBytes(3).toString("hex")}`;
  const users = [...org().users.values()].filter((u) => u.status === "ACTIVE" && !String(u.profile.department ?? "").startsWith("Dept-")).slice(0, count);
  for (const u of users) u.profile.department = value;
  return { value, userIds: users.map((u) => u.id).sort() };
}

type Result<T = Record<string, unknown>> = ActionResult<T>;
interface Runnable {
  run(args: { db: Db; staff: StaffIdentity | null; meta: typeof meta; slug: string; rawInput: unknown; gatewayFor?: never }): Promise<unknown>;
}

describeDatabases("group rule actions", (getDb) => {
  const staff = {} as Record<"admin" | "technician" | "helpdesk" | "readonly", StaffIdentity>;

  beforeAll(async () => {
    const db = getDb();
    const input = tenantCreateSchema.parse({ name: ORG, slug: ORG, orgUrl: emu.orgUrl(ORG), mastery: "okta", credentialType: "ssws", apiToken: token });
    const tenantId = (await createTenant(input, { db, keys: env().CREDENTIAL_KEYS, allowLocalOrgUrls: true })).id;
    for (const role of ["admin", "technician", "helpdesk", "readonly"] as const) {
      const dbRole = role === "readonly" ? "readonly_admin" : role;
      const s = await db.staffUser.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@msp.example`, name: role } });
      await db.staffGrant.create({ data: { staffId: s.id, role: dbRole, tenantId: role === "admin" || role === "readonly" ? null : tenantId } });
      staff[role] = { staffId: s.id, sessionId: `rl-${role}`, email: staffDisplayEmail(s), name: s.name, oidcGroups: [] };
    }
  });

  beforeEach(() => {
    staffDenials.reset();
    emu.clearFaults();
    emu.clearRequests();
  });

  async function run<T = Record<string, unknown>>(action: Runnable, who: keyof typeof staff, rawInput: unknown): Promise<Result<T>> {
    return (await action.run({
      db: getDb(),
      staff: staff[who],
      meta,
      slug: ORG,
      rawInput,
      gatewayFor: ((t: { id: string }, db: Db) => oktaGatewayFor(t, { db, keys: env().CREDENTIAL_KEYS })) as never,
    })) as Result<T>;
  }
  const data = <T,>(r: Result<T>): T => {
    if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.error} ${JSON.stringify(r.fieldErrors ?? {})}`);
    return r.data;
  };
  async function outcomeRow(name: string) {
    const row = await getDb().auditEvent.findFirst({ where: { action: name, outcome: { not: "attempt" } }, orderBy: { seq: "desc" } });
    if (!row) throw new Error(`no audit row for ${name}`);
    return { ...row, input: JSON.parse(row.input) as Record<string, unknown> };
  }

  /** Runs every preview step as the page does; returns the totals. */
  async function preview(expression: string, groupIds: string[], excludedUserIds: string[] = []) {
    let cursor: PreviewResult["next"] = null;
    const totals = { matched: 0, alreadyIn: 0, checked: 0, steps: 0, mode: "", bounded: false, sample: [] as string[] };
    do {
      const s: PreviewResult = data(await run<PreviewResult>(actions.previewRuleAction, "technician", { expression, groupIds, excludedUserIds, cursor }));
      totals.matched += s.matched;
      totals.alreadyIn += s.alreadyIn;
      totals.checked = s.checked;
      totals.steps++;
      totals.mode = s.mode;
      totals.bounded ||= s.bounded;
      totals.sample.push(...s.sampleMatched.map((u) => u.id));
      cursor = s.next;
    } while (cursor);
    return totals;
  }

  const create = async (name: string, expression: string, groupIds: string[], who: keyof typeof staff = "technician") =>
    run<{ rule: { id: string; status: string } }>(actions.createRuleAction, who, { name, expression, groupIds, ticketId: "CHG-7" });

  describe("each action, and the preview against what activation does", () => {
    it("create (inactive) -> preview by search -> activate adds exactly the previewed users -> deactivate keeps them -> delete keeps them", async () => {
      const dept = department(7);
      const target = await newGroup("Rule target");
      // One matching user is already in the target group by hand.
      org().memberships.set(target, new Set([dept.userIds[0]!]));
      emu.clearRequests();

      const created = data(await create("Marketing-like", `user.department=="${dept.value}"`, [target]));
      expect(created.rule.status).toBe("INACTIVE");
      expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /api/v1/groups/rules"]);
      const row = await outcomeRow("rule.create");
      expect(row).toMatchObject({ outcome: "success", targetType: "group_rule", targetId: created.rule.id, ticketId: "CHG-7" });
      expect(row.input).toEqual({ name: "Marketing-like", expression: `user.department=="${dept.value}"`, groupIds: [target], excludedUserIds: [] });

      emu.clearRequests();
      const p = await preview(`user.department=="${dept.value}"`, [target]);
      expect(writes()).toEqual([]);
      expect(p).toMatchObject({ mode: "search", matched: 7, alreadyIn: 1, bounded: false });
      expect(p.sample.sort()).toEqual(dept.userIds);

      data(await run(actions.activateRuleAction, "technician", { ruleId: created.rule.id }));
      expect(members(target)).toEqual(dept.userIds);
      expect(members(target).length).toBe(p.matched);

      expect(data(await run(actions.deactivateRuleAction, "technician", { ruleId: created.rule.id }))).toEqual({ status: "INACTIVE" });
      expect(members(target)).toEqual(dept.userIds);

      data(await run(actions.deleteRuleAction, "technician", { ruleId: created.rule.id, removeUsers: false }));
      expect(members(target)).toEqual(dept.userIds);
      expect(org().rules.has(created.rule.id)).toBe(false);
    });

    it("scan preview (contains, group membership, OR) equals the emulator's own evaluation and activation", async () => {
      const dept = department(4);
      const source = await newGroup("Rule source");
      const inSource = [...org().users.values()].filter((u) => u.status === "ACTIVE").slice(40, 43).map((u) => u.id);
      org().memberships.set(source, new Set(inSource));
      const target = await newGroup("Rule scan target");
      const expression = `String.stringContains(user.department,"${dept.value.slice(2)}") OR isMemberOfAnyGroup("${source}")`;
      const truth = [...org().users.values()]
        .filter((u) => u.status !== "DEPROVISIONED")
        .filter((u) => compileRuleExpression(expression)({ profile: u.profile, groupIds: new Set([...org().memberships].filter(([, m]) => m.has(u.id)).map(([g]) => g)) }))
        .map((u) => u.id)
        .sort();
      expect(truth.length).toBe(4 + inSource.filter((id) => !dept.userIds.includes(id)).length);

      const p = await preview(expression, [target]);
      expect(p.mode).toBe("scan");
      expect(p.checked).toBe([...org().users.values()].filter((u) => u.status !== "DEPROVISIONED").length);
      expect(p.steps).toBeGreaterThan(0);
      expect(p.matched).toBe(truth.length);
      expect(p.alreadyIn).toBe(0);

      const id = data(await create("Scan rule", expression, [target])).rule.id;
      data(await run(actions.activateRuleAction, "admin", { ruleId: id }));
      expect(members(target)).toEqual(truth);
    });

    it("excluded users are skipped by the preview and by Okta", async () => {
      const dept = department(3);
      const target = await newGroup("Rule excl");
      const p = await preview(`user.department=="${dept.value}"`, [target], [dept.userIds[0]!]);
      expect(p.matched).toBe(2);
      const r = data(
        await run<{ rule: { id: string } }>(actions.createRuleAction, "technician", { name: "Excl", expression: `user.department=="${dept.value}"`, groupIds: [target], excludedUserIds: [dept.userIds[0]] }),
      );
      data(await run(actions.activateRuleAction, "technician", { ruleId: r.rule.id }));
      expect(members(target)).toEqual(dept.userIds.slice(1));
    });

    it("edit (inactive only), list with names and words, impact, delete with removeUsers", async () => {
      const dept = department(3);
      const target = await newGroup("Rule edit");
      const id = data(await create("Edit me", `user.department=="nobody-has-this"`, [target])).rule.id;
      emu.clearRequests();
      const updated = data(await run<{ rule: { name: string; expression: string } }>(actions.updateRuleAction, "technician", { ruleId: id, name: "Edited", expression: `user.department=="${dept.value}"` }));
      expect(updated.rule).toMatchObject({ name: "Edited", expression: `user.department=="${dept.value}"` });
      expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /api/v1/groups/rules/${id}`]);

      const list = data(await run<RulesList>(actions.listRulesAction, "readonly", {}));
      const view = list.rules.find((r) => r.id === id)!;
      expect(view.words).toBe(`department equals "${dept.value}"`);
      expect(view.targetGroups[0]!.name).toMatch(/^Rule edit /);
      expect(list.canManage).toBe(false);

      data(await run(actions.activateRuleAction, "technician", { ruleId: id }));
      emu.clearRequests();
      const refused = await run(actions.updateRuleAction, "technician", { ruleId: id, name: "Again", expression: `user.department=="x"` });
      expect(refused).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("Okta only allows editing an inactive rule") });
      expect(writes()).toEqual([]);

      const impact = data(await run<RuleImpact>(actions.ruleImpactAction, "technician", { ruleId: id }));
      expect(impact.targets).toEqual([expect.objectContaining({ members: 3, matching: 3, membersTruncated: false, apps: [] })]);

      const activeDelete = await run(actions.deleteRuleAction, "technician", { ruleId: id, removeUsers: true });
      expect(activeDelete).toMatchObject({ ok: false, code: "invalid" });
      data(await run(actions.deactivateRuleAction, "technician", { ruleId: id }));
      // Someone added by hand stays when the rule's users are removed.
      const manual = [...org().users.values()].find((u) => u.status === "ACTIVE" && !dept.userIds.includes(u.id))!;
      org().memberships.get(target)!.add(manual.id);
      data(await run(actions.deleteRuleAction, "technician", { ruleId: id, removeUsers: true }));
      expect(members(target)).toEqual([manual.id]);
    });
  });

  describe("refusals and Okta's rejections", () => {
    it("Help Desk and Read-only may not change rules: denied, audited, no Okta write", async () => {
      const target = await newGroup("Rule denied");
      emu.clearRequests();
      for (const who of ["helpdesk", "readonly"] as const) {
        const r = await create("Nope", 'user.department=="Sales"', [target], who);
        expect(r).toMatchObject({ ok: false, code: "forbidden" });
      }
      expect(writes()).toEqual([]);
      const row = await getDb().auditEvent.findFirst({ where: { action: "rule.create", outcome: "denied" }, orderBy: { seq: "desc" } });
      expect(row).not.toBeNull();
      // Help Desk cannot even read rules.
      expect(await run(actions.listRulesAction, "helpdesk", {})).toMatchObject({ ok: false, code: "forbidden" });
    });

    it("a malformed expression is refused before any Okta call; unknown attributes and groups before any write", async () => {
      const target = await newGroup("Rule invalid");
      emu.clearRequests();
      const syntax = await create("Bad", 'user.department = "Sales"', [target]);
      expect(syntax).toMatchObject({ ok: false, code: "invalid", fieldErrors: { expression: [expect.stringContaining("==")] } });
      expect(emu.requests(ORG).requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);

      const attr = await create("Bad", 'user.departmnt=="Sales"', [target]);
      expect(attr).toMatchObject({ ok: false, code: "invalid", fieldErrors: { expression: ["user.departmnt is not an attribute of this org's user profile."] } });
      const group = await create("Bad", 'isMemberOfAnyGroup("00gdoesnotexist00001")', [target]);
      expect(group).toMatchObject({ ok: false, code: "invalid", fieldErrors: { expression: ["Okta has no group with the id 00gdoesnotexist00001 in this org."] } });
      const everyone = [...org().groups.values()].find((g) => g.type === "BUILT_IN")!;
      const builtIn = await create("Bad", 'user.department=="Sales"', [everyone.id]);
      expect(builtIn).toMatchObject({ ok: false, code: "invalid", fieldErrors: { groupIds: [expect.stringContaining("rules can only add people to Okta groups")] } });
      expect(writes()).toEqual([]);
    });

    it("Okta's rejection of an expression the console cannot judge lands on the expression field", async () => {
      const target = await newGroup("Rule okta says no");
      emu.clearRequests();
      const r = await create("Okta rejects", 'Arrays.contains(user.department,"Sales")', [target]);
      expect(r).toMatchObject({ ok: false, code: "invalid", fieldErrors: { expression: [expect.stringMatching(/Unknown function Arrays\.contains/)] } });
      expect(writes().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(["POST /api/v1/groups/rules 400"]);
      const row = await outcomeRow("rule.create");
      expect(row).toMatchObject({ outcome: "failure", errorCode: "E0000001" });
      // And the preview says it cannot evaluate it, instead of guessing.
      const p = await run(actions.previewRuleAction, "technician", { expression: 'Arrays.contains(user.department,"Sales")', groupIds: [target] });
      expect(p).toMatchObject({ ok: false, error: expect.stringContaining("cannot preview Arrays.contains") });
    });

    it("a rule that is gone is not found; a bad id never reaches Okta", async () => {
      const gone = await run(actions.activateRuleAction, "technician", { ruleId: "0prdoesnotexist00001" });
      expect(gone).toMatchObject({ ok: false, code: "not_found" });
      emu.clearRequests();
      expect(await run(actions.activateRuleAction, "technician", { ruleId: "../users" })).toMatchObject({ ok: false, code: "invalid" });
      expect(emu.requests(ORG).requests).toEqual([]);
    });
  });
});
