// Helpers for the end-to-end specs. The suite runs spec FILES in parallel (playwright.config.ts:
// 2 workers) against ONE emulator, ONE console and ONE database; the tests of one file run in order.
//
// Signing in:
// - `signIn(page, key, { reuse: true })`: the fast way, for every test that is not about signing in
//   itself. The first call for an account in a run signs in through the real flow and keeps that
//   session's cookie (for both workers); later calls put the cookie in the page's browser context and
//   open /dashboard, where the real flow ends too (a kept session that stopped working is replaced by
//   a real sign-in). A test that reuses a session must not end it: no sign-out, no disabling the account.
// - `signIn(page, key)`: the real flow every time (console -> the emulator's hosted sign-in page ->
//   callback), with a session of its own. For tests of sign-in, sign-out, session revocation, identity
//   re-checks, sign-in audit or System Log events, and any test that ends or disables its session.
//
// Sharing one emulator and console with the other specs:
// - Create your own users, groups, rules, orgs and staff with unique names (`unique()`); never count
//   what others may add, never change org-wide or console-wide settings that others rely on.
// - A test that changes a staff account (disables it, changes its grants or teams) uses a staff member
//   of its own: add one as an Administrator, or take a spare account reserved to your spec (SPARE_ACCOUNTS).
// - The emulator's request log: read the entries since your test started (`oktaRequests(org, since)`)
//   and filter them to your own targets; never DELETE the log. Fault injection (/__emulator/faults)
//   hits whoever calls next: tag such tests `{ tag: "@exclusive" }` (they run one at a time after the
//   parallel tests, see playwright.config.ts) and clear the faults in a finally.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const baseUrl = () => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the suite through playwright.config.ts (global setup).");
  return url;
};
export const emulatorUrl = () => process.env.E2E_EMULATOR_URL as string;

/** A short suffix for names that must not collide with another spec's. */
export const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 46656).toString(36)}`;

interface DemoAccounts {
  password: string;
  staff: Array<{ email: string; name: string; role: string; key: string }>;
}

export function demoAccounts(): DemoAccounts {
  return JSON.parse(fs.readFileSync(process.env.E2E_DEMO_ACCOUNTS_FILE as string, "utf8")) as DemoAccounts;
}

/**
 * Staff of the MSP org (emulator/seeds/msp.ts, the demo password) besides the demo accounts, each
 * reserved to ONE spec that needs an account no other spec signs in with at the same time.
 */
export const SPARE_ACCOUNTS = [
  // auth.spec.ts: disabled in the console database, then enabled again.
  { key: "spare_technician_1", email: "morgan.ellis@msp.example", name: "Morgan Ellis", role: "Technician, all orgs (team Technicians)" },
  // users-list.spec.ts: the Okta calls made for it are picked out of the request log by its User-Agent.
  { key: "spare_technician_2", email: "jordan.reyes@msp.example", name: "Jordan Reyes", role: "Technician, all orgs (team Technicians)" },
  // users-detail.spec.ts: its refused (audited) calls are counted; the console audits only so many denials a minute per staff member.
  { key: "spare_helpdesk_1", email: "casey.patel@msp.example", name: "Casey Patel", role: 'Help Desk in orgs tagged "service-desk" (team Service Desk)' },
  // elevation.spec.ts: holds Technician in Acme for a while (an approved elevation), which other specs' Help Desk must not.
  { key: "spare_helpdesk_2", email: "quinn.harper@msp.example", name: "Quinn Harper", role: 'Help Desk in orgs tagged "service-desk" (team Service Desk)' },
] as const;

export function account(key: string) {
  const found = demoAccounts().staff.find((s) => s.key === key) ?? SPARE_ACCOUNTS.find((s) => s.key === key);
  if (!found) throw new Error(`No demo account ${key}`);
  return found;
}

/** next-auth's session cookie (plain or __Secure-, possibly chunked). */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;
type Cookies = Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>>;

/** Where an account's kept session cookie lives for this run (global-setup's state directory). */
function sessionFile(key: string): string {
  const dir = process.env.E2E_STATE_DIR;
  if (!dir) throw new Error("E2E_STATE_DIR is not set: run the suite through playwright.config.ts (global setup).");
  return path.join(dir, `session-${key}.json`);
}

function keptSession(key: string): Cookies | null {
  try {
    return JSON.parse(fs.readFileSync(sessionFile(key), "utf8")) as Cookies;
  } catch {
    return null;
  }
}

function keepSession(key: string, cookies: Cookies): void {
  const file = sessionFile(key);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cookies));
  fs.renameSync(tmp, file); // the other worker reads the old file or the new one, never half of one
}

/** The real redirect flow: console -> emulator's hosted sign-in page -> callback -> /dashboard. */
async function signInThroughOkta(page: Page, key: string) {
  const { email } = account(key);
  await page.goto(`${baseUrl()}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Okta" }).click();
  await page.getByLabel("Username").fill(email);
  await page.getByLabel("Password").fill(demoAccounts().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl()}/dashboard`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await dashboardSettled(page);
}

/**
 * The dashboard reads every org's numbers from Okta after it renders (GET /api/dashboard, cached a
 * minute): wait until every card has answered, so those reads neither land in a test's request-log
 * window nor take the faults it injects next.
 */
async function dashboardSettled(page: Page) {
  await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
}

/**
 * Signs `page` in as the account `key` (a demo account or a spare) and leaves it on /dashboard.
 * By default through the real flow, with a session of its own; `{ reuse: true }` reuses the account's
 * session of this run (see the top of this file).
 */
export async function signIn(page: Page, key: string, options: { reuse?: boolean } = {}) {
  if (!options.reuse) return signInThroughOkta(page, key);
  const kept = keptSession(key);
  if (kept) {
    await page.context().addCookies(kept);
    await page.goto(`${baseUrl()}/dashboard`);
    if (new URL(page.url()).pathname === "/dashboard") {
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await dashboardSettled(page);
      return;
    }
    // The kept session no longer works (ended or expired): a real sign-in replaces it.
  }
  await signInThroughOkta(page, key);
  const cookies = (await page.context().cookies(new URL(baseUrl()).origin)).filter((c) => SESSION_COOKIE.test(c.name));
  expect(cookies.length, "the console set its session cookie").toBeGreaterThan(0);
  keepSession(key, cookies);
}

/**
 * Resolves once the page has rendered two more frames: what a key or click event changed synchronously
 * is on screen by then (to assert that something did NOT happen without sleeping).
 */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

export interface OktaRequest {
  method: string;
  path: string;
  status: number;
  at: string;
  userAgent?: string;
}

/**
 * The requests the emulator's org `org` answered since `since` (an ISO time taken before acting:
 * `new Date().toISOString()`). Other specs call the same orgs meanwhile: filter what you assert on
 * (your targets' ids in `path`, or your own staff member in `userAgent`).
 */
export async function oktaRequests(org: string, since: string): Promise<OktaRequest[]> {
  const body = (await (await fetch(`${emulatorUrl()}/__emulator/requests?org=${org}`)).json()) as { requests: OktaRequest[] };
  return body.requests.filter((r) => r.at >= since);
}
