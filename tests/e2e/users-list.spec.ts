// The users list (/t/<org>/users) in real Chromium against the emulator: search, status chips, the
// advanced expression refused before any Okta call, paging with the browser's Back, the `/` shortcut,
// who sees the page, the mobile navigation, and the error state.
import { expect, test, type Page } from "@playwright/test";
import { account, baseUrl, emulatorUrl, oktaRequests, signIn } from "./helpers";

async function addFault(spec: { org: string; pathPattern: string; count: number; status: 500 | 503 }) {
  await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
}
async function clearFaults() {
  await fetch(`${emulatorUrl()}/__emulator/faults`, { method: "DELETE" });
}

/** A logged path and query as text ("+" and %-escapes decoded). */
const readable = (pathAndQuery: string) => {
  try {
    return decodeURIComponent(pathAndQuery.replace(/\+/g, " "));
  } catch {
    return pathAndQuery;
  }
};

const usersTable = (page: Page) => page.getByRole("table", { name: /Users, page/ });
/** Data rows (the header row holds column headers, not row headers). */
const dataRows = (page: Page) => usersTable(page).locator("tbody tr[data-row-key]");

async function openUsers(page: Page, org = "acme") {
  await page.goto(`${baseUrl()}/t/${org}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true }).click();
  await page.waitForURL(`${baseUrl()}/t/${org}/users`);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(dataRows(page).first()).toBeVisible();
}

test.describe("users list", () => {
  test("a technician finds people by last name; the query is in the URL", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await openUsers(page);
    // A last name from the org itself (the seed is generated): the first row's.
    const name = (await dataRows(page).first().getByRole("rowheader").getByRole("link").textContent())!.trim();
    const lastName = name.split(" ").at(-1)!;
    await page.getByRole("searchbox", { name: "Search users" }).fill(lastName);
    await page.getByRole("searchbox", { name: "Search users" }).press("Enter");
    await page.waitForURL(new RegExp(`[?&]q=${encodeURIComponent(lastName)}`));
    await expect(dataRows(page).first()).toBeVisible();
    const names = await dataRows(page).getByRole("rowheader").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.toLowerCase()).toContain(lastName.toLowerCase());
    // The link can be pasted: a fresh load shows the same search.
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search users" })).toHaveValue(lastName);
  });

  test("status chips filter with Okta's filter, and show each status's meaning", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    // Contoso (5,000 people, ~2% locked out): other specs unlock acme's few locked-out users.
    await openUsers(page, "contoso");
    const chip = page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: "Locked out" });
    await expect(chip).toHaveAttribute("aria-pressed", "false");
    await chip.click();
    await page.waitForURL(/status=LOCKED_OUT/);
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await expect(dataRows(page).first()).toBeVisible();
    const statuses = await dataRows(page).locator("td").getByRole("button", { name: "Locked out" }).count();
    expect(statuses).toBe(await dataRows(page).count());
    // The badge explains itself on hover.
    await dataRows(page).first().getByRole("button", { name: "Locked out" }).hover();
    await expect(page.getByRole("tooltip")).toContainText("too many failed sign-ins");
    await page.getByRole("button", { name: "Clear status" }).click();
    await page.waitForURL(`${baseUrl()}/t/contoso/users`);
  });

  test("a malformed advanced expression is refused with the parser's sentence and no Okta call", async ({ page }) => {
    // A technician of this spec's own: other specs call acme at the same time, so the calls that count
    // are the ones made for this staff member (the console names them in the User-Agent).
    const staff = account("spare_technician_2");
    await signIn(page, staff.key, { reuse: true });
    await openUsers(page);
    await page.getByRole("button", { name: "Advanced search" }).click();
    const expression = page.getByRole("textbox", { name: "Okta search expression" });
    await expression.fill('profile.lastName eq "Smith');
    const since = new Date().toISOString();
    const before = page.url();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "never closed" })).toBeVisible();
    expect(page.url()).toBe(before);

    // Pasted into the URL, the server refuses it before building the org's client.
    await page.goto(`${baseUrl()}/t/acme/users?search=${encodeURIComponent("profile.department ne \"Sales\"")}`);
    await expect(page.getByText("This search cannot be sent to Okta")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: 'no "ne"' }).first()).toBeVisible();
    const calls = (await oktaRequests("acme", since))
      .filter((r) => r.userAgent?.includes(`(staff=${staff.email}`) || /department ne|lastName eq "Smith(?!")/.test(readable(r.path)))
      .filter((r) => r.path.includes("/api/v1/users") || r.path.includes("/api/v1/iam") || r.path.includes("/api/v1/groups"));
    expect(calls).toEqual([]);

    // A good one from the builder runs as Okta's search.
    await page.goto(`${baseUrl()}/t/acme/users`);
    await page.getByRole("button", { name: "Advanced search" }).click();
    await page.getByRole("combobox", { name: "Attribute of condition 1" }).selectOption({ label: "Status" });
    await page.getByRole("combobox", { name: "Operator of condition 1" }).selectOption("eq");
    await page.getByRole("combobox", { name: "Value of condition 1" }).selectOption("SUSPENDED");
    await expect(expression).toHaveValue('status eq "SUSPENDED"');
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/search=status/);
    await expect(dataRows(page).first()).toBeVisible();
    expect(await dataRows(page).locator("td").getByRole("button", { name: "Suspended" }).count()).toBe(await dataRows(page).count());
  });

  test("Next then the browser's Back returns to page 1; sorting by a column", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await openUsers(page);
    const firstOnPage1 = await dataRows(page).first().getAttribute("data-row-key");
    await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
    const pager = page.getByRole("navigation", { name: "Users pages" });
    await pager.getByRole("link", { name: "Next" }).click();
    await page.waitForURL(/after=/);
    await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
    expect(await dataRows(page).first().getAttribute("data-row-key")).not.toBe(firstOnPage1);
    await pager.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText(/^Page 3 ·/)).toBeVisible();
    await pager.getByRole("link", { name: "Previous" }).click();
    await expect(page.getByText(/^Page 2 ·/)).toBeVisible();
    await page.goBack();
    await expect(page.getByText(/^Page 3 ·/)).toBeVisible();
    await page.goBack();
    await page.goBack();
    await page.waitForURL(`${baseUrl()}/t/acme/users`);
    await expect(page.getByText(/^Page 1 ·/)).toBeVisible();
    expect(await dataRows(page).first().getAttribute("data-row-key")).toBe(firstOnPage1);

    await page.getByRole("link", { name: /^Department/ }).click();
    await page.waitForURL(/sortBy=profile\.department&sortOrder=asc/);
    await expect(dataRows(page).first()).toBeVisible();
    const departments = (await dataRows(page).locator("td:nth-of-type(5)").allTextContents()).filter((d) => d !== "—");
    expect(departments).toEqual([...departments].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));

    await page.getByRole("combobox", { name: "Rows per page" }).selectOption("50");
    await page.waitForURL(/limit=50/);
    await expect(dataRows(page)).toHaveCount(50);
  });

  test("/ focuses the search box, but not while typing in a field", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await openUsers(page);
    const box = page.getByRole("searchbox", { name: "Search users" });
    await page.getByRole("heading", { level: 1, name: "Users" }).click();
    await expect(box).not.toBeFocused();
    await page.keyboard.press("/");
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("");
    await page.keyboard.type("a/b");
    await expect(box).toHaveValue("a/b");
  });

  test("Help Desk sees Users; Billing does not, and the page is a 404 for them", async ({ page, browser }) => {
    await signIn(page, "helpdesk", { reuse: true });
    await openUsers(page);
    await expect(page.getByRole("link", { name: "Create user" })).toHaveCount(0);

    const billing = await browser.newPage();
    await signIn(billing, "billing", { reuse: true });
    await billing.goto(`${baseUrl()}/t/acme`);
    await expect(billing.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
    const res = await billing.goto(`${baseUrl()}/t/acme/users`);
    expect(res?.status()).toBe(404);
    await billing.close();
  });

  test("a technician has Create user; privileged accounts are marked", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users?q=${encodeURIComponent("MSP")}`);
    await expect(page.getByRole("link", { name: "Create user" })).toHaveAttribute("href", "/t/acme/users/new");
    await expect(dataRows(page).first()).toBeVisible();
    await expect(usersTable(page).getByRole("button", { name: /^(Admin|Service account|Admin · Service)$/ }).first()).toBeVisible();
  });

  // @exclusive (run alone, after the parallel tests): emulator faults hit whoever calls acme next.
  test("when Okta fails: a plain sentence and Try again; an unreadable admin list says unknown", { tag: "@exclusive" }, async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    try {
      await addFault({ org: "acme", pathPattern: "^/api/v1/users\\?", count: 3, status: 503 });
      await page.goto(`${baseUrl()}/t/acme/users?status=ACTIVE`);
      await expect(page.getByText("The users could not be read from Okta.")).toBeVisible();
      await clearFaults();
      await page.getByRole("button", { name: "Try again" }).click();
      await expect(dataRows(page).first()).toBeVisible();

      await addFault({ org: "acme", pathPattern: "/api/v1/iam/assignees/users", count: 3, status: 500 });
      await page.goto(`${baseUrl()}/t/acme/users?status=STAGED`);
      await expect(dataRows(page).first()).toBeVisible();
      await expect(usersTable(page).getByRole("button", { name: "unknown" }).first()).toBeVisible();
    } finally {
      await clearFaults();
    }
  });

  test("on a phone the menu button opens the navigation", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "technician", { reuse: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl()}/t/acme/users`);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    const sheet = page.getByRole("dialog", { name: "Navigation" });
    await expect(sheet).toBeVisible();
    await sheet.getByRole("link", { name: "Overview" }).click();
    await page.waitForURL(`${baseUrl()}/t/acme`);
    await expect(sheet).toBeHidden();
    await context.close();
  });
});
