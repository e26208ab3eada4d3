// Caller verification in real Chromium (issue 12): a Help Desk member in an org whose rule is
// "required" cannot reset a user's MFA until the caller approves an Okta Verify push; the test plays
// the user's phone through the emulator's control endpoint (first rejecting a push, then approving one
// with the number the console shows), then the reset goes through and the audit row names the push.
// The org's rule is set in the console database for the run and restored afterwards (Umbrella Health:
// no other spec acts on its users).
import fs from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, emulatorUrl, signIn } from "./helpers";

const ORG = "umbrella";
const SHOTS = "/tmp/shots-callerverify";

interface EmulatorOrg {
  slug: string;
  orgUrl: string;
  apiToken: string | null;
}

async function okta<T>(apiPath: string): Promise<T> {
  const orgs = (await (await fetch(`${emulatorUrl()}/__emulator/orgs`)).json()) as EmulatorOrg[];
  const org = orgs.find((o) => o.slug === ORG)!;
  const res = await fetch(`${org.orgUrl}${apiPath}`, { headers: { Authorization: `SSWS ${org.apiToken}`, Accept: "application/json" } });
  if (!res.ok) throw new Error(`${apiPath}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database((process.env.E2E_DATABASE_URL as string).slice("file:".length));
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

const CHALLENGEABLE = ["push", "sms", "call", "email"];

/** A plain person of the org (no admin role, not a service account) with an active Okta Verify push factor. */
async function personWithPush(): Promise<{ id: string; name: string; login: string }> {
  return plainPerson((factors) => factors.some((f) => f.factorType === "push" && f.status === "ACTIVE"), "reverse");
}

/** A plain person whose factors cannot be challenged (none, or pending / other kinds only). */
async function personWithoutUsableFactor(): Promise<{ id: string; name: string; login: string }> {
  return plainPerson((factors) => !factors.some((f) => CHALLENGEABLE.includes(f.factorType) && f.status === "ACTIVE"), "forward");
}

async function plainPerson(fits: (factors: Array<{ factorType: string; status: string }>) => boolean, order: "forward" | "reverse"): Promise<{ id: string; name: string; login: string }> {
  const users = await okta<Array<{ id: string; profile: { login: string; firstName: string; lastName: string; userType?: string } }>>(`/api/v1/users?filter=${encodeURIComponent('status eq "ACTIVE"')}&limit=200`);
  // The two tests take people from opposite ends of the list, away from the first page other specs read.
  for (const u of order === "reverse" ? users.reverse() : users.slice(50)) {
    if (/service|svc|msp-|integration/i.test(`${u.profile.login} ${u.profile.userType ?? ""}`)) continue;
    const factors = await okta<Array<{ factorType: string; status: string }>>(`/api/v1/users/${u.id}/factors`);
    if (!fits(factors)) continue;
    const [roles, groups] = await Promise.all([okta<unknown[]>(`/api/v1/users/${u.id}/roles`), okta<Array<{ profile: { name: string } }>>(`/api/v1/users/${u.id}/groups`)]);
    if (roles.length || groups.some((g) => /service|admin/i.test(g.profile.name))) continue;
    return { id: u.id, name: `${u.profile.firstName} ${u.profile.lastName}`, login: u.profile.login };
  }
  throw new Error("no fitting plain person in umbrella");
}

/** The emulator's phone: the waiting push of this user. */
async function waitingPush(userId: string): Promise<{ transactionId: string }> {
  for (let i = 0; i < 50; i++) {
    const pushes = (await (await fetch(`${emulatorUrl()}/__emulator/orgs/${ORG}/pushes`)).json()) as Array<{ transactionId: string; userId: string }>;
    const found = pushes.find((p) => p.userId === userId);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no waiting push");
}

const answer = (txId: string, action: "approve" | "reject", number?: number) =>
  fetch(`${emulatorUrl()}/__emulator/orgs/${ORG}/pushes/${encodeURIComponent(txId)}/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(number === undefined ? {} : { number }),
  });

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

let previousRule = "off";

test.beforeAll(() => {
  withDb((db) => {
    previousRule = (db.prepare(`SELECT callerVerification FROM "Tenant" WHERE slug = ?`).get(ORG) as { callerVerification: string }).callerVerification;
    db.prepare(`UPDATE "Tenant" SET callerVerification = 'required' WHERE slug = ?`).run(ORG);
  });
});
test.afterAll(() => {
  withDb((db) => db.prepare(`UPDATE "Tenant" SET callerVerification = ? WHERE slug = ?`).run(previousRule, ORG));
});

test("Help Desk cannot reset MFA in an org that requires caller verification until the caller approves a push, then can", async ({ page }) => {
  test.setTimeout(90_000);
  const person = await personWithPush();
  const ticket = `INC-CV-${Date.now().toString().slice(-6)}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "helpdesk", { reuse: true });
  await page.goto(`${baseUrl()}/t/${ORG}/users/${person.id}`);
  await expect(page.getByText("Caller verification required before unlock or reset")).toBeVisible();

  // Without a verification the reset's confirm button is disabled, with the reason.
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Reset all MFA factors" }).click();
  let reset = page.getByRole("alertdialog", { name: /^Reset all MFA factors:/ });
  await expect(reset.getByText(/requires caller verification first/)).toBeVisible();
  await expect(reset.getByRole("button", { name: "Reset all MFA factors" })).toBeDisabled();
  await shot(page, "0-reset-blocked");
  await reset.getByRole("button", { name: "Cancel" }).click();
  await expect(reset).toBeHidden();

  // Verify caller: a push the caller rejects.
  await page.getByRole("button", { name: "Verify caller" }).click();
  const dialog = page.getByRole("dialog", { name: /^Verify caller:/ });
  await expect(dialog.getByRole("radio", { name: /Okta Verify push/ })).toBeChecked();
  await dialog.getByLabel("Ticket ID").fill(ticket);
  await dialog.getByRole("button", { name: "Send challenge" }).click();
  const numberShown = dialog.getByLabel(/^Number to read to the caller/);
  await expect(numberShown).toBeVisible();
  await expect(dialog.getByText(/Waiting for the caller to answer/)).toBeVisible();
  await shot(page, "1-push-waiting-number");
  await answer((await waitingPush(person.id)).transactionId, "reject");
  await expect(dialog.getByText("The caller rejected the push")).toBeVisible();
  await shot(page, "2-push-rejected");

  // Try again: the caller approves with the number the technician reads out.
  await dialog.getByRole("button", { name: "Try again" }).click();
  await dialog.getByRole("button", { name: "Send challenge" }).click();
  await expect(numberShown).toBeVisible();
  const number = Number(await numberShown.textContent());
  expect(Number.isInteger(number)).toBe(true);
  const res = await answer((await waitingPush(person.id)).transactionId, "approve", number);
  expect(res.status).toBe(200);
  await expect(dialog.getByText("Caller verified", { exact: true })).toBeVisible();
  await expect(dialog.getByText(/By push at \d\d:\d\d UTC, valid until \d\d:\d\d UTC/)).toBeVisible();
  await shot(page, "3-push-success");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Caller verified by push at \d\d:\d\d UTC \(valid until/)).toBeVisible();

  // Now the reset goes through, and its audit row names the push.
  await actions.getByRole("button", { name: "Reset all MFA factors" }).click();
  reset = page.getByRole("alertdialog", { name: /^Reset all MFA factors:/ });
  await expect(reset.getByText(/Caller verified by push at/)).toBeVisible();
  await reset.getByLabel("Ticket ID").fill(ticket);
  await reset.getByRole("button", { name: "Reset all MFA factors" }).click();
  await expect(reset).toBeHidden();
  await expect(page.getByText(/MFA factors reset\./)).toBeVisible();
  expect(await okta<unknown[]>(`/api/v1/users/${person.id}/factors`)).toEqual([]);
  // The org's verifications page lists the rejected and the approved push.
  await page.goto(`${baseUrl()}/t/${ORG}/verifications`);
  await expect(page.getByRole("heading", { level: 1, name: "Caller verifications" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent verifications" }).getByText("Rejected by caller").first()).toBeVisible();
  await shot(page, "4-verifications-page");
  const row = withDb((db) => db.prepare(`SELECT input, outcome FROM "AuditEvent" WHERE action = 'user.reset_factors' AND targetId = ? AND outcome = 'success' ORDER BY seq DESC LIMIT 1`).get(person.id) as { input: string; outcome: string });
  expect(JSON.parse(row.input).callerVerified).toMatch(/^push at \d\d:\d\d UTC$/);
});

test("break glass: Help Desk asks for a caller with no usable factor, a Technician approves in another browser, then the reset goes through", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const person = await personWithoutUsableFactor();
  const ticket = `INC-BG-${Date.now().toString().slice(-6)}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "helpdesk", { reuse: true });
  await page.goto(`${baseUrl()}/t/${ORG}/users/${person.id}`);
  await page.getByRole("button", { name: "Verify caller" }).click();
  const dialog = page.getByRole("dialog", { name: /^Verify caller:/ });
  await expect(dialog.getByText("No factor the console can challenge")).toBeVisible();
  await dialog.getByRole("button", { name: "Ask for break glass" }).click();
  await dialog.getByLabel("Why the caller cannot be verified").fill("Lost their phone; their manager confirmed the request by phone.");
  await dialog.getByLabel("Ticket ID").fill(ticket);
  await dialog.getByRole("button", { name: "Ask for approval" }).click();
  await expect(dialog.getByText("Waiting for an approver")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Close" })).toBeEnabled();
  await shot(page, "5-break-glass-requested");
  await dialog.getByRole("button", { name: "Close" }).click();

  // A Technician, in another browser context: the badge in the navigation, the request, Approve.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const tech = await context.newPage();
    await signIn(tech, "technician", { reuse: true });
    await tech.goto(`${baseUrl()}/t/${ORG}/verifications`);
    await expect(tech.getByRole("link", { name: /^Verifications \d+ break-glass requests waiting$/ })).toBeVisible();
    const approve = tech.getByRole("button", { name: `Approve break glass for ${person.login}` });
    await expect(approve).toBeVisible();
    await shot(tech, "6-verifications-pending");
    await approve.click();
    const confirm = tech.getByRole("alertdialog", { name: /^Approve break glass for/ });
    await confirm.getByLabel("Ticket ID").fill(ticket);
    await confirm.getByRole("button", { name: "Approve" }).click();
    await expect(confirm).toBeHidden();
    await expect(tech.getByText("Break glass approved.")).toBeVisible();
    await expect(approve).toBeHidden();
  } finally {
    await context.close();
  }

  // The requester may now reset the password (15 minutes), audited as break glass.
  await page.reload();
  await expect(page.getByText(/^Caller verified by break glass \(approved\) at \d\d:\d\d UTC/)).toBeVisible();
  await page.getByRole("region", { name: "Actions" }).getByRole("button", { name: "Reset password" }).click();
  const reset = page.getByRole("alertdialog", { name: /^Reset password:/ });
  await reset.getByLabel("Ticket ID").fill(ticket);
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(reset).toBeHidden();
  await expect(page.getByText(/Password reset started\./)).toBeVisible();
  const row = withDb((db) => db.prepare(`SELECT input FROM "AuditEvent" WHERE action = 'user.reset_password' AND targetId = ? AND outcome = 'success' ORDER BY seq DESC LIMIT 1`).get(person.id) as { input: string });
  expect(JSON.parse(row.input).callerVerified).toMatch(/^break glass \(approved\) at \d\d:\d\d UTC$/);
});

test("a one-time code: sent, a wrong code read back is refused with a plain sentence, the right one verifies", async ({ page }) => {
  test.setTimeout(60_000);
  const person = await plainPerson((factors) => factors.some((f) => (f.factorType === "sms" || f.factorType === "email") && f.status === "ACTIVE") && !factors.some((f) => f.factorType === "push"), "forward");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "helpdesk", { reuse: true });
  await page.goto(`${baseUrl()}/t/${ORG}/users/${person.id}`);
  await page.getByRole("button", { name: "Verify caller" }).click();
  const dialog = page.getByRole("dialog", { name: /^Verify caller:/ });
  await expect(dialog.getByRole("radio", { name: /^(SMS|Email) to / }).first()).toBeChecked();
  await dialog.getByLabel("Ticket ID").fill(`INC-OTP-${Date.now().toString().slice(-6)}`);
  await dialog.getByRole("button", { name: "Send challenge" }).click();
  await expect(dialog.getByText(/^Code sent by (SMS|email)$/)).toBeVisible();
  const { code } = (await (await fetch(`${emulatorUrl()}/__emulator/orgs/${ORG}/otp?user=${person.id}`)).json()) as { code: string };
  const input = dialog.getByLabel("Code the caller reads to you");
  await input.fill(code === "000000" ? "111111" : "000000");
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByText("That code is not right.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Verify code" })).toBeEnabled();
  await shot(page, "7-code-wrong");
  await input.fill(code);
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByText(/^By (SMS|email) code at \d\d:\d\d UTC, valid until/)).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(/^Caller verified by (SMS|email) code at \d\d:\d\d UTC/)).toBeVisible();
});
