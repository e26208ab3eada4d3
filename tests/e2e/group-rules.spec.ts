// Group rules in real Chromium: a Technician builds Department = "Marketing" into a target group of
// this spec's own, previews it (count and sample), saves it (inactive), activates it from the list
// after the live preview, and finds a matching user in the target group on that user's page.
// SHOTS_DIR=/tmp/shots-rules also saves screenshots of the list, the builder and the preview
// (desktop and narrow).
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string | null;
}

async function acme(): Promise<EmulatorOrg> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === "acme");
  if (!org?.apiToken) throw new Error("emulator org acme has no API token");
  return org;
}

/** Test setup and the final check, straight to the emulator's Okta API (not through the console). */
async function okta<T>(method: string, path: string, body?: unknown): Promise<T> {
  const org = await acme();
  const res = await fetch(`${org.orgUrl}${path}`, {
    method,
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json", "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test.use({ viewport: { width: 1440, height: 900 } });

test("build Department = Marketing, preview it, activate it, and a matching user joins the target group", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const groupName = `Rules E2E Marketing ${suffix}`;
  const ruleName = `E2E Marketing ${suffix}`.slice(0, 50);
  const group = await okta<{ id: string }>("POST", "/api/v1/groups", { profile: { name: groupName, description: "group-rules.spec.ts" } });

  await signIn(page, "technician", { reuse: true });
  await page.goto(`${baseUrl()}/t/acme/groups/rules`);
  await expect(page.getByRole("heading", { name: "Group rules", level: 1 })).toBeVisible();
  await shot(page, "list-desktop");

  await page.getByRole("link", { name: "New rule" }).click();
  await expect(page.getByRole("heading", { name: "New group rule" })).toBeVisible();
  await page.getByLabel("Rule name").fill(ruleName);
  const targets = page.getByRole("combobox", { name: "Add people to these groups" });
  await targets.fill(groupName.slice(0, 28));
  await page.getByRole("option", { name: new RegExp(groupName) }).click();
  await expect(page.getByRole("button", { name: `Remove ${groupName}` })).toBeVisible();

  await page.getByLabel("Attribute").selectOption("department");
  await page.getByLabel("Operator").selectOption("equals");
  await page.getByLabel("Value").fill("Marketing");
  await expect(page.getByTestId("built-expression")).toHaveText('user.department=="Marketing"');

  await page.getByRole("button", { name: "Preview matches" }).click();
  await expect(page.getByText(/^Complete:/)).toBeVisible({ timeout: 30_000 });
  const matched = Number((await page.getByTestId("preview-matched").innerText()).replace(/[^0-9]/g, ""));
  expect(matched).toBeGreaterThan(0);
  const sample = page.getByRole("list", { name: "Sample of matching users" }).getByRole("link");
  await expect(sample.first()).toBeVisible();
  const sampleName = await sample.first().innerText();
  const sampleHref = (await sample.first().getAttribute("href"))!;
  await shot(page, "builder-preview-desktop");

  await page.getByRole("button", { name: "Create rule (inactive)" }).click();
  await page.waitForURL(`${baseUrl()}/t/acme/groups/rules`);
  await page.getByRole("button", { name: `Activate ${ruleName}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Activate ${ruleName}?` });
  await expect(dialog.getByText(/^Complete:/)).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId("preview-matched")).toHaveText(String(matched.toLocaleString("en-US")));
  await shot(page, "activate-dialog-desktop");
  await dialog.getByRole("button", { name: "Activate" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: `Deactivate ${ruleName}` })).toBeVisible();

  // Deactivating says what stays: the members the rule added, now in the group.
  await page.getByRole("button", { name: `Deactivate ${ruleName}` }).click();
  const deactivate = page.getByRole("alertdialog", { name: `Deactivate ${ruleName}?` });
  await expect(deactivate.getByText(`${matched} members now, ${matched} of them match the rule.`)).toBeVisible();
  await shot(page, "deactivate-dialog-desktop");
  await deactivate.getByRole("button", { name: "Cancel" }).click();
  await expect(deactivate).toBeHidden();

  // Okta put the previewed user in the group: the user's page lists it.
  const members = await okta<Array<{ id: string }>>("GET", `/api/v1/groups/${group.id}/users?limit=200`);
  expect(members.length).toBe(matched);
  await page.goto(`${baseUrl()}${sampleHref}`);
  await expect(page.getByRole("heading", { name: sampleName }).first()).toBeVisible();
  await expect(page.getByText(groupName).first()).toBeVisible();

  // Narrow screens: the list as cards and the builder stacked.
  if (process.env.SHOTS_DIR) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl()}/t/acme/groups/rules`);
    await shot(page, "list-narrow");
    await page.goto(`${baseUrl()}/t/acme/groups/rules/new`);
    await page.getByRole("combobox", { name: "Add people to these groups" }).fill(groupName.slice(0, 28));
    await page.getByRole("option", { name: new RegExp(groupName) }).click();
    await page.getByLabel("Value").fill("Marketing");
    await page.getByRole("button", { name: "Preview matches" }).click();
    await expect(page.getByText(/^Complete:/)).toBeVisible({ timeout: 30_000 });
    await shot(page, "builder-preview-narrow");
    await page.goto(`${baseUrl()}/t/acme/groups/rules`);
    await page.getByRole("button", { name: `Deactivate ${ruleName}` }).click();
    await expect(page.getByRole("alertdialog").getByText(/members? now/)).toBeVisible();
    await shot(page, "deactivate-dialog-narrow");
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});
