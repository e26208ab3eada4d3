/**
 * npm run emulator -- --port 8484 --seed demo --latency 0 --rate-limits workforce --snapshot data/emulator.json
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import type { OrgState } from "./model.ts";
import type { RateLimitProfile } from "./ratelimit.ts";
import { startEmulator } from "./server.ts";
import { seedOrgs, CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, DEMO_PASSWORD, MSP_AUTH_SERVER, MSP_STAFF } from "./seeds/index.ts";
import { loadSnapshot, saveSnapshot, watchSnapshot, type SnapshotWatcher } from "./snapshot.ts";

const HELP = `Local Okta emulator

Usage: npm run emulator -- [options]

  --port <n>            Port to listen on (default 8484; 0 = any free port)
  --host <addr>         Address to bind (default 127.0.0.1)
  --seed <name|file>    demo (default), perf, or a snapshot .json file to start from
  --latency <ms>        Added latency per request (default 0)
  --rate-limits <p>     workforce (default), free or test
  --snapshot <file>     Load state from <file> if it exists; save to it on change (debounced) and on exit
  --perf-orgs <n>       perf seed: number of small orgs (default 100, env EMULATOR_PERF_ORGS)
  --perf-users <n>      perf seed: users per small org (default 200, env EMULATOR_PERF_USERS)
  --perf-big-users <n>  perf seed: users in the large org (default 100000, 0 = none, env EMULATOR_PERF_BIG_USERS)
  -h, --help            Show this help

Environment:
  EMULATOR_CONSOLE_REDIRECT_URIS     comma-separated extra redirect URIs for the "${CONSOLE_CLIENT_ID}" client
  EMULATOR_CONSOLE_POST_LOGOUT_URIS  comma-separated extra post-logout redirect URIs for it
`;

function fail(message: string): never {
  console.error(`emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`${name} must be an integer >= ${min}`);
  return n;
}

function list(env: string | undefined): string[] {
  return (env ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Adds env-configured URIs to the console client (also for orgs restored from a snapshot), and upgrades old snapshots. */
function applyConsoleUris(orgs: OrgState[], redirectUris: string[], postLogoutUris: string[]): void {
  for (const org of orgs) {
    for (const client of org.oidcClients) {
      if (client.clientId !== CONSOLE_CLIENT_ID) continue;
      for (const u of redirectUris) if (!client.redirectUris.includes(u)) client.redirectUris.push(u);
      for (const u of postLogoutUris) if (!client.postLogoutRedirectUris.includes(u)) client.postLogoutRedirectUris.push(u);
    }
    // Snapshots saved before the authorization server's claims were modelled: give the console's org the
    // demo groups claim, or its staff would sign in without teams.
    if (!org.authServer && org.oidcClients.some((c) => c.clientId === CONSOLE_CLIENT_ID)) org.authServer = structuredClone(MSP_AUTH_SERVER);
  }
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        latency: { type: "string" },
        "rate-limits": { type: "string" },
        snapshot: { type: "string" },
        "perf-orgs": { type: "string" },
        "perf-users": { type: "string" },
        "perf-big-users": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const port = intOption(args.port, "--port", 8484);
  const latencyMs = intOption(args.latency, "--latency", 0);
  const profile = (args["rate-limits"] ?? "workforce") as RateLimitProfile;
  if (!["workforce", "free", "test"].includes(profile)) fail("--rate-limits must be workforce, free or test");
  const seed = args.seed ?? "demo";
  const snapshotFile = args.snapshot;
  const redirectUris = list(process.env.EMULATOR_CONSOLE_REDIRECT_URIS);
  const postLogoutUris = list(process.env.EMULATOR_CONSOLE_POST_LOGOUT_URIS);

  const started = Date.now();
  let orgs: OrgState[];
  let source: string;
  if (snapshotFile && existsSync(snapshotFile)) {
    orgs = loadSnapshot(snapshotFile);
    source = `snapshot ${snapshotFile}`;
  } else {
    if (seed !== "demo" && seed !== "perf" && !seed.endsWith(".json")) fail(`unknown seed "${seed}"`);
    orgs = seedOrgs(seed, {
      consoleRedirectUris: redirectUris,
      consolePostLogoutRedirectUris: postLogoutUris,
      perf: {
        orgs: intOption(args["perf-orgs"] ?? process.env.EMULATOR_PERF_ORGS, "--perf-orgs", 100, 1),
        usersPerOrg: intOption(args["perf-users"] ?? process.env.EMULATOR_PERF_USERS, "--perf-users", 200, 1),
        bigOrgUsers: intOption(args["perf-big-users"] ?? process.env.EMULATOR_PERF_BIG_USERS, "--perf-big-users", 100_000, 0),
      },
    });
    source = `seed ${seed}`;
  }
  applyConsoleUris(orgs, redirectUris, postLogoutUris);
  const seededMs = Date.now() - started;

  const emulator = await startEmulator({ port, host: args.host, orgs, latencyMs, rateLimitProfile: profile });

  let watcher: SnapshotWatcher | undefined;
  if (snapshotFile) {
    const live = () => [...emulator.orgs.values()];
    if (!existsSync(snapshotFile)) await saveSnapshot(snapshotFile, live());
    watcher = watchSnapshot(snapshotFile, live, { onError: (err) => console.error(`[emulator] snapshot save failed:`, err) });
  }

  printBanner(emulator.baseUrl, (slug) => emulator.orgUrl(slug), orgs, source, seededMs, snapshotFile);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      console.error(`[emulator] ${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n[emulator] ${signal}: shutting down`);
    try {
      if (watcher) {
        watcher.stop();
        console.log(watcher.flushSync() ? `[emulator] state saved to ${snapshotFile}` : `[emulator] ${snapshotFile} is up to date`);
      }
      await emulator.stop();
    } catch (err) {
      console.error("[emulator] error during shutdown:", err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

function printBanner(baseUrl: string, orgUrl: (slug: string) => string, orgs: OrgState[], source: string, seededMs: number, snapshotFile?: string): void {
  const rows = orgs.map((o) => ({ slug: o.slug, users: String(o.users.size), url: orgUrl(o.slug), token: o.apiTokens[0]?.token ?? "-" }));
  const shown = rows.length > 25 ? [...rows.slice(0, 20), { slug: `... ${rows.length - 22} more`, users: "", url: "", token: "" }, ...rows.slice(-2)] : rows;
  const w = (k: "slug" | "users" | "url") => Math.max(k.length, ...shown.map((r) => r[k].length));
  const [ws, wu, wl] = [w("slug"), w("users"), w("url")];
  const line = (s: string, u: string, l: string, t: string) => `  ${s.padEnd(ws)}  ${u.padStart(wu)}  ${l.padEnd(wl)}  ${t}`;
  const out: string[] = [];
  out.push(`Okta emulator listening on ${baseUrl} (${source}, ${orgs.length} orgs, built in ${seededMs} ms)`);
  if (snapshotFile) out.push(`Snapshot: ${snapshotFile} (saved on change and on exit)`);
  out.push("", line("slug", "users", "org URL", "API token (Authorization: SSWS <token>)"));
  for (const r of shown) out.push(line(r.slug, r.users, r.url, r.token));
  const msp = orgs.find((o) => o.oidcClients.some((c) => c.clientId === CONSOLE_CLIENT_ID));
  if (msp) {
    out.push(
      "",
      "Console sign-in (OIDC):",
      `  OKTA_ISSUER=${orgUrl(msp.slug)}/oauth2/default`,
      `  OKTA_CLIENT_ID=${CONSOLE_CLIENT_ID}`,
      `  OKTA_CLIENT_SECRET=${CONSOLE_CLIENT_SECRET}`,
      `  Staff accounts (password ${DEMO_PASSWORD}):`,
    );
    for (const s of MSP_STAFF) out.push(`    ${`${s.local}@msp.example`.padEnd(24)} ${s.group ?? (s.assigned ? "(no console group)" : "(not assigned to the console app)")}${s.status ? ` [${s.status}]` : ""}`);
  }
  out.push("", `The users' phone (answers caller-verification pushes, shows the codes sent): ${baseUrl}/__emulator/phone?org=acme`);
  console.log(out.join("\n"));
}

main().catch((err) => {
  console.error("[emulator] failed to start:", err);
  process.exit(1);
});
