// Groups in real Chromium against the emulator: a technician creates a group and adds three people in
// one go; a Help Desk member cannot add anyone to a group that grants an Okta admin role (the reason is
// shown, nothing changes); removing a member first says which apps they lose; deleting a group that a
// policy names warns first. Every group here has a unique name; other specs' groups and people are left
// alone (the policy-named group is only looked at, never changed).
// GROUPS_SHOTS=<dir> also saves screenshots of the list, the detail page and the add dialog.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { emulatorUrl, oktaRequests, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}
interface OktaUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string; lastName: string; displayName?: string; department?: string };
}
interface OktaGroup {
  id: string;
  profile: { name: string };
}

async function emulatorOrg(slug: string): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  return orgs.find((o) => o.slug === slug)!;
}
/** The emulator's Okta API, for setting up and checking facts (the console under test never does this). */
async function okta<T>(slug: string, method: string, apiPath: string, body?: unknown): Promise<T> {
  const org = await emulatorOrg(slug);
  const res = await fetch(`${org.orgUrl}${apiPath}`, {
    method,
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${apiPath}: HTTP ${res.status}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Active people who hold no admin role and are not service accounts, picked at random (other specs pick too). */
async function plainPeople(slug: string, n: number, exclude: (u: OktaUser) => boolean = () => false): Promise<OktaUser[]> {
  const users = await okta<OktaUser[]>(slug, "GET", `/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=200`);
  const admins = new Set((await okta<{ value: Array<{ id: string }> }>(slug, "GET", "/api/v1/iam/assignees/users?limit=200")).value.map((a) => a.id));
  const candidates = users.filter((u) => !admins.has(u.id) && !u.profile.login.startsWith("msp-") && !/service/i.test(u.profile.displayName ?? "") && !exclude(u));
  return candidates.sort(() => Math.random() - 0.5).slice(0, n);
}

const shotsDir = process.env.GROUPS_SHOTS;
async function shot(page: Page, name: string) {
  if (!shotsDir) return;
  for (const [label, size] of [
    ["desktop", { width: 1440, height: 900 }],
    ["narrow", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(shotsDir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("a technician creates a group and adds three people in one go", async ({ page }) => {
  const name = `Project Falcon ${unique()}`;
  const people = await plainPeople("acme", 3);
  await signIn(page, "technician", { reuse: true });
  await page.goto("/t/acme/groups");
  await expect(page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Users – Marketing" })).toBeVisible();
  await shot(page, "groups-list");

  await page.getByRole("button", { name: "Create group" }).click();
  const create = page.getByRole("dialog", { name: "Create a group" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Description (optional)").fill("Falcon launch team");
  await create.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("Nobody is in this group yet.")).toBeVisible();

  await page.getByRole("button", { name: "Add people" }).click();
  const add = page.getByRole("dialog", { name: `Add people to ${name}` });
  const picker = add.getByRole("combobox", { name: "People" });
  for (const p of people) {
    await picker.fill(p.profile.login);
    // The list is in a popover outside the dialog's subtree.
    await page.getByRole("option", { name: new RegExp(p.profile.login.replace(/[.+]/g, "\\$&")) }).click();
  }
  await expect(add.getByRole("button", { name: "Add 3 people" })).toBeVisible();
  await shot(page, "groups-add-members");
  await add.getByRole("button", { name: "Add 3 people" }).click();
  await expect(add).toBeHidden();
  const members = page.getByRole("region", { name: "Members" });
  for (const p of people) await expect(members.getByRole("link", { name: p.profile.displayName ?? `${p.profile.firstName} ${p.profile.lastName}` })).toBeVisible();

  const groups = await okta<OktaGroup[]>("acme", "GET", `/api/v1/groups?q=${encodeURIComponent(name)}`);
  const memberIds = (await okta<OktaUser[]>("acme", "GET", `/api/v1/groups/${groups[0]!.id}/users`)).map((u) => u.id).sort();
  expect(memberIds).toEqual(people.map((p) => p.id).sort());
  await shot(page, "groups-detail");
});

test("a Help Desk member cannot add anyone to a group that grants an Okta admin role", async ({ page }) => {
  const since = new Date().toISOString();
  const [admins] = await okta<OktaGroup[]>("acme", "GET", `/api/v1/groups?q=${encodeURIComponent("Okta Administrators")}`);
  const before = (await okta<OktaUser[]>("acme", "GET", `/api/v1/groups/${admins!.id}/users`)).map((u) => u.id).sort();
  await signIn(page, "helpdesk", { reuse: true });
  await page.goto(`/t/acme/groups/${admins!.id}`);
  await expect(page.getByRole("heading", { name: "Okta Administrators", level: 1 })).toBeVisible();
  const members = page.getByRole("region", { name: "Members" });
  await expect(members.getByText(/Okta Administrators grants an Okta admin role \(Read Only Administrator\): your role in Acme Corporation \(Help Desk\) does not allow changing its members\./)).toBeVisible();
  await expect(members.getByRole("button", { name: "Add people" })).toHaveCount(0);
  await expect(members.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(members.getByRole("checkbox")).toHaveCount(0);
  // Nothing changed in Okta.
  expect((await okta<OktaUser[]>("acme", "GET", `/api/v1/groups/${admins!.id}/users`)).map((u) => u.id).sort()).toEqual(before);
  expect((await oktaRequests("acme", since)).filter((r) => r.method !== "GET" && r.path.includes(admins!.id))).toEqual([]);
});

test("removing a member shows first which apps they lose", async ({ page }) => {
  const name = `Design Guild ${unique()}`;
  const group = await okta<OktaGroup>("acme", "POST", "/api/v1/groups", { profile: { name } });
  const apps = await okta<Array<{ id: string; label: string }>>("acme", "GET", "/api/v1/apps?limit=200");
  const canva = apps.find((a) => a.label === "Canva")!;
  await okta("acme", "PUT", `/api/v1/apps/${canva.id}/groups/${group.id}`, {});
  // A person of this test's own: anyone already in the org may have another way to Canva (Marketing's
  // group, or another spec's direct assignment), and then would lose nothing.
  const suffix = unique();
  const login = `guild.member.${suffix}@acme.example`;
  const person = await okta<OktaUser>("acme", "POST", "/api/v1/users?activate=true", {
    profile: { login, email: login, firstName: "Guild", lastName: `Member${suffix}`, department: "Design" },
    credentials: { password: { value: "Guild-e2e-Passw0rd!" } },
  });
  await okta("acme", "PUT", `/api/v1/groups/${group.id}/users/${person!.id}`);
  const display = person!.profile.displayName ?? `${person!.profile.firstName} ${person!.profile.lastName}`;

  await signIn(page, "technician", { reuse: true });
  await page.goto(`/t/acme/groups/${group.id}`);
  await expect(page.getByRole("region", { name: "Apps assigned to this group" }).getByText("Canva", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: `Remove ${display} from ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove ${display} from ${name}?` });
  await expect(confirm.getByRole("region", { name: "What changes" })).toContainText(`${display} loses Canva`);
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("Nobody is in this group yet.")).toBeVisible();
  expect(await okta<OktaUser[]>("acme", "GET", `/api/v1/groups/${group.id}/users`)).toEqual([]);
});

test("deleting a group that a policy names warns first, and cancelling changes nothing", async ({ page }) => {
  const since = new Date().toISOString();
  const [marketing] = await okta<OktaGroup[]>("acme", "GET", `/api/v1/groups?q=${encodeURIComponent("Users – Marketing")}`);
  await signIn(page, "technician", { reuse: true });
  await page.goto(`/t/acme/groups/${marketing!.id}`);
  await expect(page.getByRole("heading", { name: "Users – Marketing", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Delete group" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete Users – Marketing?" });
  const changes = confirm.getByRole("region", { name: "What changes" });
  // The seeded global session policy and the authentication policy's FIDO2 rule both name the group.
  await expect(changes).toContainText(/polic(y|ies) refers? to this group \(.*Marketing/);
  await expect(changes).toContainText("no longer applies to its members");
  await expect(confirm.getByRole("button", { name: "Delete group" })).toBeDisabled();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  expect(await okta<OktaGroup>("acme", "GET", `/api/v1/groups/${marketing!.id}`)).toMatchObject({ id: marketing!.id });
  expect((await oktaRequests("acme", since)).filter((r) => r.method !== "GET" && r.path.includes(marketing!.id))).toEqual([]);
});
