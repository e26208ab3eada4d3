#!/usr/bin/env node
// `npm run demo`: one command from a fresh clone to a working console.
//  1. generates the secrets the console needs on first run (data/secrets.json, git-ignored)
//  2. builds the production bundle when sources changed since the last build
//  3. migrates the embedded SQLite database
//  4. starts the local Okta emulator with the demo orgs (state kept in data/emulator.json)
//  5. seeds demo tenants, staff and teams into the console database
//  6. starts the console (production server) on PORT (default 3000) and prints how to sign in
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "../lib/db/migrate.mjs";
import { consoleServerCommand } from "./console-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, "data");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const port = Number(process.env.PORT ?? 3000);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 8484);
const consoleUrl = `http://localhost:${port}`;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

function ensureSecrets() {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secrets.json");
  const generate = {
    NEXTAUTH_SECRET: () => crypto.randomBytes(32).toString("base64"),
    CREDENTIAL_KEYS: () => `demo1:${crypto.randomBytes(32).toString("base64")}`,
    AUDIT_KEYS: () => `demo-audit1:${crypto.randomBytes(32).toString("base64")}`,
  };
  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
  // A secrets file from an older version keeps its values and only gains the secrets added since.
  const missing = Object.keys(generate).filter((name) => !existing?.[name]);
  if (existing && missing.length === 0) return existing;
  const secrets = { ...existing };
  for (const name of missing) secrets[name] = generate[name]();
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  console.log(existing ? `Added ${missing.join(", ")} to data/secrets.json` : "Generated demo secrets in data/secrets.json");
  return secrets;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(env) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public"].filter((d) => fs.existsSync(path.join(root, d)));
  const newest = Math.max(...sources.map((d) => newestMtime(path.join(root, d))));
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > newest) return;
  console.log("Building the console (production bundle)...");
  const result = spawnSync(bin("next"), ["build"], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function waitFor(url, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000}s (${url})`);
}

const children = [];
function shutdown(code = 0) {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 300);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

const secrets = ensureSecrets();
const env = {
  ...process.env,
  ...secrets,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? consoleUrl,
  OKTA_ISSUER: `${emulatorUrl}/orgs/msp/oauth2/default`,
  OKTA_CLIENT_ID: "msp-console",
  OKTA_CLIENT_SECRET: "msp-console-demo-secret",
  EMULATOR_URL: emulatorUrl,
  // The demo's customer orgs are on the local emulator (http://127.0.0.1): allow local org URLs.
  ALLOW_LOCAL_ORG_URLS: "true",
  PORT: String(port),
};

buildIfNeeded(env);
await migrate(env.DATABASE_URL);

const emulator = spawn(
  bin("tsx"),
  ["emulator/cli.ts", "--port", String(emulatorPort), "--seed", "demo", "--snapshot", path.join("data", "emulator.json")],
  { cwd: root, stdio: ["ignore", "inherit", "inherit"], env },
);
children.push(emulator);
emulator.on("exit", (code) => {
  console.error(`The Okta emulator stopped (exit ${code}).`);
  shutdown(1);
});
await waitFor(`${emulatorUrl}/__emulator/orgs`, "The Okta emulator");

const seed = spawnSync(bin("tsx"), ["--conditions=react-server", "scripts/seed-demo.ts"], { cwd: root, stdio: "inherit", env });
if (seed.status !== 0) shutdown(seed.status ?? 1);

const server = consoleServerCommand(["-p", String(port)]);
const web = spawn(server.command, server.args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env });
children.push(web);
web.on("exit", (code) => {
  console.error(`The console stopped (exit ${code}).`);
  shutdown(code ?? 1);
});
await waitFor(`${consoleUrl}/sign-in`, "The console");

const accounts = JSON.parse(fs.readFileSync(path.join(dataDir, "demo-accounts.json"), "utf8"));
console.log(`
  Okta MSP Console is running: ${consoleUrl}
  Okta emulator (MSP org + customer orgs): ${emulatorUrl}/__emulator/orgs
  The users' phone (answer caller-verification pushes, read the codes sent): ${emulatorUrl}/__emulator/phone?org=acme

  Sign in with any of these demo staff accounts (password: ${accounts.password}):
${accounts.staff.map((s) => `    ${s.email.padEnd(28)} ${s.role}`).join("\n")}

  Press Ctrl+C to stop.
`);
