// The org network guard (lib/net/guard.ts) on real sockets: refused addresses are never connected to,
// DNS answers are pinned between check and connect, redirects are not followed, bodies are capped -
// for the test-connection probes and for every call the official SDK makes (API and OAuth token).
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { seedOrgs } from "../../emulator/seeds";
import { guardedRequest, MAX_PROBE_RESPONSE_BYTES, OrgNetworkRefusedError, type Resolver } from "@/lib/net/guard";
import { createOktaGateway, describeOktaError, withOktaRequestLog } from "@/lib/okta/gateway";
import { testConnection } from "@/lib/tenants/connection";

/** A local HTTP server that counts TCP connections and requests, answering with `handler`. */
interface Probe {
  url: string;
  port: number;
  connections: number;
  requests: string[];
  server: Server;
}

async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Probe> {
  const probe: Probe = { url: "", port: 0, connections: 0, requests: [], server: undefined as unknown as Server };
  probe.server = createServer((req, res) => {
    probe.requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  probe.server.on("connection", () => probe.connections++);
  await new Promise<void>((r) => probe.server.listen(0, "127.0.0.1", () => r()));
  probe.port = (probe.server.address() as AddressInfo).port;
  probe.url = `http://127.0.0.1:${probe.port}`;
  return probe;
}

const closeServer = (p: Probe) => new Promise<void>((r) => p.server.close(() => r()));

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A resolver that answers each call with the next list (the last one repeats), counting calls. */
function scriptedResolver(...answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const list = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

const OPTS = { timeoutMs: 5_000, maxBytes: MAX_PROBE_RESPONSE_BYTES };

async function refusal(promise: Promise<unknown>): Promise<OrgNetworkRefusedError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OrgNetworkRefusedError);
  return err as OrgNetworkRefusedError;
}

let okServer: Probe;
let target: Probe; // a redirect target: must never be reached
beforeAll(async () => {
  okServer = await localServer((_req, res) => json(res, 200, { id: "00o-local" }));
  target = await localServer((_req, res) => json(res, 200, { reached: true }));
});
afterAll(async () => Promise.all([closeServer(okServer), closeServer(target)]));
beforeEach(() => {
  for (const p of [okServer, target]) {
    p.connections = 0;
    p.requests = [];
  }
});

describe("address checks at connect time (probe path)", () => {
  it("refuses a host name that resolves to 127.0.0.1 (system resolver, `localhost`): the server never sees a connection", async () => {
    const err = await refusal(guardedRequest(`http://localhost:${okServer.port}/`, { ...OPTS, policy: { allowLocal: false } }));
    expect(err.code).toBe("ADDRESS_REFUSED");
    expect(err.message).toMatch(/^The org URL's host localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this server itself\); the console does not connect there\. .*ALLOW_LOCAL_ORG_URLS/);
    expect(okServer.connections).toBe(0);
    // The same request with ALLOW_LOCAL_ORG_URLS goes through: the refusal above was the guard's.
    const ok = await guardedRequest(`http://localhost:${okServer.port}/`, { ...OPTS, policy: { allowLocal: true } });
    expect(ok.status).toBe(200);
    expect(okServer.connections).toBe(1);
  });

  it("refuses IP-literal hosts too (net.connect skips lookup hooks for them)", async () => {
    for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]"]) {
      const err = await refusal(guardedRequest(`http://${host}:${okServer.port}/`, { ...OPTS, policy: { allowLocal: false } }));
      expect(err.message).toMatch(/a loopback address/);
    }
    expect(okServer.connections).toBe(0);
  });

  it("refuses a public-looking name whose DNS answers a private, metadata or mapped address", async () => {
    for (const [answer, words] of [
      ["10.0.0.7", "a private network address"],
      ["192.168.1.1", "a private network address"],
      ["169.254.169.254", "a cloud metadata service address"],
      ["fd00:ec2::254", "a cloud metadata service address"],
      ["::ffff:10.0.0.1", "a private network address"],
      ["64:ff9b::a00:1", "a private network address"],
      ["100.64.1.1", "a carrier-grade NAT"],
      ["0.0.0.0", "the unspecified address"],
    ] as const) {
      const resolver = scriptedResolver([answer]);
      const err = await refusal(guardedRequest("https://acme.okta.example/", { ...OPTS, policy: { allowLocal: false, resolver } }));
      expect(err.message, answer).toContain(`acme.okta.example resolves to ${answer}`);
      expect(err.message, answer).toContain(words);
    }
  });

  it("refuses when ANY answer is refused, even if the first is allowed", async () => {
    const resolver = scriptedResolver(["127.0.0.1", "169.254.169.254"]);
    const err = await refusal(guardedRequest(`http://org.invalid:${okServer.port}/`, { ...OPTS, policy: { allowLocal: true, resolver } }));
    expect(err.message).toMatch(/169\.254\.169\.254, a cloud metadata service address; .* always refused/);
    expect(okServer.connections).toBe(0);
  });

  it("keeps metadata refused with ALLOW_LOCAL_ORG_URLS on", async () => {
    for (const answer of ["169.254.169.254", "100.100.100.200", "fd00:ec2::254", "::ffff:169.254.169.254"]) {
      const err = await refusal(guardedRequest("http://metadata.invalid/latest/meta-data/", { ...OPTS, policy: { allowLocal: true, resolver: scriptedResolver([answer]) } }));
      expect(err.message, answer).toMatch(/cloud metadata service address; the console does not connect there\. Cloud metadata addresses are always refused\.$/);
    }
  });

  it("DNS rebinding: the connection goes to the address that was checked, and the next answer is checked again", async () => {
    // First answer: the local server (allowed with ALLOW_LOCAL_ORG_URLS); any later answer: metadata.
    // `org.invalid` cannot be resolved by the system, so reaching the server proves Node connected to
    // the checked answer and asked no resolver of its own.
    const resolver = scriptedResolver(["127.0.0.1"], ["169.254.169.254"]);
    const policy = { allowLocal: true, resolver };
    const first = await guardedRequest(`http://org.invalid:${okServer.port}/first`, { ...OPTS, policy });
    expect(first.status).toBe(200);
    expect(resolver.calls).toEqual(["org.invalid"]); // one resolution for check and connect together
    expect(okServer.requests).toEqual(["GET /first"]);
    // The rebound answer, on the next connection, is refused before connecting.
    const err = await refusal(guardedRequest(`http://org.invalid:${okServer.port}/second`, { ...OPTS, policy }));
    expect(err.message).toMatch(/org\.invalid resolves to 169\.254\.169\.254/);
    expect(resolver.calls).toHaveLength(2);
    expect(okServer.requests).toEqual(["GET /first"]);
  });
});

describe("redirects and body size (probe path)", () => {
  let redirector: Probe;
  let big: Probe;
  beforeAll(async () => {
    redirector = await localServer((req, res) => {
      const to = req.url === "/to-private" ? "http://10.0.0.1/latest/meta-data/" : req.url === "/to-local" ? `${target.url}/admin` : "/relative";
      res.writeHead(302, { Location: to });
      res.end();
    });
    big = await localServer((req, res) => {
      const size = req.url === "/small" ? 1_000 : MAX_PROBE_RESPONSE_BYTES + 1;
      const body = Buffer.alloc(size, "a");
      // With and without a declared length: the cap holds either way.
      res.writeHead(200, req.url === "/declared" ? { "Content-Length": String(size) } : {});
      if (req.url === "/declared") res.end(body);
      else {
        // Chunked, in pieces, so the limit is hit while reading.
        for (let i = 0; i < size; i += 16_384) res.write(body.subarray(i, i + 16_384));
        res.end();
      }
    });
  });
  afterAll(async () => Promise.all([closeServer(redirector), closeServer(big)]));

  it("refuses a redirect to a private address, in a plain sentence, without following it", async () => {
    const err = await refusal(guardedRequest(`${redirector.url}/to-private`, { ...OPTS, policy: { allowLocal: true } }));
    expect(err.code).toBe("REDIRECT_REFUSED");
    expect(err.message).toBe("The org answered with a redirect to http://10.0.0.1/latest/meta-data/; the console does not follow redirects. Check the org URL.");
  });

  it("does not follow a redirect even to an address that would be allowed", async () => {
    const err = await refusal(guardedRequest(`${redirector.url}/to-local`, { ...OPTS, policy: { allowLocal: true } }));
    expect(err.message).toContain(`redirect to ${target.url}/admin;`);
    expect(target.connections).toBe(0);
    const rel = await refusal(guardedRequest(`${redirector.url}/x`, { ...OPTS, policy: { allowLocal: true } }));
    expect(rel.message).toContain(`redirect to ${redirector.url}/relative;`);
  });

  it("caps the body, declared or streamed", async () => {
    for (const path of ["/declared", "/streamed"]) {
      const err = await refusal(guardedRequest(`${big.url}${path}`, { ...OPTS, policy: { allowLocal: true } }));
      expect(err.code, path).toBe("RESPONSE_TOO_LARGE");
      expect(err.message).toBe("The org's answer was larger than 256 KB, the most the console reads; it stopped reading. Check the org URL.");
    }
    const small = await guardedRequest(`${big.url}/small`, { ...OPTS, policy: { allowLocal: true } });
    expect(small.body).toHaveLength(1_000);
  });
});

describe("test connection", () => {
  it("refuses an https org whose host resolves to 127.0.0.1: nothing reaches the local port", async () => {
    const resolver = scriptedResolver(["127.0.0.1"]);
    const report = await testConnection({
      orgUrl: `https://acme.okta.example:${okServer.port}`,
      credential: { type: "ssws", token: "t".repeat(40) },
      allowLocalOrgUrls: false,
      resolver,
      timeoutMs: 3_000,
    });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(["failed", "skipped", "skipped"]);
    expect(report.steps[0]!.detail).toMatch(/^The org URL's host acme\.okta\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect(okServer.connections).toBe(0);
  });

  it("reports a redirect as the failed first step", async () => {
    const redirecting = await localServer((_req, res) => {
      res.writeHead(301, { Location: "https://login.example.com/" });
      res.end();
    });
    try {
      const report = await testConnection({ orgUrl: redirecting.url, credential: { type: "ssws", token: "t".repeat(40) }, allowLocalOrgUrls: true });
      expect(report.steps[0]).toMatchObject({ status: "failed", detail: "The org answered with a redirect to https://login.example.com/; the console does not follow redirects. Check the org URL." });
      expect(redirecting.requests).toEqual(["GET /.well-known/okta-organization"]);
    } finally {
      await closeServer(redirecting);
    }
  });
});

describe("the SDK path (createOktaGateway)", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, orgs: seedOrgs("demo") });
  });
  afterAll(async () => emu?.stop());
  beforeEach(() => emu.clearRequests());

  const ssws = () => ({ type: "ssws" as const, token: emu.org("acme").apiTokens[0]!.token });

  it("works against the emulator with ALLOW_LOCAL_ORG_URLS on, and is refused before any request with it off", async () => {
    const allowed = createOktaGateway({ tenantId: "t", orgUrl: emu.orgUrl("acme"), credential: ssws(), allowLocalOrgUrls: true });
    expect((await allowed.me()).id).toBeTruthy();
    expect(emu.requests("acme").requests).toHaveLength(1);

    emu.clearRequests();
    const refused = createOktaGateway({ tenantId: "t", orgUrl: emu.orgUrl("acme"), credential: ssws(), allowLocalOrgUrls: false });
    const run = await withOktaRequestLog(() => refused.me());
    const d = describeOktaError(run.error);
    expect(d).toMatchObject({ code: "ADDRESS_REFUSED", summary: "Org address refused" });
    expect(d?.sentence).toMatch(/^The org URL's address 127\.0\.0\.1 is a loopback address \(this server itself\); the console does not connect there\./);
    expect(emu.requests().count).toBe(0);
    expect(run.requestIds).toEqual([]);
  });

  it("a host name that resolves to the emulator's 127.0.0.1 is refused too (and reaches it when allowed)", async () => {
    const orgUrl = emu.orgUrl("acme").replace("127.0.0.1", "acme.okta.example");
    const resolver = scriptedResolver(["127.0.0.1"]);
    const refused = createOktaGateway({ tenantId: "t", orgUrl, credential: ssws(), allowLocalOrgUrls: false, networkOptions: { resolver } });
    expect(describeOktaError(await refused.me().catch((e: unknown) => e))?.sentence).toMatch(/acme\.okta\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect(emu.requests().count).toBe(0);
    const allowed = createOktaGateway({ tenantId: "t", orgUrl, credential: ssws(), allowLocalOrgUrls: true, networkOptions: { resolver } });
    expect((await allowed.me()).id).toBeTruthy();
    expect(emu.requests("acme").requests).toHaveLength(1);
  });

  it("the OAuth token request (private_key_jwt) goes through the same guard", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const gw = createOktaGateway({
      tenantId: "t",
      orgUrl: emu.orgUrl("acme"),
      credential: { type: "oauth", clientId: "0oaX", privateKey: pem, keyId: "k", scopes: ["okta.users.read"] },
      allowLocalOrgUrls: false,
    });
    const run = await withOktaRequestLog(() => gw.ensureAccessToken());
    expect(describeOktaError(run.error)?.code).toBe("ADDRESS_REFUSED");
    expect(emu.requests().count).toBe(0);
  });

  it("refuses redirects from the API, without following them", async () => {
    const redirecting = await localServer((_req, res) => {
      res.writeHead(307, { Location: `${target.url}/api/v1/users/me` });
      res.end();
    });
    try {
      const gw = createOktaGateway({ tenantId: "t", orgUrl: redirecting.url, credential: { type: "ssws", token: "t".repeat(40) }, allowLocalOrgUrls: true });
      const d = describeOktaError(await gw.me().catch((e: unknown) => e));
      expect(d).toMatchObject({ code: "REDIRECT_REFUSED" });
      expect(d?.sentence).toBe(`The org answered with a redirect to ${target.url}/api/v1/users/me; the console does not follow redirects. Check the org URL.`);
      expect(redirecting.requests).toEqual(["GET /api/v1/users/me"]);
      expect(target.connections).toBe(0);
    } finally {
      await closeServer(redirecting);
    }
  });

  it("caps API answers (declared or streamed) with a plain sentence", async () => {
    const huge = await localServer((req, res) => {
      const user = { id: "00u1", status: "ACTIVE", profile: { login: "a@b.c", firstName: "x".repeat(50_000) } };
      const body = Buffer.from(JSON.stringify(user));
      if (req.url?.startsWith("/declared/")) {
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
        res.end(body);
      } else {
        res.writeHead(200, { "Content-Type": "application/json" }); // chunked, no length
        for (let i = 0; i < body.length; i += 4_096) res.write(body.subarray(i, i + 4_096));
        res.end();
      }
    });
    try {
      for (const prefix of ["/declared", "/streamed"]) {
        const gw = createOktaGateway({
          tenantId: "t",
          orgUrl: `${huge.url}${prefix}`,
          credential: { type: "ssws", token: "t".repeat(40) },
          allowLocalOrgUrls: true,
          networkOptions: { maxResponseBytes: 16 * 1024 },
        });
        const d = describeOktaError(await gw.me().catch((e: unknown) => e));
        expect(d, prefix).toMatchObject({ code: "RESPONSE_TOO_LARGE" });
        expect(d?.sentence).toBe("The org's answer was larger than 16 KB, the most the console reads; it stopped reading. Check the org URL.");
      }
      // Under the default 10 MB cap the same answer is read normally.
      const gw = createOktaGateway({ tenantId: "t", orgUrl: `${huge.url}/streamed`, credential: { type: "ssws", token: "t".repeat(40) }, allowLocalOrgUrls: true });
      expect((await gw.me()).id).toBe("00u1");
    } finally {
      await closeServer(huge);
    }
  });
});
