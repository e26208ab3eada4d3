// Apps and policies in real Chromium against the emulator: a technician assigns an app to a group of
// their own (the confirmation explains group-based licensing and counts who receives it), and a member
// of that group then has the app on their user page; a Marketing person's page explains the policies
// that apply through their groups (the phishing-resistant factor outside the office).
// Independent of other specs: its own group and user (unique names), read-only on seeded Marketing people.
import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}

async function acme(): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  return orgs.find((o) => o.slug === "acme")!;
}

/** The emulator's Okta API, for test setup only (the console under test never does this). */
async function okta<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
  const org = await acme();
  const res = await fetch(`${org.orgUrl}${apiPath}`, {
    method,
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json", "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

test.describe("apps and policies", () => {
  test("assign an app to a group: the confirmation counts the members, and a member then has the app on their page", async ({ page }) => {
    test.setTimeout(120_000);
    const suffix = unique();
    const groupName = `Apps e2e ${suffix}`;
    const group = await okta<{ id: string }>("POST", "/api/v1/groups", { profile: { name: groupName, description: "apps.spec.ts" } });
    const login = `apps.e2e.${suffix}@acme.example`;
    const user = await okta<{ id: string }>("POST", "/api/v1/users?activate=true", { profile: { login, email: login, firstName: "Avery", lastName: `Apps${suffix}` }, credentials: { password: { value: "Apps-e2e-Passw0rd!" } } });
    await okta("PUT", `/api/v1/groups/${group.id}/users/${user.id}`);

    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/apps?q=canva`);
    await page.getByRole("link", { name: "Canva" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Canva/ })).toBeVisible();

    await page.getByRole("button", { name: "Assign to group" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Assign Canva to a group" });
    await expect(dialog.getByText(/Group-based licensing/)).toBeVisible();
    await dialog.getByRole("combobox", { name: "Group" }).fill(groupName);
    await page.getByRole("option", { name: new RegExp(groupName) }).click();
    await expect(dialog.getByRole("status").filter({ hasText: "will receive Canva" })).toContainText(`1 of 1 member of ${groupName} will receive Canva`);
    await expect(dialog.getByText(`Avery Apps${suffix}`)).toBeVisible();
    await dialog.getByRole("button", { name: "Assign to 1 member" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("region", { name: "Group assignments" }).getByText(groupName)).toBeVisible();

    await page.goto(`${baseUrl()}/t/acme/users/${user.id}`);
    await expect(page.getByRole("region", { name: "App assignments" }).getByText("Canva", { exact: true })).toBeVisible();
  });

  test("a Marketing person's page explains the policies that apply through their groups", async ({ page }) => {
    const people = await okta<Array<{ id: string; profile: { firstName: string; lastName: string } }>>("GET", `/api/v1/users?search=${encodeURIComponent('profile.department eq "Marketing" and status eq "ACTIVE"')}&limit=1`);
    const person = people[0]!;
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users/${person.id}`);
    // Read when the tab is opened, not with every user view.
    await page.getByRole("tab", { name: "Policies" }).click();
    await expect(page).toHaveURL(/[?&]tab=policies/);
    const card = page.getByRole("region", { name: "Policies" });
    await expect(card.getByText(/Requires a phishing-resistant factor outside Office/)).toBeVisible();
    await expect(card.getByText("Marketing – outside the office")).toBeVisible();
    await expect(card.getByText(/through Users – Marketing/).first()).toBeVisible();
    await expect(card.getByText("Requires MFA at every sign-in outside Office")).toBeVisible();
  });
});
