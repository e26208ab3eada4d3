import fs from "node:fs";
import { expect, type Page } from "@playwright/test";

export const baseUrl = () => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the suite through playwright.config.ts (global setup).");
  return url;
};
export const emulatorUrl = () => process.env.E2E_EMULATOR_URL as string;

interface DemoAccounts {
  password: string;
  staff: Array<{ email: string; name: string; role: string; key: string }>;
}

export function demoAccounts(): DemoAccounts {
  return JSON.parse(fs.readFileSync(process.env.E2E_DEMO_ACCOUNTS_FILE as string, "utf8")) as DemoAccounts;
}

export function account(key: string) {
  const found = demoAccounts().staff.find((s) => s.key === key);
  if (!found) throw new Error(`No demo account ${key}`);
  return found;
}

/** Signs in through the real redirect flow: console -> emulator's hosted sign-in page -> callback. */
export async function signIn(page: Page, key: string) {
  const { email } = account(key);
  await page.goto(`${baseUrl()}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Okta" }).click();
  await page.getByLabel("Username").fill(email);
  await page.getByLabel("Password").fill(demoAccounts().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl()}/dashboard`);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}
