import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { checkIssuer } from "@/lib/auth/issuer";
import { databaseTarget } from "@/lib/db/target";
import { EnvError, parseEnv } from "@/lib/env";

const KEY = Buffer.alloc(32, 7).toString("base64");
const valid = {
  NEXTAUTH_SECRET: "x".repeat(40),
  CREDENTIAL_KEYS: `k2:${KEY},k1:${Buffer.alloc(32, 1).toString("base64")}`,
  AUDIT_KEYS: `a2:${Buffer.alloc(32, 3).toString("base64")},a1:${KEY}`,
  OKTA_ISSUER: "https://msp.okta.com/oauth2/default",
  OKTA_CLIENT_ID: "0oa123",
  OKTA_CLIENT_SECRET: "secret",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("accepts a complete configuration and fills the defaults", () => {
    const env = parseEnv({ ...valid, BOOTSTRAP_ADMINS: " Ana@MSP.example , bo@msp.example" });
    expect(env.SESSION_MAX_AGE_HOURS).toBe(12);
    expect(env.SESSION_IDLE_MINUTES).toBe(60);
    expect(env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(env.BOOTSTRAP_ADMINS).toEqual(["ana@msp.example", "bo@msp.example"]);
    expect(env.CREDENTIAL_KEYS.map((k) => k.id)).toEqual(["k2", "k1"]);
    expect(env.AUDIT_KEYS.map((k) => k.id)).toEqual(["a2", "a1"]);
  });

  it("reads IDENTITY_RECHECK_MINUTES as whole minutes from 1 to 1440, 15 by default", () => {
    expect(parseEnv(valid).IDENTITY_RECHECK_MINUTES).toBe(15);
    expect(parseEnv({ ...valid, IDENTITY_RECHECK_MINUTES: " 5 " }).IDENTITY_RECHECK_MINUTES).toBe(5);
    for (const bad of ["0", "-1", "1.5", "1441", "soon"]) {
      expect(problems({ ...valid, IDENTITY_RECHECK_MINUTES: bad }), bad).toEqual(["IDENTITY_RECHECK_MINUTES must be a whole number of minutes from 1 to 1440"]);
    }
  });

  it("reads ALLOW_LOCAL_ORG_URLS as a boolean, off unless set", () => {
    expect(parseEnv(valid).ALLOW_LOCAL_ORG_URLS).toBe(false);
    expect(parseEnv({ ...valid, ALLOW_LOCAL_ORG_URLS: "" }).ALLOW_LOCAL_ORG_URLS).toBe(false);
    for (const on of ["true", "TRUE", " 1 ", "yes", "on"]) expect(parseEnv({ ...valid, ALLOW_LOCAL_ORG_URLS: on }).ALLOW_LOCAL_ORG_URLS, on).toBe(true);
    for (const off of ["false", "0", "no", "off"]) expect(parseEnv({ ...valid, ALLOW_LOCAL_ORG_URLS: off }).ALLOW_LOCAL_ORG_URLS, off).toBe(false);
    expect(problems({ ...valid, ALLOW_LOCAL_ORG_URLS: "maybe" })).toEqual(["ALLOW_LOCAL_ORG_URLS must be true or false"]);
  });

  it("names every missing variable, one line each", () => {
    expect(problems({})).toEqual([
      "NEXTAUTH_SECRET is missing",
      "CREDENTIAL_KEYS is missing",
      "AUDIT_KEYS is missing",
      "OKTA_ISSUER is missing",
      "OKTA_CLIENT_ID is missing",
      "OKTA_CLIENT_SECRET is missing",
    ]);
    for (const line of problems({})) expect(line).not.toContain("\n");
  });

  it("explains malformed values", () => {
    expect(problems({ ...valid, DATABASE_URL: "mysql://db/console" })).toEqual([
      "DATABASE_URL must start with postgresql:// or file: (leave it unset for the embedded SQLite database).",
    ]);
    expect(problems({ ...valid, DATABASE_URL: "postgresql://" })[0]).toMatch(/^DATABASE_URL is not a valid PostgreSQL URL/);
    expect(problems({ ...valid, NEXTAUTH_SECRET: "short" })[0]).toMatch(/^NEXTAUTH_SECRET must be at least 32 characters/);
    expect(problems({ ...valid, CREDENTIAL_KEYS: "k1:tooShort" })[0]).toMatch(/^CREDENTIAL_KEYS each entry must be keyId:base64 of exactly 32 bytes/);
    expect(problems({ ...valid, AUDIT_KEYS: "a1:tooShort" })).toEqual(["AUDIT_KEYS each entry must be keyId:base64 of exactly 32 bytes"]);
    expect(problems({ ...valid, AUDIT_KEYS: `a1:${KEY},a1:${KEY}` })).toEqual(['AUDIT_KEYS names key "a1" twice']);
    expect(problems({ ...valid, SESSION_IDLE_MINUTES: "-5" })).toEqual(["SESSION_IDLE_MINUTES must be a positive number"]);
    expect(problems({ ...valid, BOOTSTRAP_ADMINS: "not-an-email" })[0]).toMatch(/^BOOTSTRAP_ADMINS/);
  });

  it("in production, wants an https NEXTAUTH_URL and no local org URLs, except for a local-only console", () => {
    const prod = { ...valid, NODE_ENV: "production" };
    expect(problems({ ...prod, NEXTAUTH_URL: "https://console.msp.example" })).toEqual([]);
    expect(problems({ ...prod, NEXTAUTH_URL: "http://console.msp.example", ALLOW_LOCAL_ORG_URLS: "true" })).toEqual([
      "NEXTAUTH_URL must be https in production (plain http only for a local-only console on localhost)",
      "ALLOW_LOCAL_ORG_URLS cannot be true in production unless NEXTAUTH_URL is on localhost (a local-only demo or test console)",
    ]);
    expect(problems({ ...prod, NEXTAUTH_URL: "https://console.msp.example", ALLOW_LOCAL_ORG_URLS: "yes" })).toEqual([
      "ALLOW_LOCAL_ORG_URLS cannot be true in production unless NEXTAUTH_URL is on localhost (a local-only demo or test console)",
    ]);
    // Looks local, is not: only loopback hosts count.
    for (const url of ["http://localhost.evil.example", "http://10.0.0.5:3000", "http://127.0.0.1.nip.io"]) {
      expect(problems({ ...prod, NEXTAUTH_URL: url }), url).toEqual(["NEXTAUTH_URL must be https in production (plain http only for a local-only console on localhost)"]);
    }
    // The demo and the e2e tests: next start on http://localhost with the local emulator's orgs.
    for (const url of [undefined, "http://localhost:3000", "http://127.0.0.1:4000", "http://[::1]:3000"]) {
      expect(problems({ ...prod, NEXTAUTH_URL: url, ALLOW_LOCAL_ORG_URLS: "true" }), String(url)).toEqual([]);
    }
    // Listed together with the other problems, one line each.
    expect(problems({ NODE_ENV: "production", NEXTAUTH_URL: "http://console.msp.example" })).toContain(
      "NEXTAUTH_URL must be https in production (plain http only for a local-only console on localhost)",
    );
    // Development and test runs may use anything.
    expect(problems({ ...valid, NODE_ENV: "development", NEXTAUTH_URL: "http://console.msp.example", ALLOW_LOCAL_ORG_URLS: "true" })).toEqual([]);
  });

  it("chooses the database from DATABASE_URL", () => {
    expect(databaseTarget(undefined).provider).toBe("sqlite");
    expect(databaseTarget("file:./x.db").provider).toBe("sqlite");
    expect(databaseTarget("postgresql://u@db:5432/console")).toEqual({ provider: "postgresql", url: "postgresql://u@db:5432/console" });
  });
});

describe("issuer check", () => {
  it("says in one sentence when the issuer does not answer", async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r)); // nothing listens there now
    const problem = await checkIssuer(`http://127.0.0.1:${port}/oauth2/default`, 2000);
    expect(problem).toBe(`OKTA_ISSUER http://127.0.0.1:${port}/oauth2/default is unreachable; staff cannot sign in until it answers.`);
  });

  it("accepts an issuer whose discovery document names it, and flags a mismatch", async () => {
    let issuerInDoc = "";
    const server = http.createServer((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ issuer: issuerInDoc }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/default`;
    try {
      issuerInDoc = issuer;
      expect(await checkIssuer(issuer)).toBeNull();
      issuerInDoc = "https://elsewhere.example/oauth2/default";
      expect(await checkIssuer(issuer)).toMatch(/does not match the issuer its discovery document names/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("post-sign-in destination", () => {
  it("keeps same-site paths and refuses everything that leaves the site", async () => {
    const { safeCallbackUrl } = await import("@/lib/auth/sign-in-errors");
    expect(safeCallbackUrl("/t/acme?tab=1#x")).toBe("/t/acme?tab=1#x");
    for (const evil of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "javascript:alert(1)", undefined, ""]) {
      expect(safeCallbackUrl(evil), JSON.stringify(evil)).toBe("/dashboard");
    }
  });
});
