// lib/okta/users.ts against the emulator through the official SDK: one request per list page, paging
// the 5,000-user org with Okta's cursors, q / filter / search (sorted), and the detail sections.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import { userRolesOf } from "../../emulator/roles";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import { afterFromNextLink, listRecentUserEvents, listUsersPage, userDetailSections, type UserSummary } from "@/lib/okta/users";
import { userListQuery, type OktaUserListParams, type UserListInput } from "@/lib/users/search";

let emu: RunningEmulator;
const gateways: Record<string, OktaGateway> = {};

beforeAll(async () => {
  emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
  for (const slug of ["acme", "contoso", "initech", "umbrella"]) {
    gateways[slug] = createOktaGateway({
      tenantId: `t-${slug}`,
      orgUrl: emu.orgUrl(slug),
      credential: { type: "ssws", token: emu.org(slug).apiTokens[0]!.token },
      allowLocalOrgUrls: true,
    });
  }
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});

const params = (input: UserListInput): OktaUserListParams => {
  const r = userListQuery(input);
  if (!r.ok) throw new Error(r.error);
  return r.params;
};

/** Every page of a query, one listUsersPage call each; returns the pages. */
async function walk(slug: string, p: OktaUserListParams, limit: number): Promise<UserSummary[][]> {
  const pages: UserSummary[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await listUsersPage(gateways[slug]!, { params: p, after, limit });
    pages.push(page.users);
    if (!page.nextAfter) return pages;
    after = page.nextAfter;
  }
  throw new Error("paging did not end");
}

describe("users list", () => {
  it("the first page of the 5,000-user org is exactly one Okta request", async () => {
    const page = await listUsersPage(gateways.contoso!, { params: params({}), limit: 25 });
    expect(page.users).toHaveLength(25);
    expect(page.nextAfter).toMatch(/^00u/);
    expect(page.pages).toBe(true);
    const served = emu.requests("contoso");
    expect(served.count).toBe(1);
    expect(served.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/users", status: 200 });
  });

  it("pages through all 5,000+ people with Okta's cursors, one request per page, nobody twice", async () => {
    const pages = await walk("contoso", params({}), 200);
    const ids = pages.flat().map((u) => u.id);
    const expected = [...emu.org("contoso").users.values()].filter((u) => u.status !== "DEPROVISIONED").map((u) => u.id);
    expect(expected.length).toBeGreaterThan(4800);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(emu.requests("contoso").count).toBe(pages.length);
    expect(pages.slice(0, -1).every((p) => p.length === 200)).toBe(true);
  }, 60_000);

  it("maps each user to a summary a page can render", async () => {
    const page = await listUsersPage(gateways.initech!, { params: params({}), limit: 50, mastery: "active_directory" });
    const person = page.users.find((u) => u.provider.type === "ACTIVE_DIRECTORY")!;
    expect(person).toMatchObject({
      source: { kind: "active_directory", label: "Active Directory", detail: "corp.example.com" },
      statusLabel: expect.any(String),
      displayName: expect.stringContaining(" "),
    });
    expect(person.created).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(person.department).toEqual(expect.any(String));
    // Plain data: survives the trip to a client component unchanged.
    expect(JSON.parse(JSON.stringify(page.users))).toEqual(page.users);
    const service = page.users.find((u) => u.login.startsWith("msp-integration@"));
    if (service) expect(service.source.kind).toBe("okta");
  });

  it("q: prefix match on first name, last name or email; one page, no cursor even if one is passed", async () => {
    const someone = [...emu.org("contoso").users.values()].find((u) => u.status === "ACTIVE" && u.profile.lastName)!;
    const prefix = String(someone.profile.lastName).slice(0, 4);
    // Faults match the path and query: any request carrying a cursor would fail.
    emu.addFault({ org: "contoso", pathPattern: "after=", status: 500, count: 1 });
    const page = await listUsersPage(gateways.contoso!, { params: params({ text: prefix }), after: "00uIGNOREDxxxxxxxxxx", limit: 200 });
    expect(page.pages).toBe(false);
    expect(page.nextAfter).toBeNull();
    expect(page.users.length).toBeGreaterThan(0);
    const lower = prefix.toLowerCase();
    for (const u of page.users) {
      expect([u.firstName, u.lastName, u.email].some((v) => v?.toLowerCase().startsWith(lower)), u.login).toBe(true);
      expect(u.status).not.toBe("DEPROVISIONED");
    }
    expect(emu.requests("contoso").count).toBe(1);
  });

  it("status chips: a filter that pages and returns exactly the locked-out users", async () => {
    const p = params({ statuses: ["LOCKED_OUT"] });
    expect(p.mode).toBe("filter");
    const pages = await walk("contoso", p, 25);
    const got = pages.flat();
    const expected = [...emu.org("contoso").users.values()].filter((u) => u.status === "LOCKED_OUT");
    expect(expected.length).toBeGreaterThan(25);
    expect(got.every((u) => u.status === "LOCKED_OUT")).toBe(true);
    expect(new Set(got.map((u) => u.id))).toEqual(new Set(expected.map((u) => u.id)));
  }, 30_000);

  it("an exact login, typed in another case, finds that user (search is case-insensitive)", async () => {
    const target = [...emu.org("acme").users.values()].find((u) => u.status === "ACTIVE")!;
    const page = await listUsersPage(gateways.acme!, { params: params({ text: target.profile.login.toUpperCase() }), limit: 25 });
    expect(page.users.map((u) => u.id)).toEqual([target.id]);
  });

  it("search sorted by last name pages in order across cursors, deactivated users left out", async () => {
    const p = params({ sortBy: "profile.lastName", sortOrder: "desc" });
    expect(p.mode).toBe("search");
    const first = await listUsersPage(gateways.acme!, { params: p, limit: 50 });
    const second = await listUsersPage(gateways.acme!, { params: p, after: first.nextAfter!, limit: 50 });
    const names = [...first.users, ...second.users].map((u) => (u.lastName ?? "").toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    const ids = [...first.users, ...second.users].map((u) => u.id);
    expect(new Set(ids).size).toBe(100);
    expect([...first.users, ...second.users].some((u) => u.status === "DEPROVISIONED")).toBe(false);
    expect(emu.requests("acme").count).toBe(2);
  });

  it("text, chips and an advanced expression combine into one search", async () => {
    const p = params({ search: 'profile.department eq "Engineering"', statuses: ["ACTIVE", "LOCKED_OUT"] });
    const pages = await walk("contoso", p, 200);
    const got = pages.flat();
    const expected = [...emu.org("contoso").users.values()].filter((u) => u.profile.department === "Engineering" && ["ACTIVE", "LOCKED_OUT"].includes(u.status));
    expect(new Set(got.map((u) => u.id))).toEqual(new Set(expected.map((u) => u.id)));
  }, 30_000);

  it("reads the cursor from Okta's next link", () => {
    expect(afterFromNextLink("https://acme.okta.com/api/v1/users?after=00u123&limit=25")).toBe("00u123");
    expect(afterFromNextLink(undefined)).toBeNull();
    expect(afterFromNextLink("not a url")).toBeNull();
  });
});

describe("user detail", () => {
  /** An Acme person with recent events, factors, groups and an admin role. */
  function richUser() {
    const org = emu.org("acme");
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const roles = new Set([...org.roles.keys()]);
    const candidates = [...org.users.values()].filter((u) => roles.has(u.id) && (org.factors.get(u.id)?.length ?? 0) > 0 && u.profile.login.split("@")[0] !== "msp-integration");
    const withEvents = candidates.find((u) => org.logs.some((e) => e.published >= weekAgo && (e.actor.id === u.id || e.target?.some((t) => t.id === u.id))));
    return withEvents ?? candidates[0]!;
  }

  it("reads every section in parallel, each settling on its own", async () => {
    const user = richUser();
    const org = emu.org("acme");
    const s = userDetailSections(gateways.acme!, user.id, { mastery: "okta" });
    const [detail, groups, apps, factors, roles, events] = await Promise.all([s.user, s.groups, s.apps, s.factors, s.roles, s.events]);

    expect(detail.ok && detail.data).toMatchObject({ id: user.id, login: user.profile.login, source: { kind: "okta" } });
    const profile = detail.ok && detail.data ? detail.data.profile : {};
    expect(profile.costCenter).toBe(user.profile.costCenter); // custom attributes come through
    expect(profile.employeeNumber).toBe(user.profile.employeeNumber);

    expect(groups.ok && groups.data.items.map((g) => g.name)).toContain("Everyone");
    expect(apps.ok && apps.data.truncated).toBe(false);
    expect(factors.ok && factors.data.items.map((f) => f.id).sort()).toEqual(org.factors.get(user.id)!.map((f) => f.id).sort());
    expect(factors.ok && factors.data.items[0]?.enrolled).toMatch(/^\d{4}-/);
    expect(roles.ok && roles.data.map((r) => r.type)).toEqual(userRolesOf(org, user.id).map((r) => r.type)); // direct and through groups

    expect(events.ok).toBe(true);
    const list = events.ok ? events.data : [];
    expect(list.length).toBeLessThanOrEqual(20);
    const weekAgo = Date.now() - 7 * 86_400_000 - 60_000;
    for (const e of list) {
      expect(e.actor.id === user.id || e.targets.some((t) => t.id === user.id)).toBe(true);
      expect(Date.parse(e.published!)).toBeGreaterThanOrEqual(weekAgo);
    }
    const times = list.map((e) => e.published!);
    expect(times).toEqual([...times].sort().reverse());

    // Six reads, started together: user, groups, appLinks, factors, roles, logs.
    const paths = emu.requests("acme").requests.map((r) => r.path.replace(user.id, ":id"));
    expect(paths.sort()).toEqual(["/api/v1/logs", "/api/v1/users/:id", "/api/v1/users/:id/appLinks", "/api/v1/users/:id/factors", "/api/v1/users/:id/groups", "/api/v1/users/:id/roles"]);
  });

  it("recent events: the newest 20 of the last 7 days, actor or target", async () => {
    const org = emu.org("acme");
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const counts = new Map<string, number>();
    for (const e of org.logs) {
      if (e.published < since) continue;
      for (const id of new Set([e.actor.id, ...(e.target ?? []).map((t) => t.id)])) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const [busy] = [...counts.entries()].filter(([id]) => org.users.has(id)).sort((a, b) => b[1] - a[1])[0]!;
    expect(counts.get(busy)).toBeGreaterThan(20);
    const events = await listRecentUserEvents(gateways.acme!, busy);
    expect(events).toHaveLength(20);
    const newest = org.logs.filter((e) => e.published >= since && (e.actor.id === busy || e.target?.some((t) => t.id === busy))).map((e) => e.uuid).reverse().slice(0, 20);
    expect(events.map((e) => e.uuid)).toEqual(newest);
    expect(emu.requests("acme").count).toBe(1);
  });

  it("a failing section shows its own sentence and leaves the others alone", async () => {
    const user = richUser();
    emu.addFault({ org: "acme", pathPattern: "/factors$", status: 500, count: 5 });
    const s = userDetailSections(gateways.acme!, user.id);
    const [detail, factors, groups] = await Promise.all([s.user, s.factors, s.groups]);
    expect(detail.ok).toBe(true);
    expect(groups.ok).toBe(true);
    expect(factors).toMatchObject({ ok: false, status: 500 });
    expect(!factors.ok && factors.error).toMatch(/Okta/);
    expect(!factors.ok && factors.error).not.toMatch(/\n\s+at /);
  });

  it("an unknown user is null (a 404 page), and a malformed id makes no call", async () => {
    const s = userDetailSections(gateways.acme!, "00uNOSUCHUSERxxxxxxx");
    expect(await s.user).toEqual({ ok: true, data: null });
    emu.clearRequests();
    const bad = userDetailSections(gateways.acme!, "../groups");
    expect(await bad.user).toEqual({ ok: true, data: null });
    expect((await bad.groups).ok).toBe(false);
    expect(emu.requests("acme").count).toBe(0);
  });

  it("another org's user id is not found in this org", async () => {
    const contosoUser = [...emu.org("contoso").users.values()][5]!;
    const s = userDetailSections(gateways.acme!, contosoUser.id);
    expect(await s.user).toEqual({ ok: true, data: null });
  });

  it("HR-mastered users name their source", async () => {
    const page = await listUsersPage(gateways.umbrella!, { params: params({}), limit: 25, mastery: "hr" });
    const hr = page.users.find((u) => u.provider.type === "IMPORT")!;
    expect(hr.source).toMatchObject({ kind: "hr", owner: "Workday", importMastered: true });
  });
});
