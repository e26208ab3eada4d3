// The offboarding wizard in real Chromium: a technician offboards a person created for this test (in
// one Okta group) from the user's page with three steps (revoke sessions, remove from groups,
// deactivate) and a unique Ticket ID, watches the job finish, and finds the offboarding in the org's
// audit log by that ticket: the job's start and the person's item with its three steps. Okta then has
// the person deactivated and out of the group.
import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}

async function okta<T>(slug: string, method: string, apiPath: string, body?: unknown): Promise<T> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === slug)!;
  const res = await fetch(`${org.orgUrl}${apiPath}`, {
    method,
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json", "Content-Type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

test("offboard a user with three steps and see each in the audit log", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = unique();
  const login = `leaver.${tag}@acme-offboard.example`;
  const user = await okta<{ id: string }>("acme", "POST", "/api/v1/users?activate=true", { profile: { firstName: "Leaver", lastName: tag, email: login, login } });
  const group = await okta<{ id: string }>("acme", "POST", "/api/v1/groups", { profile: { name: `Offboard test ${tag}`, description: "e2e" } });
  await okta("acme", "PUT", `/api/v1/groups/${group.id}/users/${user.id}`);
  const ticket = `OFF-${tag}`;

  await signIn(page, "technician", { reuse: true });
  await page.goto(`${baseUrl()}/t/acme/users/${user.id}`);
  await page.getByRole("link", { name: "Offboard", exact: true }).click();
  await page.waitForURL(new RegExp(`/t/acme/users/offboard\\?users=${user.id}$`));
  await expect(page.getByRole("heading", { name: "Offboard", exact: true })).toBeVisible();
  await expect(page.getByText(login)).toBeVisible();

  for (const [label, on] of [
    ["Revoke sessions and OAuth tokens", true],
    ["Reset MFA factors", false],
    ["Remove from groups", true],
    ["Unassign apps", false],
    ["Deactivate", true],
  ] as const) {
    await page.getByRole("checkbox", { name: label }).setChecked(on);
  }
  await page.getByRole("button", { name: `Offboard Leaver ${tag}…` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Offboard Leaver ${tag}?` });
  await expect(dialog).toContainText("Revoke sessions and OAuth tokens, Remove from groups, Deactivate, now.");
  await dialog.getByLabel(/Ticket ID/).fill(ticket);
  await dialog.getByRole("button", { name: "Offboard now" }).click();

  await page.waitForURL(/\/t\/acme\/jobs\/[^/?]+$/);
  await expect(page.getByRole("progressbar").first()).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  // The job page: each step of the person, with its outcome.
  const itemRow = page.getByRole("row").filter({ hasText: login });
  await expect(itemRow).toContainText("Revoke sessions and OAuth tokens: done");
  await expect(itemRow).toContainText(`Remove from groups: done (Removed from 1 group: Offboard test ${tag}.)`);
  await expect(itemRow).toContainText("Deactivate: done");

  // Okta's side.
  await expect.poll(async () => (await okta<{ status: string }>("acme", "GET", `/api/v1/users/${user.id}`)).status).toBe("DEPROVISIONED");
  const members = await okta<Array<{ id: string }>>("acme", "GET", `/api/v1/groups/${group.id}/users`);
  expect(members.map((m) => m.id)).not.toContain(user.id);

  // The org's audit log, by the ticket: the start and the person's item, with the three steps.
  await page.goto(`${baseUrl()}/t/acme/audit?ticket=${encodeURIComponent(ticket)}`);
  const rows = page.locator("tbody tr[data-row-key]");
  await expect(rows).toHaveCount(2);
  const item = rows.filter({ hasText: "job.offboarding.item" });
  await expect(item).toContainText("Success");
  await expect(rows.filter({ hasText: "users.offboard.start" })).toContainText("Success");
  await item.getByRole("button", { name: /^Show details of entry \d+$/ }).click();
  const details = page.getByRole("heading", { name: "Input (secrets removed)" }).locator("..");
  for (const step of ["revoke_sessions", "remove_groups", "deactivate"]) await expect(details).toContainText(step);
  await expect(details).not.toContainText("reset_factors");
});
