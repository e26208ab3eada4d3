import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS } from "./tests/e2e/chromium.mjs";

// End-to-end tests: real headless Chromium (never downloaded: see tests/e2e/chromium.mjs) against the
// production build, the Okta emulator and a fresh SQLite database, all started by global-setup.ts.
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
