import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, emulatorUrl, nextFrame, signIn, unique } from "./helpers";

// Cross-org search (/search and Ctrl/Cmd+K outside an org) finds a person who exists in two customer
// orgs, each answer linking to the person's page in that org; the dashboard shows a card per org with
// live counts and the failed sign-ins chart. Set UI_SHOTS_DIR to also save screenshots.

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string;
}

/** The same person (same name, an address in each org's domain) created in two orgs through Okta's API. */
async function personInTwoOrgs(lastName: string): Promise<Record<"acme" | "initech", string>> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const ids = {} as Record<"acme" | "initech", string>;
  for (const slug of ["acme", "initech"] as const) {
    const org = orgs.find((o) => o.slug === slug)!;
    const login = `${lastName.toLowerCase()}@${slug}-search.example`;
    const res = await fetch(`${org.orgUrl}/api/v1/users?activate=false`, {
      method: "POST",
      headers: { Authorization: `SSWS ${org.apiToken}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ profile: { firstName: "Quillon", lastName, email: login, login } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    ids[slug] = ((await res.json()) as { id: string }).id;
  }
  return ids;
}

async function addFault(spec: { org: string; pathPattern: string; count: number; status?: 500 | 503; hangMs?: number }) {
  const res = await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}
async function clearFaults() {
  await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "DELETE" });
}

async function shot(page: Page, name: string) {
  const dir = process.env.UI_SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await nextFrame(page);
    await page.screenshot({ path: path.join(dir, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

test.describe("cross-org search and dashboard", () => {
  test("a person who exists in two orgs is found in both from /search, and opens in the right org", async ({ page }) => {
    const lastName = `Xsearch${unique()}`;
    const ids = await personInTwoOrgs(lastName);
    await signIn(page, "technician", { reuse: true });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search people" }).click();
    await page.waitForURL(`${baseUrl()}/search`);
    await page.getByRole("searchbox", { name: /Name, email, login/ }).fill(lastName);
    // The query lands in the URL (ready to paste into a ticket).
    await page.waitForURL(new RegExp(`/search\\?q=${lastName}$`));
    const acme = page.getByRole("region", { name: "Matches in Acme Corporation" });
    const initech = page.getByRole("region", { name: "Matches in Initech" });
    await expect(acme.getByRole("link", { name: new RegExp(`Quillon ${lastName}`) })).toHaveAttribute("href", `/t/acme/users/${ids.acme}`);
    await expect(initech.getByRole("link", { name: new RegExp(`Quillon ${lastName}`) })).toHaveAttribute("href", `/t/initech/users/${ids.initech}`);
    await expect(page.getByRole("status").filter({ hasText: `2 people found for “${lastName}” in 2 of 5 orgs` })).toBeVisible();
    await expect(page.getByText(/No match in .*Contoso/)).toBeVisible();
    await shot(page, "search");

    await initech.getByRole("link", { name: new RegExp(lastName) }).click();
    await page.waitForURL(`${baseUrl()}/t/initech/users/${ids.initech}`);
    await expect(page.getByRole("heading", { name: `Quillon ${lastName}` })).toBeVisible();

    // Pasted URL: the search runs again.
    await page.goto(`${baseUrl()}/search?q=${encodeURIComponent(`${lastName.toLowerCase()}@acme-search.example`)}`);
    await expect(page.getByRole("region", { name: "Matches in Acme Corporation" }).getByRole("link", { name: new RegExp(lastName) })).toHaveCount(1);
    await expect(page.getByRole("region", { name: "Matches in Initech" })).toHaveCount(0);
  });

  test("Ctrl+K outside an org finds the person in both orgs; Enter opens them in that org", async ({ page }) => {
    const lastName = `Xpalette${unique()}`;
    const ids = await personInTwoOrgs(lastName);
    await signIn(page, "technician", { reuse: true });
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Go to org" });
    await expect(palette).toHaveAccessibleDescription(/a person in any of your orgs/);
    await palette.getByRole("combobox", { name: "Go to org" }).fill(lastName);
    const inAcme = palette.getByRole("group", { name: "Users in Acme Corporation" }).getByRole("option", { name: new RegExp(lastName) });
    const inInitech = palette.getByRole("group", { name: "Users in Initech" }).getByRole("option", { name: new RegExp(lastName) });
    await expect(inAcme).toBeVisible();
    await expect(inInitech).toBeVisible();
    await expect(palette.getByRole("option", { name: `Search every org for “${lastName}”` })).toBeVisible();
    await shot(page, "palette-cross-org");
    // No org matches: the first person is active; move to the Initech one and open it.
    await expect(palette.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await inInitech.hover();
    await expect(inInitech).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl()}/t/initech/users/${ids.initech}`);
    await expect(palette).toHaveCount(0);
  });

  // @exclusive (run alone, after the parallel tests): emulator faults hit whoever calls those orgs next.
  test("an org that fails or hangs shows its own line on /search while the others answer", { tag: "@exclusive" }, async ({ page }) => {
    const lastName = `Xfault${unique()}`;
    await personInTwoOrgs(lastName);
    await signIn(page, "technician", { reuse: true });
    try {
      await addFault({ org: "contoso", pathPattern: "^/api/v1/users\\?", count: 1, status: 503 });
      await addFault({ org: "globex", pathPattern: "^/api/v1/users\\?", count: 1, hangMs: 7_000 });
      await page.goto(`${baseUrl()}/search?q=${lastName}`);
      // Acme and Initech answer while Globex is still pending.
      await expect(page.getByRole("region", { name: "Matches in Acme Corporation" }).getByRole("link", { name: new RegExp(lastName) })).toBeVisible();
      await expect(page.getByRole("region", { name: "Matches in Initech" }).getByRole("link", { name: new RegExp(lastName) })).toBeVisible();
      const notSearched = page.getByRole("region", { name: "Orgs that did not answer" });
      await expect(notSearched.getByRole("listitem").filter({ hasText: "Contoso Ltd" })).toContainText(/Okta/);
      await expect(page.getByText(/Waiting for .*Globex/)).toBeVisible();
      await expect(notSearched.getByRole("listitem").filter({ hasText: "Globex" })).toHaveText("Globex: This org did not answer within 5 seconds.", { timeout: 15_000 });
      await expect(page.getByRole("status").filter({ hasText: "2 did not answer" })).toBeVisible();
      await shot(page, "search-failures");
    } finally {
      await clearFaults();
    }
  });

  test("the dashboard shows a card per org with live counts and the failed sign-ins chart; Billing sees totals only", async ({ page, browser }) => {
    await signIn(page, "technician", { reuse: true });
    const cards = page.getByRole("list", { name: "Customer orgs" }).getByRole("listitem");
    await expect(cards).toHaveCount(5);
    const acme = page.getByRole("region", { name: "Acme Corporation" });
    await expect(acme.getByLabel(/^People: [\d,]+$/)).toBeVisible();
    await expect(acme.getByRole("link", { name: /^Locked out: / })).toBeVisible();
    await expect(acme.getByLabel(/^Failed sign-ins in the last 24 hours: /)).toBeVisible();
    await expect(acme.getByRole("img", { name: /^Failed sign-ins per day in Acme Corporation:/ }).locator("svg.recharts-surface")).toBeVisible();
    await expect(acme.getByText(/as of \d/)).toBeVisible();
    // Refresh reads every org again (not from the cache).
    await page.getByRole("button", { name: "Refresh all" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Live from Okta" })).toBeVisible();
    await expect(acme.getByText("(cached)")).toHaveCount(0);
    await shot(page, "dashboard");

    const billingContext = await browser.newContext();
    const billing = await billingContext.newPage();
    await signIn(billing, "billing", { reuse: true });
    const billingAcme = billing.getByRole("region", { name: "Acme Corporation" });
    await expect(billingAcme.getByLabel(/^People: [\d,]+$/)).toBeVisible();
    await expect(billingAcme.getByText("Your role shows user counts only.")).toBeVisible();
    await expect(billingAcme.getByRole("link", { name: /^Locked out/ })).toHaveCount(0);
    await expect(billingAcme.getByRole("img", { name: /Failed sign-ins/ })).toHaveCount(0);
    await shot(billing, "dashboard-billing");
    await billingContext.close();
  });
});
