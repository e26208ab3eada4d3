// The org audit log and the timeline in real Chromium: a technician clears a user's sessions with a
// unique Ticket ID, finds the entry in the org's audit log by that ticket, opens it and follows its
// link into the Log Viewer (the event with that transaction id), then sees the action with its ticket
// and the Okta event it caused on the user's Timeline tab. Its own user (a random Contoso employee)
// and its own ticket: nothing another spec uses or counts.
import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn, unique } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}
interface OktaUser {
  id: string;
  profile: { login: string; firstName: string; lastName: string };
}

async function okta<T>(slug: string, apiPath: string): Promise<T> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === slug)!;
  const res = await fetch(`${org.orgUrl}${apiPath}`, { headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json" } });
  if (!res.ok) throw new Error(`${apiPath}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** An active Contoso employee without an Okta admin role, picked at random among 200 (test setup only). */
async function plainEmployee(): Promise<OktaUser> {
  const people = await okta<OktaUser[]>("contoso", `/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE" and profile.userType eq "Employee"')}&limit=200`);
  for (let i = 0; i < 20; i++) {
    const u = people[Math.floor(Math.random() * people.length)]!;
    if ((await okta<unknown[]>("contoso", `/api/v1/users/${u.id}/roles`)).length === 0 && !/^msp-/.test(u.profile.login)) return u;
  }
  throw new Error("no plain employee found");
}

test("a technician's action is found by its Ticket ID, links to its Okta event, and shows on the user's timeline", async ({ page }) => {
  const user = await plainEmployee();
  const name = `${user.profile.firstName} ${user.profile.lastName}`;
  const ticket = `E2E-${unique()}`;
  await signIn(page, "technician", { reuse: true });

  // 1. Clear their sessions with the ticket, on the user's page.
  await page.goto(`${baseUrl()}/t/contoso/users/${user.id}`);
  await page.getByRole("region", { name: "Actions" }).getByRole("button", { name: "Clear sessions", exact: true }).click();
  const dialog = page.getByRole("alertdialog", { name: `Clear sessions: ${name}?` });
  await dialog.getByLabel("Ticket ID").fill(ticket);
  await dialog.getByRole("button", { name: "Clear sessions", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Sessions cleared.")).toBeVisible();

  // 2. The org's audit log (the org navigation's "Audit"), filtered by that exact ticket.
  await expect(page.getByRole("link", { name: "Audit", exact: true })).toHaveAttribute("href", "/t/contoso/audit");
  await page.goto(`${baseUrl()}/t/contoso/audit`);
  await page.getByLabel("Ticket ID").fill(ticket);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(new RegExp(`[?&]ticket=${ticket}`));
  const rows = page.locator("tbody tr[data-row-key]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("user.clear_sessions");
  await expect(rows.first()).toContainText("tech@msp.example");
  await expect(rows.first()).toContainText("Success");

  // 3. Its details: the input summary and, per Okta request id, a link into the Log Viewer. The one
  //    to follow is the request Okta logged the change under (read from the emulator's System Log).
  const [logged] = await okta<Array<{ transaction: { id: string } }>>(
    "contoso",
    `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "user.session.clear" and target.id eq "${user.id}"`)}&sortOrder=DESCENDING&limit=1`,
  );
  const tx = logged!.transaction.id;
  await rows.first().getByRole("button", { name: /^Show details of entry \d+$/ }).click();
  await expect(page.getByRole("heading", { name: "Input (secrets removed)" })).toBeVisible();
  const link = page.getByRole("link", { name: `Okta events of request ${tx}` });
  expect(await link.getAttribute("href")).toMatch(new RegExp(`^/t/contoso/logs\\?range=custom&since=[^&]+&until=[^&]+&tx=${tx}$`));
  await link.click();
  await page.waitForURL(new RegExp(`/t/contoso/logs\\?.*tx=${tx}`));
  const events = page.getByRole("list", { name: "System Log events" });
  await expect(events.getByText("Clear user session").first()).toBeVisible();

  // 4. The user's Timeline tab: the console action with its ticket and the Okta event it caused.
  await page.goto(`${baseUrl()}/t/contoso/users/${user.id}`);
  const tab = page.getByRole("tab", { name: "Timeline" });
  // Keyboard: from the Details tab, the arrow key moves to (and opens) the Timeline tab.
  await page.getByRole("tab", { name: "Details" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(tab).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/[?&]tab=timeline/);
  const timeline = page.getByRole("region", { name: "Timeline" });
  const entry = timeline.getByRole("listitem").filter({ hasText: "user.clear_sessions" }).filter({ hasText: ticket });
  await expect(entry).toHaveCount(1);
  const caused = entry.getByRole("list", { name: /^Okta events caused by audit entry \d+$/ });
  await expect(caused).toContainText("Clear user session");
  await expect(caused.getByRole("link", { name: "This request in the Log Viewer" })).toHaveAttribute("href", new RegExp(`tx=${tx}$`));
  // The Details tab still holds the page's sections.
  await page.getByRole("tab", { name: "Details" }).click();
  await expect(page.getByRole("region", { name: "Actions" })).toBeVisible();
});
