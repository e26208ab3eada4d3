// The CLI: starts, prints the org table, saves a snapshot on SIGTERM and restores it on restart.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "emu-cli-"));
const snapshot = path.join(dir, "state.json");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): Promise<{ child: ChildProcess; output: () => string; baseUrl: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/cli.ts", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && /OKTA_ISSUER=/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, baseUrl: m[1]! });
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`CLI exited ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

describe("emulator CLI", () => {
  it("prints help", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "emulator/cli.ts", "--help"], { cwd: root });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(out).toContain("--snapshot <file>");
  });

  it("keeps state across a restart with --snapshot", async () => {
    const first = await start(["--port", "0", "--seed", "demo", "--snapshot", snapshot]);
    const out = first.output();
    const token = /\s+acme\s+\d+\s+\S+\s+(00\S{40})/.exec(out)?.[1];
    expect(token, out).toBeTruthy();
    expect(out).toContain("admin@msp.example");
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`${first.baseUrl}/orgs/acme${p}`, { ...init, headers: { authorization: `SSWS ${token}`, accept: "application/json", "content-type": "application/json" } });
    const users = (await (await api("/api/v1/users?filter=" + encodeURIComponent('status eq "ACTIVE"') + "&limit=5")).json()) as Array<{ id: string }>;
    const target = users[users.length - 1]!.id;
    const suspend = await api(`/api/v1/users/${target}/lifecycle/suspend`, { method: "POST" });
    expect(suspend.status).toBe(200);
    expect(await stop(first.child)).toBe(0);
    expect(existsSync(snapshot)).toBe(true);

    const second = await start(["--port", "0", "--snapshot", snapshot]);
    expect(second.output()).toContain(`snapshot ${snapshot}`);
    const res = await fetch(`${second.baseUrl}/orgs/acme/api/v1/users/${target}`, { headers: { authorization: `SSWS ${token}`, accept: "application/json" } });
    expect(((await res.json()) as { status: string }).status).toBe("SUSPENDED");
    expect(await stop(second.child)).toBe(0);
  }, 90_000);
});
