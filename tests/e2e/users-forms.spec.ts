// The user forms and the Service accounts page in real Chromium, signed in through the emulator:
// create a user straight into a group with a temporary password (shown once), Okta's "login taken"
// next to Username, an AD-mastered user's AD-owned fields read-only with the reason, an Administrator
// marking and unmarking a service account, Help Desk refused the create page.
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string | null;
}

interface OktaUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string; lastName: string; email: string; userType?: string };
  credentials?: { provider?: { type?: string } };
}

async function emulatorOrg(slug: string): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === slug);
  if (!org?.apiToken) throw new Error(`emulator org ${slug} has no API token`);
  return org;
}

/** Straight to the emulator's Okta API (the test's own look-up, not the console's). */
async function okta<T>(slug: string, path: string): Promise<T> {
  const org = await emulatorOrg(slug);
  const res = await fetch(`${org.orgUrl}${path}`, { headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json" } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** A person of this spec's own, created straight in the emulator's Okta API (test setup, not the console). */
async function createPerson(slug: string, lastName: string): Promise<OktaUser> {
  const org = await emulatorOrg(slug);
  const login = `${lastName.toLowerCase()}@${slug}.example`;
  const res = await fetch(`${org.orgUrl}/api/v1/users?activate=true`, {
    method: "POST",
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({ profile: { firstName: "Sam", lastName, email: login, login, userType: "Employee" } }),
  });
  if (!res.ok) throw new Error(`create user: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as OktaUser;
}

async function pickFromCombobox(page: Page, label: string, typed: string, option: RegExp | string) {
  const box = page.getByRole("combobox", { name: label });
  await box.fill(typed);
  const choice = page.getByRole("option", { name: option }).first();
  await expect(choice).toBeVisible();
  await choice.click();
}

test.describe("user forms", () => {
  test("a technician creates a user straight into a group with a temporary password, shown once", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users/new`);
    await expect(page.getByRole("heading", { name: "Create user", level: 1 })).toBeVisible();

    const id = unique();
    await page.getByLabel("First name").fill("Robin");
    await page.getByLabel("Last name").fill(`Starter${id}`);
    await page.getByLabel("Primary email").fill(`robin.${id}@acme.example`);
    // The login follows the email until edited.
    await expect(page.getByLabel("Username (login)")).toHaveValue(`robin.${id}@acme.example`);
    await page.getByLabel("Department").fill("Sales");

    await pickFromCombobox(page, "Groups", "Manag", /Managers/);
    await expect(page.getByRole("button", { name: "Remove Managers" })).toBeVisible();
    // Escape closes the list, Backspace in the empty input removes the last chip, and it can be picked again.
    await page.getByRole("combobox", { name: "Groups" }).press("Backspace");
    await expect(page.getByRole("button", { name: "Remove Managers" })).toHaveCount(0);
    await pickFromCombobox(page, "Groups", "Manag", /Managers/);

    await page.getByRole("radio", { name: /temporary password/i }).check();
    await page.getByRole("button", { name: "Create user" }).click();

    const dialog = page.getByRole("dialog", { name: /was created/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Shown this once");
    const secret = dialog.locator("output[data-secret]");
    await expect(secret).toHaveText(/\S{8,}/);
    const password = (await secret.textContent())!.trim();
    await expect(dialog.getByRole("button", { name: "Copy temporary password" })).toBeVisible();

    await dialog.getByRole("button", { name: "Open the user’s page" }).click();
    await page.waitForURL(/\/t\/acme\/users\/00u[A-Za-z0-9]+$/);
    await expect(page.getByText("Managers").first()).toBeVisible();
    // Once: nowhere on the user's page.
    expect(await page.content()).not.toContain(password);

    // Okta agrees: the user exists, is in the group, and was not left staged.
    const userId = page.url().split("/").pop()!;
    const groups = await okta<Array<{ profile: { name: string } }>>("acme", `/api/v1/users/${userId}/groups`);
    expect(groups.map((g) => g.profile.name)).toContain("Managers");
  });

  test("zod refuses bad input before any call; Okta's 'login already taken' appears next to Username", async ({ page }) => {
    const [existing] = await okta<OktaUser[]>("acme", "/api/v1/users?limit=1");
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users/new`);

    // Client-side: the same schema as the server, messages next to the fields.
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByLabel("First name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("First name")).toHaveAccessibleDescription("Enter the first name.");
    await expect(page.getByLabel("First name")).toBeFocused();

    await page.getByLabel("First name").fill("Taken");
    await page.getByLabel("Last name").fill("Login");
    await page.getByLabel("Primary email").fill(`taken.${unique()}@acme.example`);
    await page.getByLabel("Username (login)").fill(existing!.profile.login);
    await page.getByRole("button", { name: "Create user" }).click();

    const login = page.getByLabel("Username (login)");
    await expect(login).toHaveAttribute("aria-invalid", "true");
    await expect(login).toHaveAccessibleDescription(/already taken/i);
    await expect(page.getByLabel("First name")).not.toHaveAttribute("aria-invalid", "true");
  });

  test("an AD-mastered user's AD-owned fields are read-only in the edit form, with the reason", async ({ page }) => {
    const users = await okta<OktaUser[]>("initech", "/api/v1/users?limit=50");
    const adUser = users.find((u) => u.credentials?.provider?.type === "ACTIVE_DIRECTORY" && u.status === "ACTIVE")!;
    expect(adUser).toBeTruthy();
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/initech/users/${adUser.id}/edit`);
    await expect(page.getByRole("heading", { level: 1, name: /^Edit / })).toBeVisible();

    for (const label of ["First name", "Last name", "Department"]) {
      const field = page.getByLabel(label, { exact: true });
      await expect(field).toHaveAttribute("readonly", "");
      await expect(field).toHaveAccessibleDescription(/mastered by Active Directory.*change it there; an edit here is overwritten at the next import/i);
    }
    await expect(page.getByLabel("First name", { exact: true })).toHaveValue(adUser.profile.firstName);
    await expect(page.getByText(/^\d+ of \d+ fields are read-only$/)).toBeVisible();
  });

  test("Help Desk cannot open the create page", async ({ page }) => {
    await signIn(page, "helpdesk", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users/new`);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create user" })).toHaveCount(0);
  });
});

test.describe("service accounts page", () => {
  test("lists the org's service accounts; an administrator marks one and unmarks it", async ({ page }) => {
    // Someone no other spec acts on meanwhile (marked, a user has no actions for Technicians).
    const person = await createPerson("acme", `Exporter${unique()}`);
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme`);
    await page.getByRole("navigation").getByRole("link", { name: "Service accounts" }).first().click();
    await page.waitForURL(/\/t\/acme\/service-accounts$/);
    await expect(page.getByRole("heading", { name: "Service accounts", level: 1 })).toBeVisible();
    await expect(page.getByText(/consumes an Okta licence/)).toBeVisible();
    const table = page.getByRole("table", { name: /Service accounts of Acme/ });
    await expect(table.getByRole("row", { name: /MSP-Okta Integration/ })).toBeVisible();
    await expect(table.getByRole("row", { name: /MSP-Okta Integration/ })).toContainText("Console credential");
    await expect(table.getByRole("row", { name: new RegExp(person.profile.login) })).toHaveCount(0);

    await page.getByRole("button", { name: "Mark a service account" }).click();
    const dialog = page.getByRole("dialog", { name: "Mark a service account" });
    await pickFromCombobox(page, "Account", person.profile.lastName, new RegExp(person.profile.login.replace(/[.+]/g, "\\$&")));
    await dialog.getByLabel("Purpose").fill("Runs the nightly HR export (owner: IT)");
    await dialog.getByLabel("Ticket ID (optional)").fill("SVC-42");
    await dialog.getByRole("button", { name: "Mark as service account" }).click();
    await expect(dialog).toBeHidden();

    const row = table.getByRole("row", { name: new RegExp(person.profile.login.replace(/[.+]/g, "\\$&")) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("Runs the nightly HR export (owner: IT)");
    await expect(row).toContainText("Marked");

    await row.getByRole("button", { name: `Unmark ${person.profile.login}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Unmark ${person.profile.login}?` });
    await confirm.getByRole("button", { name: "Unmark" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
  });

  test("a technician sees the list but no mark or unmark controls", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/service-accounts`);
    await expect(page.getByRole("table", { name: /Service accounts of Acme/ }).getByRole("row", { name: /Deep Link/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Mark a service account" })).toHaveCount(0);
  });
});
