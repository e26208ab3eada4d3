import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "../../lib/db/migrate.mjs";
import { consoleServerCommand } from "../../scripts/console-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(url: string, what: string, child: ChildProcess, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code}`))));
  });
}

/**
 * Starts the Okta emulator (demo seed), a fresh SQLite console database with the demo tenants and
 * staff, and the production console server; tests read E2E_BASE_URL and E2E_EMULATOR_URL.
 */
export default async function globalSetup() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "msp-e2e-"));
  const [emulatorPort, consolePort] = await Promise.all([freePort(), freePort()]);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const baseUrl = `http://localhost:${consolePort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:${path.join(tmp, "console.db")}`,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    CREDENTIAL_KEYS: `e2e:${crypto.randomBytes(32).toString("base64")}`,
    AUDIT_KEYS: `e2e-audit:${crypto.randomBytes(32).toString("base64")}`,
    OKTA_ISSUER: `${emulatorUrl}/orgs/msp/oauth2/default`,
    OKTA_CLIENT_ID: "msp-console",
    OKTA_CLIENT_SECRET: "msp-console-demo-secret",
    EMULATOR_URL: emulatorUrl,
    ALLOW_LOCAL_ORG_URLS: "true",
    DEMO_ACCOUNTS_FILE: path.join(tmp, "demo-accounts.json"),
    PORT: String(consolePort),
  };

  const children: ChildProcess[] = [];
  const emulator = spawn(bin("tsx"), ["emulator/cli.ts", "--port", String(emulatorPort), "--seed", "demo"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(emulator);
  await waitFor(`${emulatorUrl}/__emulator/orgs`, "The Okta emulator", emulator);

  await migrate(env.DATABASE_URL, { quiet: true });
  await run(bin("tsx"), ["--conditions=react-server", "scripts/seed-demo.ts"], env);

  // The console's stdout and stderr are teed into a log file (credential-secrecy.spec.ts scans it);
  // stderr is still forwarded.
  const consoleLog = path.join(tmp, "console.log");
  const logStream = fs.createWriteStream(consoleLog);
  const server = consoleServerCommand(["-p", String(consolePort)]);
  const web = spawn(server.command, server.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  web.stdout?.pipe(logStream, { end: false });
  web.stderr?.on("data", (chunk: Buffer) => {
    logStream.write(chunk);
    process.stderr.write(chunk);
  });
  children.push(web);
  await waitFor(`${baseUrl}/sign-in`, "The console", web);

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_EMULATOR_URL = emulatorUrl;
  process.env.E2E_DATABASE_URL = env.DATABASE_URL;
  process.env.E2E_DEMO_ACCOUNTS_FILE = env.DEMO_ACCOUNTS_FILE;
  process.env.E2E_CONSOLE_LOG = consoleLog;
  // Shared by the workers: e.g. each demo account's session cookie for signIn(..., { reuse: true }).
  const stateDir = path.join(tmp, "state");
  fs.mkdirSync(stateDir);
  process.env.E2E_STATE_DIR = stateDir;
  // The console's own secrets, for the secrecy spec to look for in everything the browser receives.
  process.env.E2E_SECRETS = JSON.stringify({
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
    CREDENTIAL_KEYS: env.CREDENTIAL_KEYS,
    AUDIT_KEYS: env.AUDIT_KEYS,
    OKTA_CLIENT_SECRET: env.OKTA_CLIENT_SECRET,
  });

  return async () => {
    for (const child of children) child.kill("SIGTERM");
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
