import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { account, baseUrl, demoAccounts, signIn } from "./helpers";

test.describe("staff sign-in", () => {
  test("a console page without a session redirects to the sign-in page", async ({ page }) => {
    await page.goto(`${baseUrl()}/dashboard`);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("every server action refuses a request without a session", async ({ request }) => {
    // The production build lists every server action; call each one without a cookie. Input is
    // validated first (so malformed input is refused as invalid); well-formed input must then be
    // refused as unauthenticated. No action may ever answer with data.
    const manifest = JSON.parse(
      fs.readFileSync(path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json"), "utf8"),
    ) as { node: Record<string, { exportedName: string }> };
    const actions = Object.entries(manifest.node);
    expect(actions.length).toBeGreaterThan(5);
    let unauthenticated = 0;
    for (const [id, { exportedName }] of actions) {
      const res = await request.post(`${baseUrl()}/dashboard`, {
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
        data: JSON.stringify([{}]),
        maxRedirects: 0,
      });
      const body = await res.text();
      expect(body, `${exportedName} must not answer with data`).not.toContain('"ok":true');
      const refused = res.status() >= 300 || body.includes('"ok":false');
      expect(refused, `${exportedName} answered ${res.status()}: ${body.slice(0, 200)}`).toBe(true);
      if (body.includes('"code":"unauthenticated"')) unauthenticated++;
    }
    expect(unauthenticated).toBeGreaterThan(0);
  });

  test("signs in through the MSP org's OIDC page and out again", async ({ page }) => {
    const admin = account("admin");
    await signIn(page, "admin");
    await expect(page.getByRole("button", { name: `Account menu for ${admin.name}` })).toBeVisible();
    await page.getByRole("button", { name: `Account menu for ${admin.name}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${baseUrl()}/dashboard`);
    await expect(page).toHaveURL(/\/sign-in/);
    // The MSP org's Okta session ended too: signing in again asks for credentials.
    await page.getByRole("button", { name: "Sign in with Okta" }).click();
    await expect(page.getByLabel("Username")).toBeVisible();
  });

  test("a wrong password is refused by the MSP org", async ({ page }) => {
    await page.goto(`${baseUrl()}/sign-in`);
    await page.getByRole("button", { name: "Sign in with Okta" }).click();
    await page.getByLabel("Username").fill(account("helpdesk").email);
    await page.getByLabel("Password").fill(`${demoAccounts().password}-wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    expect(page.url()).not.toContain(baseUrl());
  });

  test("a disabled staff member loses access on the next request", async ({ page }) => {
    // A technician of this spec's own (other specs sign in as the demo technician at the same time).
    const staff = account("spare_technician_1");
    await signIn(page, staff.key);
    const db = new Database((process.env.E2E_DATABASE_URL as string).slice("file:".length));
    try {
      db.prepare(`UPDATE "StaffUser" SET "status" = 'disabled' WHERE "email" = ?`).run(staff.email);
      await page.goto(`${baseUrl()}/dashboard`);
      await expect(page).toHaveURL(/\/sign-in/);
    } finally {
      db.prepare(`UPDATE "StaffUser" SET "status" = 'active' WHERE "email" = ?`).run(staff.email);
      db.close();
    }
  });
});
