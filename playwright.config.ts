import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, debianChromium } from "./tests/e2e/chromium.mjs";

// End-to-end tests: real headless Chromium (never downloaded: see tests/e2e/chromium.mjs) against the
// production build, the Okta emulator and a fresh SQLite database, all started by global-setup.ts.
// Spec files run in parallel (2 workers share the one console, emulator and database: see the rules at
// the top of tests/e2e/helpers.ts); the tests of one file run in order, in one worker. Tests tagged
// @exclusive (emulator faults: they hit whoever calls that org next) run after all the others, one at a
// time, in the "exclusive" project; being its teardown, they run whichever spec files you ask for.
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    browserName: "chromium",
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || debianChromium() || "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "chromium", grepInvert: /@exclusive/, teardown: "exclusive" },
    { name: "exclusive", grep: /@exclusive/, workers: 1 },
  ],
});
