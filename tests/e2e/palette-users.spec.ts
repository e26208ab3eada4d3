import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, emulatorUrl, nextFrame, signIn } from "./helpers";

// The org palette (Ctrl/Cmd+K) inside an org also finds that org's people: 2+ characters run the users
// lookup (debounced, stale requests aborted), the people follow the orgs, Enter opens the user.
// Set UI_SHOTS_DIR to also save screenshots (1440x900 and 390x844).

interface WireUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string; lastName: string; displayName?: string };
}

/** A few ACTIVE people of the emulator's acme org, read with the org's API token. */
async function acmePeople(): Promise<WireUser[]> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as Array<{ slug: string; orgUrl: string; apiToken: string }>;
  const acme = orgs.find((o) => o.slug === "acme")!;
  const res = await fetch(`${acme.orgUrl}/api/v1/users?search=${encodeURIComponent('status eq "ACTIVE"')}&limit=60`, { headers: { Authorization: `SSWS ${acme.apiToken}` } });
  return ((await res.json()) as WireUser[]).filter((u) => !u.profile.login.startsWith("msp-"));
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
    await page.screenshot({ path: path.join(dir, `${name}-${size.width}x${size.height}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

test.describe("org palette: people of the current org", () => {
  test("a technician finds a person by last name from Ctrl+K and opens them with the keyboard", async ({ page }) => {
    const people = await acmePeople();
    // A last name whose first three letters no org name starts with, so the people are the only matches.
    const person = people.find((u) => !/^(acm|ini|umb|con|glo)/i.test(u.profile.lastName))!;
    const prefix = person.profile.lastName.slice(0, 3);
    await signIn(page, "technician", { reuse: true });
    // The page's timers run on a clock the test can fast-forward (the lookup's debounce), time still flows.
    await page.clock.install();
    await page.goto(`${baseUrl()}/t/acme`);
    const lookups: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/users/lookup")) lookups.push(new URL(r.url()).searchParams.get("q") ?? "");
    });

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Go to org" });
    await expect(palette).toBeVisible();
    await expect(palette).toHaveAccessibleDescription(/two letters of a person in Acme Corporation/);
    const input = palette.getByRole("combobox", { name: "Go to org" });

    // One character: orgs only, no lookup.
    await input.pressSequentially(prefix.slice(0, 1));
    await page.clock.runFor(1_000); // every timer due within a second (the debounce is 200 ms) fires now
    expect(lookups).toEqual([]);
    await expect(palette.getByRole("group", { name: "Users in Acme Corporation" })).toHaveCount(0);

    // Typed quickly, the debounce sends one lookup for the final text.
    await input.pressSequentially(prefix.slice(1), { delay: 30 });
    const users = palette.getByRole("group", { name: "Users in Acme Corporation" });
    await expect(users).toBeVisible();
    const option = users.getByRole("option", { name: new RegExp(person.profile.displayName ?? `${person.profile.firstName} ${person.profile.lastName}`) }).first();
    await expect(option).toBeVisible();
    expect(lookups).toEqual([prefix]);
    // No org matches: the first person is active, every option is a person of this org.
    await expect(users.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await shot(page, "palette-users");

    // Keyboard: move to the person and open them.
    const names = await users.getByRole("option").allInnerTexts();
    const index = names.findIndex((n) => n.includes(person.profile.login));
    for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
    await expect(users.getByRole("option").nth(index)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl()}/t/acme/users/${person.id}`);
    await expect(palette).toHaveCount(0);
  });

  test("org matches keep their ranking above the people; a person nobody matches says so", async ({ page }) => {
    await signIn(page, "technician", { reuse: true });
    await page.goto(`${baseUrl()}/t/acme`);
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Go to org" });
    const input = palette.getByRole("combobox", { name: "Go to org" });
    await input.fill("glo");
    await expect(palette.getByRole("group", { name: "Users in Acme Corporation" })).toBeVisible();
    // Globex stays first and active: Enter still opens the org.
    await expect(palette.getByRole("option").first()).toHaveAccessibleName(/Globex/);
    await expect(palette.getByRole("option", { name: /Globex/ })).toHaveAttribute("aria-selected", "true");

    await input.fill("zzqx");
    await expect(palette.getByRole("status").filter({ hasText: "No person in Acme Corporation starts with “zzqx”." })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(palette).toHaveCount(0);
  });

  test("staff without users.read in the org (Billing) get orgs only", async ({ page }) => {
    await signIn(page, "billing", { reuse: true });
    await page.clock.install();
    await page.goto(`${baseUrl()}/t/acme`);
    let lookups = 0;
    page.on("request", (r) => {
      if (r.url().includes("/users/lookup")) lookups++;
    });
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Go to org" });
    await palette.getByRole("combobox", { name: "Go to org" }).fill("smi");
    await page.clock.runFor(1_000); // a debounced lookup would have been sent by now
    expect(lookups).toBe(0);
    await expect(palette.getByRole("group", { name: /Users in/ })).toHaveCount(0);
  });
});
