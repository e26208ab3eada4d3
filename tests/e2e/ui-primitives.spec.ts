import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { account, baseUrl, nextFrame, signIn, unique } from "./helpers";

// The UI primitives (components/ui) on real pages: the confirmation dialog (Radix AlertDialog), the
// org palette (cmdk), the account menu (Radix DropdownMenu), toasts (sonner), DataTable and focus
// after a row disappears. Set UI_SHOTS_DIR to also save screenshots (1440x900 and 390x844).

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

async function shot(page: Page, name: string) {
  const dir = process.env.UI_SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await nextFrame(page);
    await page.screenshot({ path: path.join(dir, `${name}-${size.width}x${size.height}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

/** Holds every server-action POST on this page for `ms` (server actions carry a Next-Action header). */
async function slowServerActions(page: Page, ms: number) {
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    await route.fallback();
  });
}

const activeInside = (dialog: Locator) => dialog.evaluate((el) => el.contains(document.activeElement));

test.describe("UI primitives", () => {
  test("the palette opens with Ctrl/Cmd+K outside text fields only, IME-safe, without cmdk's vim keys", async ({ page }) => {
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/settings/orgs`);
    const palette = page.getByRole("dialog", { name: "Go to org" });
    // Counted before any modal opens (a modal hides the page from the accessibility tree).
    const orgRows = await page.getByRole("table", { name: /Customer orgs/ }).locator("tbody tr").count();
    expect(orgRows).toBeGreaterThanOrEqual(5);

    // The palette's code loads on intent (components/org-picker): open and close it once first, so the
    // two refusals below would show it at once if the shortcut wrongly fired.
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(palette).toHaveCount(0);

    // In a text field, Ctrl+K belongs to the field.
    const search = page.getByRole("searchbox", { name: "Search" });
    await search.focus();
    await page.keyboard.press("Control+k");
    await nextFrame(page); // the shortcut opens the palette within the key event's own render
    await expect(palette).toHaveCount(0);
    await expect(search).toBeFocused();

    // A keystroke of an IME composition is not the shortcut, even outside a text field.
    await search.blur();
    await page.evaluate(() =>
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "k", ctrlKey: true, isComposing: true, bubbles: true, cancelable: true })),
    );
    await nextFrame(page);
    await expect(palette).toHaveCount(0);

    // Outside text fields: Ctrl+K opens it, focus in its input, best match active.
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible();
    const input = palette.getByRole("combobox", { name: "Go to org" });
    await expect(input).toBeFocused();
    await expect(palette).toHaveAccessibleDescription(/Type a name, slug or tag/);
    // Every active org of the orgs table is an option.
    await expect(palette.getByRole("option")).toHaveCount(orgRows);
    await shot(page, "palette-open");

    // Our ranking decides the order (cmdk's own filter is off): "glo" puts Globex first, selected.
    await input.fill("glo");
    await expect(palette.getByRole("option")).toHaveCount(1);
    await expect(palette.getByRole("option", { name: /Globex/ })).toHaveAttribute("aria-selected", "true");
    // cmdk's vim bindings are off: Ctrl+J / Ctrl+K do not move the selection or close anything.
    await input.fill("");
    const first = palette.getByRole("option").first();
    await expect(first).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Control+j");
    await page.keyboard.press("Control+k");
    await expect(first).toHaveAttribute("aria-selected", "true");
    await expect(palette).toBeVisible();

    // Escape closes it. Opened from the picker button, focus returns to that button.
    await page.keyboard.press("Escape");
    await expect(palette).toHaveCount(0);
    const picker = page.getByRole("button", { name: "Go to org" });
    await picker.click();
    await expect(input).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(palette).toHaveCount(0);
    await expect(picker).toBeFocused();

    // Meta+K (Cmd on a Mac) opens it too; Enter opens the active org.
    await picker.blur();
    await page.keyboard.press("Meta+k");
    await expect(palette).toBeVisible();
    await input.fill("glo");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl()}/t/globex`);
    await expect(palette).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Go to org (current: Globex)" })).toBeVisible();
  });

  test("the account menu is a menu button: keyboard opens it, Escape returns focus", async ({ page }) => {
    const admin = account("admin");
    await signIn(page, "admin", { reuse: true });
    const trigger = page.getByRole("button", { name: `Account menu for ${admin.name}` });
    await expect(trigger).toHaveAttribute("aria-haspopup", "menu");
    await trigger.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await expect(trigger).toHaveAttribute("aria-expanded", "true");
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await shot(page, "staff-menu-open");
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(trigger).toBeFocused();
  });

  test("the confirmation dialog is an alertdialog that traps focus, announces its description, locks scroll and stays open while pending", async ({ page }) => {
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/settings/orgs`);
    await expect(page.getByRole("table", { name: /Customer orgs/ })).toBeVisible();
    await shot(page, "datatable-orgs");
    // An org of this test's own to archive (other specs use the demo orgs meanwhile); adding one makes
    // no Okta call, and archived it stays out of everyone's pickers.
    const id = unique();
    const name = `Dialog Check ${id}`;
    await page.getByRole("link", { name: "Add org" }).first().click();
    await page.getByLabel("Display name").fill(name);
    await page.getByLabel("Okta org URL").fill(`https://dialog-check-${id}.okta.com`);
    await page.getByLabel("API token", { exact: true }).fill(`00dialog-check-${id}-not-a-token`);
    await page.getByRole("button", { name: "Add org" }).click();
    await page.waitForURL(/\/settings\/orgs\/[^/?]+\?created=1$/);

    const archive = page.getByRole("button", { name: "Archive org" });
    await archive.click();
    const dialog = page.getByRole("alertdialog", { name: `Archive ${name}?` });
    await expect(dialog).toBeVisible();

    // The description is wired with aria-describedby and is the dialog's accessible description.
    const describedBy = await dialog.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy}"]`)).toContainText("The org disappears from pickers");
    await expect(dialog).toHaveAccessibleDescription(/The org disappears from pickers/);

    // Focus starts on the safe choice and Tab / Shift+Tab cycle inside the dialog.
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      expect(await activeInside(dialog)).toBe(true);
    }
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Shift+Tab");
      expect(await activeInside(dialog)).toBe(true);
    }

    // The page behind cannot scroll.
    const bodyLock = await page.evaluate(() => ({
      overflow: getComputedStyle(document.body).overflow,
      locked: document.body.hasAttribute("data-scroll-locked"),
    }));
    expect(bodyLock).toEqual({ overflow: "hidden", locked: true });
    await shot(page, "confirm-dialog");

    // Escape closes it while nothing runs, and focus returns to the button that opened it.
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(archive).toBeFocused();
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).not.toBe("hidden");

    // While the action runs (its request held for 3 s) neither Escape, an outside click nor Cancel closes it.
    await slowServerActions(page, 3000);
    await archive.click();
    await dialog.getByLabel("Ticket ID (optional)").fill("CHG-UI-1");
    await dialog.getByRole("button", { name: "Archive", exact: true }).click();
    await expect(dialog.getByRole("button", { name: "Working…" })).toBeVisible();
    // The disabled buttons do not drop focus to <body>: it stays in the dialog.
    expect(await activeInside(dialog)).toBe(true);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeDisabled();
    // A click on the overlay blurs (nothing there takes focus); the next Tab is caught by the trap.
    await page.keyboard.press("Tab");
    expect(await activeInside(dialog)).toBe(true);
    await shot(page, "confirm-dialog-pending");

    // Done: the dialog closes, then a toast confirms.
    await expect(dialog).toHaveCount(0, { timeout: 15_000 });
    const toast = page.getByRole("region", { name: /Notifications/ }).getByText(`${name} archived.`);
    await expect(toast).toBeVisible();
    await expect(page.getByText("This org is archived")).toBeVisible();
    await shot(page, "toast");
    await page.unrouteAll({ behavior: "wait" });
  });

  test("after removing a grant, focus moves to the next row's Remove button, then to the heading", async ({ page }) => {
    // A staff member of this test's own (other specs rely on the demo accounts' access meanwhile),
    // added before their first sign-in.
    const id = unique();
    const member = { name: `Grant Check ${id}`, email: `grant.check.${id}@msp.example` };
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/settings/staff`);
    await expect(page.getByRole("table", { name: /Staff members/ })).toBeVisible();
    await shot(page, "datatable-staff");
    await page.getByRole("button", { name: "Add staff member" }).click();
    const addStaff = page.getByRole("dialog", { name: "Add staff member" });
    await addStaff.getByLabel("Email").fill(member.email);
    await addStaff.getByLabel("Name (optional)").fill(member.name);
    await addStaff.getByRole("button", { name: "Add staff member" }).click();
    await page.waitForURL(/\/settings\/staff\/[^/]+$/);

    // Two direct grants through the (Radix) Dialog form; each ends with a toast.
    for (const [role, org] of [
      ["Technician", "Acme Corporation (acme)"],
      ["Help Desk", "Initech (initech)"],
    ] as const) {
      await page.getByRole("button", { name: "Add grant" }).click();
      const add = page.getByRole("dialog", { name: "Add a direct grant" });
      await expect(add).toHaveAccessibleDescription("Give this staff member a role in one org, or in all orgs.");
      await add.getByLabel("Role").selectOption({ label: role });
      await add.getByLabel("Org").selectOption({ label: org });
      if (role === "Technician") await shot(page, "dialog-add-grant");
      await add.getByRole("button", { name: "Add grant" }).click();
      await expect(add).toHaveCount(0);
      await expect(page.getByRole("region", { name: /Notifications/ }).getByText("Grant added.").first()).toBeVisible();
    }
    const removeAcme = page.getByRole("button", { name: `Remove grant: Technician in Acme Corporation for ${member.name}` });
    const removeInitech = page.getByRole("button", { name: `Remove grant: Help Desk in Initech for ${member.name}` });
    await expect(removeAcme).toBeVisible();
    await expect(removeInitech).toBeVisible();

    // Remove the first: its row goes, focus lands on the next row's Remove button (not <body>).
    await removeAcme.click();
    await page.getByRole("alertdialog", { name: "Remove this grant?" }).getByRole("button", { name: "Remove grant" }).click();
    await expect(removeAcme).toHaveCount(0);
    await expect(removeInitech).toBeFocused();

    // Remove the last removable one: focus goes to the Access heading.
    await page.keyboard.press("Enter");
    await page.getByRole("alertdialog", { name: "Remove this grant?" }).getByRole("button", { name: "Remove grant" }).click();
    await expect(removeInitech).toHaveCount(0);
    await expect(page.locator("#grants-heading")).toBeFocused();
    await expect(page.getByRole("region", { name: /Notifications/ }).getByText("Grant removed.").first()).toBeVisible();
  });

  test("field errors are announced and the audit log renders in the DataTable with expandable rows", async ({ page }) => {
    await signIn(page, "admin", { reuse: true });
    await page.goto(`${baseUrl()}/audit`);
    const table = page.getByRole("table", { name: /Audit log entries/ });
    await expect(table).toBeVisible();
    const toggle = table.getByRole("button", { name: /^Show details of entry/ }).first();
    const controls = await toggle.getAttribute("aria-controls");
    await toggle.click();
    await expect(table.getByRole("button", { name: /^Hide details of entry/ }).first()).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(`[id="${controls}"]`)).toContainText("Input (secrets removed)");
    await shot(page, "datatable-audit");

    // A field error from the server (the browser accepts "someone@localhost", the schema does not)
    // appears as role="alert", so it is announced, and the field points at it.
    await page.goto(`${baseUrl()}/settings/staff`);
    await page.getByRole("button", { name: "Add staff member" }).click();
    const add = page.getByRole("dialog", { name: "Add staff member" });
    await add.getByLabel("Email").fill("someone@localhost");
    await add.getByRole("button", { name: "Add staff member" }).click();
    const error = add.getByRole("alert").filter({ hasText: "Enter a valid email address" });
    await expect(error).toBeVisible();
    await expect(add.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(add.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address");
    await shot(page, "dialog-field-error");
  });

  test("the sign-in page and the shell show the logo; brand files are served with long-lived caching", async ({ page, request }) => {
    await page.goto(`${baseUrl()}/sign-in`);
    const logo = page.locator('img[src^="/logo.svg"]').first();
    await expect(logo).toBeVisible();
    expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(page, "sign-in");
    for (const file of ["/logo.svg", "/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/icon-192.png", "/icon-512.png", "/site.webmanifest"]) {
      const res = await request.get(`${baseUrl()}${file}?v=1`);
      expect(res.status(), file).toBe(200);
      expect(res.headers()["cache-control"], file).toBe("public, max-age=31536000, immutable");
    }
    const manifest = (await (await request.get(`${baseUrl()}/site.webmanifest`)).json()) as { icons: Array<{ src: string }> };
    for (const icon of manifest.icons) expect((await request.get(`${baseUrl()}${icon.src}`)).status(), icon.src).toBe(200);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /^\/site\.webmanifest/);
    await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /^\/apple-touch-icon\.png/);

    await signIn(page, "admin", { reuse: true });
    await expect(page.locator('header img[src^="/logo.svg"]')).toBeVisible();
    await shot(page, "shell");
  });

  test("a page prefetches no row links; a navigation link prefetches on hover", async ({ page }) => {
    // Every console page is dynamic: a prefetch is a server render of the console layout. Rows and the
    // side navigation must not fire them by just being on screen (components/ui/README.md).
    const prefetched: string[] = [];
    page.on("request", (r) => {
      if (r.headers()["next-router-prefetch"]) prefetched.push(new URL(r.url()).pathname);
    });
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme/users`);
    const rows = page.getByRole("table").getByRole("link");
    await expect(rows.first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(prefetched.filter((p) => /^\/t\/acme\/users\/00u/.test(p)), "user rows prefetched").toEqual([]);
    expect(prefetched.filter((p) => p === "/t/acme/jobs"), "navigation prefetched without intent").toEqual([]);

    const jobs = page.waitForRequest((r) => Boolean(r.headers()["next-router-prefetch"]) && new URL(r.url()).pathname === "/t/acme/jobs");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).hover();
    await jobs;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Jobs/ })).toBeVisible();
  });
});
