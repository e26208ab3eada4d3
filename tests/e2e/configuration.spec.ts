import { spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

const nextBin = path.join(process.cwd(), "node_modules", ".bin", "next");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the production server with exactly `env`; resolves when it exits or answers /sign-in. */
function startConsole(env: Record<string, string>, port: number) {
  const child = spawn(nextBin, ["start", "-p", String(port)], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

test.describe("configuration", () => {
  test("a production start without its secrets refuses to run and names each missing variable", async () => {
    const port = await freePort();
    const run = startConsole({ OKTA_ISSUER: "https://msp.okta.com/oauth2/default", DATABASE_URL: "mysql://db/console" }, port);
    const code = await Promise.race([run.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    if (code === "timeout") run.child.kill();
    expect(code).toBe(1);
    const out = run.output();
    expect(out).toContain("The console cannot start.");
    expect(out).toContain("NEXTAUTH_SECRET is missing");
    expect(out).toContain("CREDENTIAL_KEYS is missing");
    expect(out).toContain("DATABASE_URL must start with postgresql:// or file:");
    expect(out).not.toMatch(/^\s+at /m); // no stack trace
  });

  test("an unreachable issuer gives a one-line warning and a plain sentence on the sign-in page", async ({ page }) => {
    const port = await freePort();
    const deadIssuer = `http://127.0.0.1:${await freePort()}/oauth2/default`;
    const run = startConsole(
      {
        NEXTAUTH_URL: `http://localhost:${port}`,
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        CREDENTIAL_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
        OKTA_ISSUER: deadIssuer,
        OKTA_CLIENT_ID: "msp-console",
        OKTA_CLIENT_SECRET: "unused",
        DATABASE_URL: process.env.E2E_DATABASE_URL as string,
      },
      port,
    );
    try {
      await expect.poll(() => run.output(), { timeout: 30_000 }).toContain(`Warning: OKTA_ISSUER ${deadIssuer} is unreachable`);
      await page.goto(`http://localhost:${port}/sign-in`);
      await page.getByRole("button", { name: "Sign in with Okta" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "could not be reached to start sign-in" })).toBeVisible();
      expect(await page.content()).not.toMatch(/at .*\.js:\d+/);
    } finally {
      run.child.kill();
    }
  });
});
