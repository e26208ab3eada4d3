// The Log Viewer (/t/<org>/logs) in real Chromium against the emulator: the failed sign-ins of one
// person in the last 24 hours (quick view + the users typeahead), an event expanded, a refused search
// explained before anything is sent, and the CSV export of the query read back from the download.
// Reads only: nothing here changes what other specs use.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn } from "./helpers";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}
interface OktaEvent {
  actor: { id: string; alternateId: string; displayName: string };
}

/** A person of acme with a failed sign-in in the last 24 hours (read from the emulator directly: test setup only). */
async function personWithFailedSignIn(): Promise<OktaEvent["actor"]> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const acme = orgs.find((o) => o.slug === "acme")!;
  const since = new Date(Date.now() - 23 * 3600_000).toISOString();
  const filter = 'eventType eq "user.session.start" and outcome.result eq "FAILURE" and actor.type eq "User"';
  const res = await fetch(`${acme.orgUrl}/api/v1/logs?since=${encodeURIComponent(since)}&until=${encodeURIComponent(new Date().toISOString())}&filter=${encodeURIComponent(filter)}&sortOrder=DESCENDING&limit=50`, {
    headers: { Authorization: `SSWS ${acme.apiToken}`, Accept: "application/json" },
  });
  const events = (await res.json()) as OktaEvent[];
  const actor = events.map((e) => e.actor).find((a) => a.id !== "unknown" && a.alternateId.includes("@"));
  if (!actor) throw new Error("acme has no failed sign-in of a person in the last 24 hours");
  return actor;
}

test("failed sign-ins of one person in the last 24 hours: search, expand, export CSV", async ({ page }) => {
  const person = await personWithFailedSignIn();
  await signIn(page, "technician");
  await page.goto(`${baseUrl()}/t/acme/logs`);
  await expect(page.getByRole("heading", { level: 1, name: "Log Viewer" })).toBeVisible();

  // Quick view, then the person through the users typeahead.
  await page.getByRole("navigation", { name: "Quick views" }).getByRole("link", { name: "Failed sign-ins" }).click();
  await expect(page).toHaveURL(/view=failed-sign-ins/);
  const actor = page.getByRole("combobox", { name: "Actor" });
  await actor.fill(person.alternateId);
  await page.getByRole("option", { name: new RegExp(person.alternateId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).click();
  await expect(page.getByLabel("Time range")).toHaveValue("24h");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(person.alternateId).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

  const events = page.getByRole("list", { name: "System Log events" });
  await expect(events).toBeVisible();
  const rows = events.getByRole("listitem");
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    await expect(row.getByText(/^Failure/)).toBeVisible();
    await expect(row.getByRole("link", { name: `Filter by actor ${person.displayName}` }).first()).toBeVisible();
  }

  // Expand the newest event.
  const toggle = rows.first().getByRole("button", { name: /^Show details of/ });
  await toggle.click();
  await expect(rows.first().getByRole("button", { name: /^Hide details of/ })).toHaveAttribute("aria-expanded", "true");
  const details = rows.first().getByRole("heading", { level: 3 });
  await expect(details.filter({ hasText: "Client" })).toBeVisible();
  await expect(details.filter({ hasText: "Authentication context" })).toBeVisible();
  await expect(rows.first().getByText("INVALID_CREDENTIALS").first()).toBeVisible();

  // A refused search is explained before anything is sent.
  await page.getByLabel("IP address").fill("999.1.1.1");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This is not an IP address" })).toBeVisible();
  await page.getByLabel("IP address").fill("");

  // Export the current query and read the file.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^system-log-acme-\d{8}-\d{6}\.csv$/);
  const csv = fs.readFileSync((await file.path())!, "utf8");
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^\uFEFF"published","eventType","displayMessage","outcome"/);
  const shown = await rows.count();
  if (shown < 50) expect(lines.length - 1).toBe(shown);
  else expect(lines.length - 1).toBeGreaterThanOrEqual(shown);
  for (const line of lines.slice(1)) {
    expect(line).toMatch(/"user\.(session\.start|authentication\.[a-z_]+)"/);
    expect(line).toContain('"FAILURE"');
    expect(line).toContain(`"${person.alternateId}"`);
  }
  await expect(page.getByRole("status").filter({ hasText: `Exported ${lines.length - 1} rows` })).toBeVisible();
});
