// Seeds: determinism, shapes of the demo orgs, internal consistency, perf seed size/time, snapshots.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ALL_STATUSES, CONSOLE_CLIENT_ID, CONSOLE_GROUPS, createIdFactory, deserializeOrgs, loadSnapshot, MSP_STAFF, seedOrgs, serializeOrgs, watchSnapshot, type OrgState } from "../../emulator";
import { makeLogEvent, recordEvent } from "../../emulator/events";
import { compileRuleExpression } from "../../emulator/expressions";
import { signJwt, verifyJwt } from "../../emulator/oidc/keys";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");
const CUSTOMERS = ["acme", "initech", "umbrella", "contoso", "globex"];

function digest(orgs: OrgState[]): string {
  // The RSA signing key is the one part of a seed that is not derived from the seed.
  const hash = createHash("sha256");
  for (const o of orgs) hash.update(serializeOrgs([{ ...o, oidcSigningKey: undefined }]).replace(/"savedAt":"[^"]+"/, ""));
  return hash.digest("hex");
}

let demo: OrgState[];
const org = (slug: string) => demo.find((o) => o.slug === slug)!;
const usersOf = (o: OrgState) => [...o.users.values()];

beforeAll(() => {
  demo = seedOrgs("demo", { now: NOW });
});

describe("demo seed", () => {
  it("is deterministic for the same seed and anchor", () => {
    const again = seedOrgs("demo", { now: NOW });
    expect(digest(again)).toBe(digest(demo));
    expect(again.map((o) => o.apiTokens[0]!.token)).toEqual(demo.map((o) => o.apiTokens[0]!.token));
    expect(usersOf(org("acme")).slice(0, 5).map((u) => u.id)).toEqual(usersOf(again.find((o) => o.slug === "acme")!).slice(0, 5).map((u) => u.id));
  });

  it("has the MSP org and the customer orgs with the expected shapes", () => {
    expect(demo.map((o) => o.slug)).toEqual(["msp", ...CUSTOMERS]);
    expect(org("acme").users.size).toBeGreaterThanOrEqual(150);
    expect(org("contoso").users.size).toBeGreaterThanOrEqual(5000);
    const people = (o: OrgState) => usersOf(o).filter((u) => !u.serviceAccount);
    expect(people(org("acme")).every((u) => u.credentials.provider.type === "OKTA")).toBe(true);
    for (const u of people(org("initech"))) {
      expect(u.credentials.provider).toEqual({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" });
      expect(u.profile.samAccountName).toMatch(/^[a-z0-9]+$/);
      expect(u.profile.distinguishedName).toMatch(/^CN=.+,OU=Users,DC=corp,DC=example,DC=com$/);
    }
    expect(usersOf(org("initech")).some((u) => u.profile.firstName === "OktaADAgent" && u.serviceAccount)).toBe(true);
    for (const u of people(org("umbrella"))) {
      expect(u.credentials.provider.type).toBe("IMPORT");
      expect(u.profile.employeeNumber).toMatch(/^\d+$/);
      expect(u.profile.hireDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("has users in every status in each customer org", () => {
    for (const slug of CUSTOMERS) {
      const statuses = new Set(usersOf(org(slug)).map((u) => u.status));
      for (const s of ALL_STATUSES) expect(statuses.has(s), `${slug} has ${s}`).toBe(true);
    }
  });

  it("keeps the group rule consistent with its target group", () => {
    for (const slug of CUSTOMERS) {
      const o = org(slug);
      const rule = [...o.rules.values()].find((r) => r.status === "ACTIVE")!;
      expect(rule.conditions.expression.value).toBe('user.department=="Marketing"');
      const target = o.groups.get(rule.actions.assignUserToGroups.groupIds[0]!)!;
      expect(target.profile.name).toBe("Users – Marketing");
      const matches = compileRuleExpression(rule.conditions.expression.value);
      const expected = usersOf(o)
        .filter((u) => u.status !== "DEPROVISIONED" && matches({ profile: u.profile, groupIds: new Set() }))
        .map((u) => u.id)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect([...o.memberships.get(target.id)!].sort()).toEqual(expected);
      expect([...o.ruleMemberships!.get(rule.id)!].sort()).toEqual(expected);
    }
  });

  it("derives app assignments from group assignments and links managers", () => {
    for (const slug of CUSTOMERS) {
      const o = org(slug);
      for (const [appId, groups] of o.appGroups) {
        for (const groupId of groups.keys()) {
          for (const userId of o.memberships.get(groupId)!) {
            if (o.users.get(userId)!.status === "DEPROVISIONED") continue;
            expect(o.appUsers.get(appId)!.get(userId)?.viaGroupIds, `${slug} ${appId} ${userId}`).toContain(groupId);
          }
        }
      }
      for (const byUser of o.appUsers.values()) for (const userId of byUser.keys()) expect(o.users.get(userId)!.status).not.toBe("DEPROVISIONED");
      const names = new Set([...o.apps.values()].map((a) => a.label));
      for (const label of ["Salesforce.com", "Zoom", "Canva", "Microsoft Office 365", "Slack"]) expect(names.has(label), `${slug} ${label}`).toBe(true);
      expect([...o.groups.values()].filter((g) => g.type === "BUILT_IN").map((g) => g.profile.name)).toEqual(["Everyone"]);
      expect([...o.groups.values()].some((g) => g.type === "APP_GROUP")).toBe(true);
      for (const u of usersOf(o)) {
        if (!u.profile.managerId) continue;
        const m = o.users.get(u.profile.managerId as string)!;
        expect(u.profile.manager).toBe(`${m.profile.firstName} ${m.profile.lastName}`);
      }
      expect(usersOf(o).filter((u) => u.profile.managerId).length).toBeGreaterThan(o.users.size / 2);
    }
  });

  it("gives every org an API token of the MSP-Okta Integration account, SUPER_ADMIN except globex", () => {
    for (const o of demo) {
      const t = o.apiTokens[0]!;
      expect(t.token).toMatch(/^00[0-9A-Za-z]{40}$/);
      const owner = o.users.get(t.userId)!;
      expect(owner.profile.displayName ?? `${owner.profile.firstName} ${owner.profile.lastName}`).toBe("MSP-Okta Integration");
      const roles = o.roles.get(owner.id)!.map((r) => r.type);
      expect(roles).toEqual(o.slug === "globex" ? ["HELP_DESK_ADMIN"] : ["SUPER_ADMIN"]);
      if (o.slug !== "msp") {
        const deep = usersOf(o).find((u) => u.profile.displayName === "Deep Link")!;
        expect(o.roles.get(deep.id)!.map((r) => r.type)).toEqual(["SUPER_ADMIN"]);
        const humanRoles = new Set([...o.roles.entries()].filter(([id]) => !o.users.get(id)!.serviceAccount).flatMap(([, rs]) => rs.map((r) => r.type)));
        expect(humanRoles.has("SUPER_ADMIN") && humanRoles.has("ORG_ADMIN")).toBe(true);
      }
    }
    expect(new Set(demo.map((o) => o.apiTokens[0]!.token)).size).toBe(demo.length);
  });

  it("has factors and 30 days of ordered System Log history", () => {
    for (const slug of CUSTOMERS) {
      const o = org(slug);
      const types = new Set([...o.factors.values()].flat().map((f) => f.factorType));
      for (const t of ["push", "token:software:totp", "sms"]) expect(types.has(t as never), `${slug} ${t}`).toBe(true);
      const logs = o.logs;
      for (let i = 1; i < logs.length; i++) expect(logs[i - 1]!.published <= logs[i]!.published).toBe(true);
      expect(Date.parse(logs[0]!.published)).toBeGreaterThanOrEqual(NOW - 31 * 86400_000);
      expect(Date.parse(logs[logs.length - 1]!.published)).toBeLessThanOrEqual(NOW);
      const kinds = new Set(logs.map((e) => `${e.eventType}:${e.outcome.result}`));
      for (const k of ["user.session.start:SUCCESS", "user.session.start:FAILURE", "user.authentication.sso:SUCCESS", "user.account.lock:FAILURE", "user.account.unlock:SUCCESS", "user.account.reset_password:SUCCESS", "group.user_membership.add:SUCCESS", "user.lifecycle.deactivate:SUCCESS"]) {
        expect(kinds.has(k), `${slug} ${k}`).toBe(true);
      }
      // lastLogin agrees with the log
      const lastSuccess = new Map<string, string>();
      for (const e of logs) if (e.eventType === "user.session.start" && e.outcome.result === "SUCCESS") lastSuccess.set(e.actor.id, e.published);
      for (const [id, at] of lastSuccess) expect(o.users.get(id)!.lastLogin).toBe(at);
    }
  });

  it("has a person's failed sign-in in the last 24 hours whatever the time of day", () => {
    // The daily sign-ins end at the close of yesterday: late in the UTC day they fall out of the window.
    for (const hour of [0, 12, 22.5]) {
      const now = Date.parse("2026-06-01T00:00:00.000Z") + hour * 3600_000;
      const orgs = hour === 12 ? demo : seedOrgs("demo", { now });
      for (const slug of CUSTOMERS) {
        const recent = orgs
          .find((o) => o.slug === slug)!
          .logs.filter((e) => e.eventType === "user.session.start" && e.outcome.result === "FAILURE" && e.actor.alternateId.includes("@"))
          .filter((e) => Date.parse(e.published) > now - 23 * 3600_000 && Date.parse(e.published) <= now);
        expect(recent.length, `${slug} at ${hour}:00 UTC`).toBeGreaterThan(0);
      }
    }
  });

  it("sets up the MSP org for console sign-in", () => {
    const msp = org("msp");
    const client = msp.oidcClients.find((c) => c.clientId === CONSOLE_CLIENT_ID)!;
    expect(client.redirectUris).toContain("http://localhost:3000/api/auth/callback/okta");
    expect(client.appId && msp.apps.get(client.appId)?.label).toBe("MSP Console");
    const groupNames = new Set([...msp.groups.values()].map((g) => g.profile.name));
    for (const [name] of CONSOLE_GROUPS) expect(groupNames.has(name)).toBe(true);
    for (const s of MSP_STAFF) {
      const u = usersOf(msp).find((x) => x.profile.login === `${s.local}@msp.example`)!;
      expect(u.status).toBe(s.status ?? "ACTIVE");
      if (s.group) {
        const g = [...msp.groups.values()].find((x) => x.profile.name === s.group)!;
        expect(msp.memberships.get(g.id)!.has(u.id)).toBe(true);
      }
    }
    expect(msp.oidcSigningKey?.kid).toBeTruthy();
  });
});

describe("snapshots", () => {
  it("round-trips orgs (Maps, Sets, signing key) through JSON", () => {
    const msp = org("msp");
    const jwt = signJwt(msp, { iss: "x", exp: Math.floor(Date.now() / 1000) + 60 });
    const restored = deserializeOrgs(serializeOrgs(demo));
    expect(digest(restored)).toBe(digest(demo));
    const rMsp = restored.find((o) => o.slug === "msp")!;
    expect(rMsp.users).toBeInstanceOf(Map);
    expect([...rMsp.memberships.values()][0]).toBeInstanceOf(Set);
    expect(verifyJwt(rMsp, jwt, "x")).toMatchObject({ iss: "x" });
  });
});

describe("snapshot watcher", () => {
  it("saves after a change once things settle (debounced)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emu-snap-"));
    const file = path.join(dir, "state.json");
    try {
      const orgs = deserializeOrgs(serializeOrgs([org("globex")]));
      const globex = orgs[0]!;
      const watcher = watchSnapshot(file, () => orgs, { pollMs: 10, debounceMs: 40 });
      const admin = [...globex.users.values()][0]!;
      admin.status = "SUSPENDED";
      recordEvent(globex, makeLogEvent({ org: globex, ids: createIdFactory(), eventType: "user.lifecycle.suspend", displayMessage: "Suspend Okta user", actor: { id: admin.id, type: "User", alternateId: admin.profile.login, displayName: "x" }, requestId: "r" }));
      const deadline = Date.now() + 5000;
      let saved: OrgState[] | undefined;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        try {
          saved = loadSnapshot(file);
          break;
        } catch {
          /* not written yet */
        }
      }
      watcher.stop();
      expect(saved?.[0]!.users.get(admin.id)!.status).toBe("SUSPENDED");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("perf seed", () => {
  it("builds 100 orgs of 200 users and one of 100,000 users quickly", () => {
    const started = performance.now();
    const orgs = seedOrgs("perf", { now: NOW });
    const ms = Math.round(performance.now() - started);
    const total = orgs.reduce((n, o) => n + o.users.size, 0);
    console.log(`[perf seed] ${orgs.length} orgs, ${total} users in ${ms} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
    expect(orgs.filter((o) => /^perf-\d+$/.test(o.slug))).toHaveLength(100);
    const big = orgs.find((o) => o.slug === "perf-big")!;
    expect(big.users.size).toBeGreaterThanOrEqual(100_000);
    expect(new Set(usersOf(big).map((u) => u.profile.login)).size).toBe(big.users.size);
    expect(new Set(usersOf(big).map((u) => u.status))).toEqual(new Set(ALL_STATUSES));
    // Time is printed, not asserted: ~2-3 s on an idle machine, but CI load makes a bound flaky.
  }, 60_000);
});
