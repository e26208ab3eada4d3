/** The /__emulator control endpoints: org index, reset, faults, config and the request log. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";

let em: RunningEmulator;
let fx: Fixture;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${em.orgUrl("acme")}${path}`, { ...init, headers: { Authorization: `SSWS ${fx.token}`, "Content-Type": "application/json", ...(init.headers ?? {}) } });
const control = (path: string, method = "GET", body?: unknown) =>
  fetch(`${em.baseUrl}/__emulator${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "Content-Type": "application/json" } });

beforeAll(async () => {
  fx = buildFixtureOrg({ users: 5 });
  em = await startEmulator({ port: 0, orgs: [fx.org, buildFixtureOrg({ slug: "globex", users: 2, seed: 7 }).org] });
});
afterAll(() => em?.stop());
beforeEach(async () => {
  await control("/faults", "DELETE");
  await control("/requests", "DELETE");
});

describe("/__emulator", () => {
  it("lists orgs with URLs and tokens", async () => {
    const orgs = await (await control("/orgs")).json();
    expect(orgs).toEqual([
      { slug: "acme", name: "acme Inc.", kind: "fixture", orgUrl: em.orgUrl("acme"), apiToken: fx.token, adminConsoleUrl: `${em.orgUrl("acme")}/admin` },
      expect.objectContaining({ slug: "globex", orgUrl: em.orgUrl("globex") }),
    ]);
    const admin = await fetch(`${em.orgUrl("acme")}/admin`);
    expect(admin.headers.get("content-type")).toContain("text/html");
  });

  it("counts API requests per org, reliably and resettably", async () => {
    await api("/api/v1/users/me");
    await api("/api/v1/groups");
    const log = await (await control("/requests?org=acme")).json();
    expect(log.count).toBe(2);
    expect(log.requests.map((r: { method: string; path: string; status: number }) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /api/v1/users/me 200", "GET /api/v1/groups 200"]);
    expect((await (await control("/requests?org=globex")).json()).count).toBe(0);
    await control("/requests", "DELETE");
    expect((await (await control("/requests?org=acme")).json()).count).toBe(0);
  });

  it("resets an org to its start state", async () => {
    const created = await (await api("/api/v1/groups", { method: "POST", body: JSON.stringify({ profile: { name: "Ephemeral" } }) })).json();
    expect(fx.org.groups.has(created.id)).toBe(true);
    expect((await control("/orgs/acme/reset", "POST")).status).toBe(204);
    expect(em.org("acme")).toBe(fx.org);
    expect(fx.org.groups.has(created.id)).toBe(false);
    expect((await api(`/api/v1/groups/${created.id}`)).status).toBe(404);
    expect((await api("/api/v1/groups")).status).toBe(200);
  });

  it("injects status faults for the next N matching requests only", async () => {
    await control("/faults", "POST", { org: "acme", method: "GET", pathPattern: "/api/v1/groups", count: 2, status: 503 });
    const a = await api("/api/v1/groups");
    expect(a.status).toBe(503);
    expect((await a.json()).errorCode).toBe("E0000010");
    expect((await api("/api/v1/users/me")).status).toBe(200);
    expect((await api("/api/v1/groups?limit=1")).status).toBe(503);
    expect((await api("/api/v1/groups")).status).toBe(200);
    await control("/faults", "POST", { pathPattern: "users", count: 1, status: 500 });
    const e = await api("/api/v1/users/me");
    expect(e.status).toBe(500);
    expect((await e.json()).errorCode).toBe("E0000009");
  });

  it("hangs, then serves, and applies configured latency", async () => {
    await control("/faults", "POST", { pathPattern: "/api/v1/org", count: 1, hangMs: 300 });
    let t = Date.now();
    expect((await api("/api/v1/org")).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    await control("/config", "POST", { latencyMs: 150 });
    t = Date.now();
    await api("/api/v1/org");
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    await control("/config", "POST", { latencyMs: 0 });
    expect((await control("/config", "POST", { rateLimitProfile: "nope" })).status).toBe(400);
  });

  it("answers 404 with Okta's error object for unknown orgs and paths", async () => {
    const res = await fetch(`${em.baseUrl}/orgs/nope/api/v1/users`);
    expect(res.status).toBe(404);
    expect((await res.json()).errorCode).toBe("E0000007");
    const unknown = await api("/api/v1/nothing-here");
    expect(unknown.status).toBe(404);
  });
});
