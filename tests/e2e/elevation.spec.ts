// Just-in-time elevation (issue 12) in real Chromium: a Help Desk member asks for Technician in Acme for
// 1 hour, an Administrator approves it in ANOTHER browser context, the member creates a user; once the
// elevation has expired (its endsAt moved into the past in the database, as a test clock would: the
// console judges it on every request, nothing runs at expiry) the same action is refused and the page
// says so.
//
// The member is a spare Help Desk account reserved to this spec (tests/e2e/helpers.ts SPARE_ACCOUNTS):
// while elevated it holds Technician in Acme, which the other specs' Help Desk member must never do.
import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { account, baseUrl, signIn, unique } from "./helpers";

const MEMBER = "spare_helpdesk_2";
const SHOTS = "/tmp/shots-elevation";

function expireElevations(staffEmail: string): number {
  const db = new Database((process.env.E2E_DATABASE_URL as string).slice("file:".length));
  try {
    db.pragma("busy_timeout = 5000");
    const staff = db.prepare(`SELECT id FROM "StaffUser" WHERE email = ?`).get(staffEmail) as { id: string } | undefined;
    if (!staff) return 0;
    const rows = db.prepare(`SELECT id, endsAt FROM "ElevationRequest" WHERE requesterId = ? AND status = 'approved'`).all(staff.id) as Array<{ id: string; endsAt: unknown }>;
    // One second ago, written in the column's own format (epoch milliseconds or ISO text, whichever
    // the driver adapter stored), so the console compares like with like.
    const past = new Date(Date.now() - 1000);
    const update = db.prepare(`UPDATE "ElevationRequest" SET endsAt = ? WHERE id = ?`);
    for (const row of rows) {
      const value = typeof row.endsAt === "number" ? past.getTime() : String(row.endsAt).endsWith("Z") ? past.toISOString() : past.toISOString().replace("Z", "+00:00");
      update.run(value, row.id);
    }
    return rows.length;
  } finally {
    db.close();
  }
}

test("Help Desk asks for Technician for 1 hour, an Administrator approves it elsewhere, the member creates a user, and after expiry cannot", async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const id = unique();
  const reason = `Onboarding batch ${id}`;
  const ticket = `INC-${id}`;
  const member = account(MEMBER);

  // Tall enough for the whole request page in one viewport screenshot (a full-page screenshot repeats
  // the sticky header mid-page).
  const memberContext = await browser.newContext({ viewport: { width: 1280, height: 1350 } });
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await memberContext.newPage();
    await signIn(page, MEMBER, { reuse: true });

    // Help Desk may not create users in Acme: the page says so and offers to ask.
    await page.goto(`${baseUrl()}/t/acme/users/new`);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Request access" }).click();
    await page.waitForURL(/\/t\/acme\/access\?role=technician$/);

    const form = page.getByRole("form", { name: "Ask for a role" });
    await expect(form.getByLabel("Role", { exact: true })).toHaveValue("technician");
    await form.getByLabel("For", { exact: true }).selectOption({ label: "1 h" });
    await form.getByLabel("Reason").fill(reason);
    await form.getByLabel(/Ticket ID/).fill(ticket);
    await form.getByRole("button", { name: "Request access" }).click();
    const waiting = page.getByRole("list", { name: "Waiting for approval" });
    await expect(waiting.getByText(reason)).toBeVisible();
    await page.reload(); // without the toast, for the screenshot
    await expect(waiting.getByText(reason)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/request-page.png` });

    // An Administrator, in another browser context, sees it waiting (badge) and approves it.
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", { reuse: true });
    const approvalsLink = admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ });
    await expect(approvalsLink).toHaveAccessibleName(/^Approvals\s*\d+ requests? waiting$/);
    await approvalsLink.click();
    await expect(admin.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
    const request = admin.getByRole("list", { name: "Requests waiting for a decision" }).getByRole("listitem").filter({ hasText: reason });
    await expect(request).toContainText("Technician");
    await expect(request).toContainText("Acme");
    await expect(request).toContainText("1 h");
    await expect(request).toContainText(ticket);
    await admin.screenshot({ path: `${SHOTS}/approvals-page.png`, fullPage: true });
    await request.getByRole("button", { name: /^Approve Technician in Acme/ }).click();
    const dialog = admin.getByRole("alertdialog", { name: `Approve Technician for ${member.name}?` });
    await expect(dialog).toContainText(ticket);
    await admin.screenshot({ path: `${SHOTS}/approve-dialog.png` });
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect(dialog).toBeHidden();
    await expect(request).toHaveCount(0);
    await expect(admin.getByRole("table", { name: "Recent decisions" }).getByRole("row").filter({ hasText: member.name }).first()).toContainText("Approved, active");
    await admin.screenshot({ path: `${SHOTS}/approvals-after.png`, fullPage: true });
    // "Who can do what" in Acme lists the running elevation with its end time.
    await admin.goto(`${baseUrl()}/settings/access?org=acme`);
    const whoRow = admin.getByRole("table", { name: /Staff with access to Acme/ }).getByRole("row").filter({ hasText: member.email });
    await expect(whoRow).toContainText(/Technician · elevated until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(ticket INC-/);

    // The member now holds Technician in Acme (with its end time) and creates a user.
    await page.reload();
    const active = page.getByRole("list", { name: "Active elevations" });
    await expect(active).toContainText("Technician until");
    await expect(active).toContainText(/\(in (59 min|1 h)\)/);
    await page.screenshot({ path: `${SHOTS}/request-page-active.png` });

    await page.goto(`${baseUrl()}/t/acme/users/new`);
    await expect(page.getByRole("heading", { name: "Create user", level: 1 })).toBeVisible();
    await page.getByLabel("First name").fill("Jit");
    await page.getByLabel("Last name").fill(`Elevated${id}`);
    await page.getByLabel("Primary email").fill(`jit.${id}@acme.example`);
    await page.getByRole("radio", { name: /Create staged/ }).check();
    await page.getByRole("button", { name: "Create user" }).click();
    await page.waitForURL(/\/t\/acme\/users\/00u[A-Za-z0-9]+$/);

    // Expiry: the approved elevation's end moves into the past. The form already open on screen is
    // refused by the server, and the page itself no longer offers it.
    await page.goto(`${baseUrl()}/t/acme/users/new`);
    await expect(page.getByRole("heading", { name: "Create user", level: 1 })).toBeVisible();
    await page.getByLabel("First name").fill("Jit");
    await page.getByLabel("Last name").fill(`Expired${id}`);
    await page.getByLabel("Primary email").fill(`jit.expired.${id}@acme.example`);
    await page.getByRole("radio", { name: /Create staged/ }).check();
    expect(expireElevations(member.email)).toBe(1);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("form", { name: "Create user" }).getByRole("alert").first()).toContainText("does not allow creating users");
    await page.reload();
    await expect(page.getByText("You don't have access to this page")).toBeVisible();

    await page.goto(`${baseUrl()}/t/acme/access`);
    await expect(page.getByRole("list", { name: "Active elevations" })).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Earlier requests" }).getByRole("listitem").filter({ hasText: "Expired" }).first()).toBeVisible();
  } finally {
    // Whatever happened, leave the member without Technician in Acme.
    expireElevations(member.email);
    await memberContext.close();
    await adminContext.close();
  }
});
