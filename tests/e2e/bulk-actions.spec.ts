// Bulk actions in real Chromium: a technician selects three people on the users list, clears their
// sessions as one job (confirmation with how many users and the Ticket ID), watches the job page reach
// 100%, finds the job in the org's job history and downloads its CSV report. Okta saw exactly one
// DELETE .../sessions per person.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, oktaRequests, signIn, unique } from "./helpers";

const SHOTS = "/tmp/shots-jobs";

const usersTable = (page: Page) => page.getByRole("table", { name: /Users, page/ });
const dataRows = (page: Page) => usersTable(page).locator("tbody tr[data-row-key]");

test.describe("bulk actions", () => {
  test("select three users, clear their sessions as a job, watch it finish, download the report", async ({ page }) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const since = new Date().toISOString();
    const ticket = `BULK-${unique()}`;
    await signIn(page, "technician", { reuse: true });
    // Active people of Initech (other specs change Acme's people), 50 a page.
    await page.goto(`${baseUrl()}/t/initech/users?status=ACTIVE&limit=50`);
    await expect(dataRows(page).first()).toBeVisible();
    // Wait for the privilege markers, then take three people who are neither admins nor service accounts.
    await expect(usersTable(page).getByLabel("Checking privilege")).toHaveCount(0, { timeout: 20_000 });
    const plain = dataRows(page).filter({ hasText: "Not privileged" });
    await expect(plain.nth(2)).toBeVisible();
    const picked: Array<{ id: string; name: string }> = [];
    for (let i = 0; i < 3; i++) {
      const row = plain.nth(i);
      const id = (await row.getAttribute("data-row-key"))!;
      const name = (await row.getByRole("rowheader").getByRole("link").textContent())!.trim();
      await row.getByRole("checkbox", { name: `Select ${name}` }).check();
      picked.push({ id, name });
    }

    const bar = page.getByRole("region", { name: "Bulk actions" });
    await expect(bar.getByText("3 users selected")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/users-selected.png` });
    await bar.getByRole("button", { name: "Clear sessions" }).click();

    const dialog = page.getByRole("alertdialog", { name: "Clear sessions for 3 users?" });
    await expect(dialog).toBeVisible();
    for (const p of picked) await expect(dialog.getByRole("list", { name: "Selected users" })).toContainText(p.name);
    await dialog.getByLabel(/Ticket ID/).fill(ticket);
    await page.screenshot({ path: `${SHOTS}/confirm.png` });
    await dialog.getByRole("button", { name: "Clear sessions (3 users)" }).click();

    // The job's page: the progress bar reaches 100% and every item succeeded.
    await page.waitForURL(new RegExp(`/t/initech/jobs/[^/?]+$`));
    const progress = page.getByRole("progressbar", { name: "Job progress" });
    await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByText("3 succeeded")).toBeVisible();
    await expect(page.getByText("Completed", { exact: true })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/job-done.png`, fullPage: true });

    // Okta: one DELETE .../sessions per person, no more.
    const deletes = (await oktaRequests("initech", since)).filter((r) => r.method === "DELETE" && r.path.endsWith("/sessions"));
    for (const p of picked) expect(deletes.filter((r) => r.path === `/api/v1/users/${p.id}/sessions`)).toHaveLength(1);

    // The report: one row per person, with the outcome.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download report (CSV)" }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file!, "utf8");
    const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("item,label,status,outcome,error,attempts,okta_request_ids,started_at,finished_at");
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) expect(line).toMatch(/,succeeded,Sessions cleared\.,/);

    // The org's job history lists it, with who started it and the ticket.
    const jobUrl = page.url();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
    await page.waitForURL(`${baseUrl()}/t/initech/jobs`);
    const row = page.getByRole("row").filter({ hasText: `Ticket ${ticket}` });
    await expect(row).toContainText("Clear sessions: 3 users");
    await expect(row).toContainText("3 of 3 done");
    await expect(row.getByRole("link", { name: "Clear sessions: 3 users", exact: true })).toHaveAttribute("href", new URL(jobUrl).pathname);
    await page.screenshot({ path: `${SHOTS}/jobs-history.png` });
  });

  test("Read-only administrators get no checkboxes or bulk actions", async ({ page }) => {
    await signIn(page, "readonly", { reuse: true });
    await page.goto(`${baseUrl()}/t/initech/users`);
    await expect(dataRows(page).first()).toBeVisible();
    await expect(usersTable(page).getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Bulk actions" })).toHaveCount(0);
  });
});
