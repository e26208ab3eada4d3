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
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // The build under test (next start must see the directory next build wrote).
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      ...env,
    },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

function secrets() {
  return {
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    CREDENTIAL_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
    AUDIT_KEYS: `a1:${crypto.randomBytes(32).toString("base64")}`,
    OKTA_CLIENT_ID: "msp-console",
    OKTA_CLIENT_SECRET: "unused",
  };
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
        AUDIT_KEYS: `a1:${crypto.randomBytes(32).toString("base64")}`,
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

  test("production refuses a plain-http public URL and local org URLs, naming both", async () => {
    const port = await freePort();
    const run = startConsole(
      {
        ...secrets(),
        NEXTAUTH_URL: "http://console.msp.example",
        ALLOW_LOCAL_ORG_URLS: "true",
        OKTA_ISSUER: "https://msp.okta.com/oauth2/default",
        DATABASE_URL: process.env.E2E_DATABASE_URL as string,
      },
      port,
    );
    const code = await Promise.race([run.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    if (code === "timeout") run.child.kill();
    expect(code).toBe(1);
    expect(run.output()).toContain("NEXTAUTH_URL must be https in production (plain http only for a local-only console on localhost)");
    expect(run.output()).toContain("ALLOW_LOCAL_ORG_URLS cannot be true in production unless NEXTAUTH_URL is on localhost");
  });

  test("an https console sends HSTS and asks browsers to upgrade insecure requests", async ({ request }) => {
    const port = await freePort();
    // TLS ends at a proxy in front of the console; the console itself answers plain http on its port.
    const run = startConsole(
      {
        ...secrets(),
        NEXTAUTH_URL: "https://console.msp.example",
        OKTA_ISSUER: `${process.env.E2E_EMULATOR_URL}/orgs/msp/oauth2/default`,
        DATABASE_URL: process.env.E2E_DATABASE_URL as string,
      },
      port,
    );
    try {
      await expect
        .poll(async () => (await request.get(`http://localhost:${port}/sign-in`).catch(() => null))?.status() ?? run.output(), { timeout: 30_000 })
        .toBe(200);
      const res = await request.get(`http://localhost:${port}/sign-in`);
      expect(res.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
      expect(res.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    } finally {
      run.child.kill();
    }
  });
});
