/**
 * Conformance of what the app pages read: app users with `expand=user` and group assignments with
 * `expand=group` (Okta embeds the user / group in `_embedded`), an app whose user schema requires an
 * attribute (E0000001 naming it), and a group assignment reaching the members (scope GROUP, appLinks),
 * every response validated against the contract.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildCustomerOrg } from "../../emulator/seeds/customer.ts";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import type { OrgState } from "../../emulator/model.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

let em: RunningEmulator;
let org: OrgState;
let token: string;
let validator: OpenApiValidator;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${em.orgUrl("tinyapps")}${path}`, {
    method,
    headers: { Authorization: `SSWS ${token}`, Accept: "application/json", "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const app = (label: string) => [...org.apps.values()].find((a) => a.label === label)!;
const group = (name: string) => [...org.groups.values()].find((g) => g.profile.name === name)!;

beforeAll(async () => {
  validator = new OpenApiValidator();
  const seeded = buildCustomerOrg({ slug: "tinyapps", name: "Tiny apps", kind: "test", domain: "tinyapps.example", users: 40, master: "OKTA" }, "apps-conformance", Date.parse("2026-06-01T00:00:00Z"));
  org = seeded.builder.org;
  token = seeded.apiToken;
  em = await startEmulator({ port: 0, orgs: [org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
});

afterAll(async () => {
  await em?.stop();
  console.log(validator.summary());
  expect(validator.failures).toEqual([]);
});

it("embeds the user of each app user (expand=user) and the group of each assignment (expand=group)", async () => {
  const canva = app("Canva");
  const users = await api("GET", `/api/v1/apps/${canva.id}/users?expand=user&limit=5`);
  expect(users.status).toBe(200);
  expect(users.body.length).toBeGreaterThan(0);
  for (const u of users.body) expect(u._embedded.user.id).toBe(u.id);
  expect((await api("GET", `/api/v1/apps/${canva.id}/users?limit=1`)).body[0]._embedded).toBeUndefined();
  const groups = await api("GET", `/api/v1/apps/${canva.id}/groups?expand=group`);
  expect(groups.body.map((g: { _embedded: { group: { profile: { name: string } } } }) => g._embedded.group.profile.name)).toEqual(["Users – Marketing"]);
  const one = await api("GET", `/api/v1/apps/${canva.id}/groups/${group("Users – Marketing").id}?expand=group`);
  expect(one.body._embedded.group.id).toBe(group("Users – Marketing").id);
});

it("refuses a direct assignment without the attributes the app user schema requires (E0000001 naming them)", async () => {
  const sf = app("Salesforce.com");
  const someone = [...org.users.values()].find((u) => u.status === "ACTIVE" && !org.appUsers.get(sf.id)?.has(u.id))!;
  const refused = await api("POST", `/api/v1/apps/${sf.id}/users`, { id: someone.id, scope: "USER" });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ errorCode: "E0000001", errorCauses: [{ errorSummary: "licenseType: The field cannot be left blank" }] });
  expect(org.appUsers.get(sf.id)!.has(someone.id)).toBe(false);
  const ok = await api("POST", `/api/v1/apps/${sf.id}/users`, { id: someone.id, scope: "USER", profile: { licenseType: "Salesforce" } });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ scope: "USER", profile: { licenseType: "Salesforce" } });
});

it("a group assignment gives the members the app (scope GROUP) and their appLinks", async () => {
  const zoomless = app("Canva");
  const g = await api("POST", "/api/v1/groups", { profile: { name: "Apps conformance" } });
  const member = [...org.users.values()].find((u) => u.status === "ACTIVE" && !org.appUsers.get(zoomless.id)?.has(u.id))!;
  await api("PUT", `/api/v1/groups/${g.body.id}/users/${member.id}`);
  expect((await api("PUT", `/api/v1/apps/${zoomless.id}/groups/${g.body.id}`, {})).status).toBe(200);
  expect((await api("GET", `/api/v1/apps/${zoomless.id}/users/${member.id}`)).body.scope).toBe("GROUP");
  const links = await api("GET", `/api/v1/users/${member.id}/appLinks`);
  expect(links.body.map((l: { appInstanceId: string }) => l.appInstanceId)).toContain(zoomless.id);
});
