/**
 * Factor verification (UserFactor verifyFactor / getFactorTransactionStatus) through the official SDK
 * and raw fetch, every response validated against the contract from Okta's spec (and the push poll's
 * answers against the subtype its discriminator names), plus the emulator's phone: the control
 * endpoints, the in-process controls and the demo page.
 */
import { Client, OktaApiError } from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import type { FactorRecord, UserRecord } from "../../emulator/model.ts";
import { buildCustomerOrg, personaOf, VERIFICATION_PERSONAS } from "../../emulator/seeds/customer.ts";
import { DEMO_CUSTOMERS } from "../../emulator/seeds/index.ts";
import { userRolesOf } from "../../emulator/roles.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";
import { OpenApiValidator } from "./openapi-validator.ts";

let em: RunningEmulator;
let fx: Fixture;
let sdk: Client;
let validator: OpenApiValidator;

beforeAll(async () => {
  validator = new OpenApiValidator();
  fx = buildFixtureOrg({ users: 40 });
  em = await startEmulator({ port: 0, orgs: [fx.org], onExchange: (x) => validator.validate(x.method, x.path, x.status, x.body) });
  sdk = new Client({ orgUrl: em.orgUrl("acme"), token: fx.token, cacheMiddleware: null } as ConstructorParameters<typeof Client>[0]);
});
afterAll(async () => {
  await em?.stop();
  console.log(validator.summary());
  expect(validator.failures).toEqual([]);
});
beforeEach(() => em.configure({ pushLifetimeMs: 5 * 60_000 }));

const taken = new Set<string>();
/** A fresh active user of the fixture with exactly these factors. */
function userWith(types: FactorRecord["factorType"][], status: FactorRecord["status"] = "ACTIVE"): { user: UserRecord; f: Record<string, FactorRecord> } {
  const user = [...fx.org.users.values()].find((u) => u.status === "ACTIVE" && u.id !== fx.admin.id && !taken.has(u.id))!;
  taken.add(user.id);
  const now = new Date().toISOString();
  const f: Record<string, FactorRecord> = {};
  fx.org.factors.set(
    user.id,
    types.map((t, i) => {
      const profile: Record<string, unknown> =
        t === "push" ? { credentialId: user.profile.login, deviceType: "SmartPhone_IPhone", name: "iPhone 15", platform: "IOS", version: "17.4" } : t === "sms" || t === "call" ? { phoneNumber: "+14155550143" } : t === "email" ? { email: user.profile.email } : { credentialId: user.profile.login };
      const rec: FactorRecord = { id: `mfa${i}${t.slice(0, 3)}${user.id.slice(-12)}`.slice(0, 20), userId: user.id, factorType: t, provider: "OKTA", vendorName: "OKTA", status, created: now, lastUpdated: now, profile };
      f[t] = rec;
      return rec;
    }),
  );
  return { user, f };
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${em.orgUrl("acme")}${path}`, {
    method,
    headers: { Authorization: `SSWS ${fx.token}`, Accept: "application/json", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${em.baseUrl}${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual" });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- control answers of several shapes, read in place
  return { status: res.status, body: json as any, headers: res.headers };
}

const verifyPath = (u: UserRecord, f: FactorRecord) => `/api/v1/users/${u.id}/factors/${f.id}/verify`;
const txPath = (u: UserRecord, f: FactorRecord, tx: string) => `/api/v1/users/${u.id}/factors/${f.id}/transactions/${tx}`;
const txIdOf = (body: { _links: { poll: { href: string } } }) => body._links.poll.href.split("/").pop()!;
const component = (name: string, body: unknown) => new OpenApiValidator().validateComponent(name, body);
const events = (userId: string, type: string) => fx.org.logs.filter((e) => e.eventType === type && e.target?.some((t) => t.id === userId));

async function expectOktaError(p: Promise<unknown>, status: number, errorCode: string): Promise<OktaApiError> {
  const err = await p.then(
    () => new Error("expected an OktaApiError"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OktaApiError);
  expect((err as OktaApiError).status).toBe(status);
  expect((err as OktaApiError).errorCode).toBe(errorCode);
  return err as OktaApiError;
}

describe("push", () => {
  it("number matching: 201 WAITING with correctAnswer, poll and cancel links; the poll repeats the challenge", async () => {
    const { user, f } = userWith(["push"]);
    const asked = Date.now();
    const sent = await sdk.userFactorApi.verifyFactor({ userId: user.id, factorId: f.push!.id, body: { useNumberMatchingChallenge: true } as never });
    const answered = Date.now();
    const r = sent as unknown as { factorResult: string; expiresAt: Date; _embedded: { challenge: { correctAnswer: number } }; _links: { poll: { href: string }; cancel: { href: string } } };
    expect(r.factorResult).toBe("WAITING");
    expect(r._embedded.challenge.correctAnswer).toBeGreaterThanOrEqual(10);
    expect(r._links.poll.href).toBe(r._links.cancel.href);
    expect(r._links.poll.href).toMatch(new RegExp(`/api/v1/users/${user.id}/factors/${f.push!.id}/transactions/v2mst\\.\\w{22}$`));
    const expires = Date.parse(String(r.expiresAt));
    // Five minutes from when the emulator answered (between our send and receipt; a loaded machine may
    // take a while), at Okta's whole-second precision.
    expect(expires).toBeGreaterThanOrEqual(asked + 300_000 - 1_000);
    expect(expires).toBeLessThanOrEqual(answered + 300_000);

    const poll = await api("GET", txPath(user, f.push!, txIdOf(r)));
    expect(poll.status).toBe(200);
    expect(poll.body).toMatchObject({ factorResult: "WAITING", profile: { credentialId: user.profile.login }, _embedded: { challenge: { correctAnswer: r._embedded.challenge.correctAnswer } } });
    expect(component("UserFactorPushTransactionWaitingNMC", poll.body)).toBeNull();
    // ...and the check bites: a number sent as a string is not Okta's shape.
    expect(component("UserFactorPushTransactionWaitingNMC", { ...poll.body, _embedded: { challenge: { correctAnswer: "72" } } })).not.toBeNull();
    expect(events(user.id, "system.push.send_factor_verify_push")[0]).toMatchObject({ actor: { id: fx.admin.id }, outcome: { result: "SUCCESS" } });
  });

  it("a plain push (no body) has no number challenge", async () => {
    const { user, f } = userWith(["push"]);
    const sent = await api("POST", verifyPath(user, f.push!));
    expect(sent.status).toBe(201);
    expect(sent.body._embedded).toBeUndefined();
    const poll = await api("GET", txPath(user, f.push!, txIdOf(sent.body)));
    expect(poll.body._embedded).toBeUndefined();
    expect(component("UserFactorPushTransactionWaitingNoNMC", poll.body)).toBeNull();
    // The phone approves it without a number.
    const listed = await control("GET", "/__emulator/orgs/acme/pushes");
    const mine = listed.body.find((p: { transactionId: string }) => p.transactionId === txIdOf(sent.body));
    expect(mine).toMatchObject({ numberMatching: false, choices: [], login: user.profile.login, device: "iPhone 15", status: "WAITING" });
    expect((await control("POST", `/__emulator/orgs/acme/pushes/${mine.transactionId}/approve`)).body.status).toBe("SUCCESS");
    expect((await api("GET", txPath(user, f.push!, mine.transactionId))).body).toEqual({ factorResult: "SUCCESS" });
  });

  it("the phone approves with the right number: SUCCESS (the SDK's poll sees it); answering twice is refused", async () => {
    const { user, f } = userWith(["push"]);
    const sent = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    const tx = txIdOf(sent.body);
    const listed = (await control("GET", "/__emulator/orgs/acme/pushes")).body.find((p: { transactionId: string }) => p.transactionId === tx);
    expect(listed.numberMatching).toBe(true);
    expect(listed.choices).toHaveLength(3);
    expect(new Set(listed.choices).size).toBe(3);
    expect(listed.choices).toContain(sent.body._embedded.challenge.correctAnswer);
    expect(listed).not.toHaveProperty("correctAnswer");

    expect((await control("POST", `/__emulator/orgs/acme/pushes/${tx}/approve`)).status).toBe(400); // number matching needs the number
    const approved = await control("POST", `/__emulator/orgs/acme/pushes/${tx}/approve`, { number: sent.body._embedded.challenge.correctAnswer });
    expect(approved.body.status).toBe("SUCCESS");
    const polled = await sdk.userFactorApi.getFactorTransactionStatus({ userId: user.id, factorId: f.push!.id, transactionId: tx });
    expect(polled.factorResult).toBe("SUCCESS");
    expect((await control("POST", `/__emulator/orgs/acme/pushes/${tx}/reject`)).status).toBe(409);
    expect(events(user.id, "user.authentication.auth_via_mfa")).toMatchObject([{ actor: { id: user.id }, outcome: { result: "SUCCESS" } }]);
    expect((await control("GET", "/__emulator/orgs/acme/pushes")).body.map((p: { transactionId: string }) => p.transactionId)).not.toContain(tx);
    expect((await control("GET", "/__emulator/orgs/acme/pushes?all=true")).body.map((p: { transactionId: string }) => p.transactionId)).toContain(tx);
  });

  it("a wrong number or a rejection: REJECTED, with links to verify again", async () => {
    const { user, f } = userWith(["push"]);
    const a = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    const wrong = em.pendingPushes("acme").find((p) => p.transactionId === txIdOf(a.body))!.choices.find((n) => n !== a.body._embedded.challenge.correctAnswer)!;
    expect((await control("POST", `/__emulator/orgs/acme/pushes/${txIdOf(a.body)}/approve`, { number: wrong })).body.status).toBe("REJECTED");
    const polledA = await api("GET", txPath(user, f.push!, txIdOf(a.body)));
    expect(polledA.body).toMatchObject({ factorResult: "REJECTED", profile: { credentialId: user.profile.login }, _links: { verify: { href: expect.stringMatching(/\/verify$/) }, factor: { href: expect.stringContaining(f.push!.id) } } });
    expect(component("UserFactorPushTransactionRejected", polledA.body)).toBeNull();

    const b = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    expect((await control("POST", `/__emulator/orgs/acme/pushes/${txIdOf(b.body)}/reject`)).body.status).toBe("REJECTED");
    expect((await api("GET", txPath(user, f.push!, txIdOf(b.body)))).body.factorResult).toBe("REJECTED");
    expect(events(user.id, "user.mfa.okta_verify.deny_push")).toMatchObject([{ actor: { id: user.id }, outcome: { result: "FAILURE" } }]);
    expect(events(user.id, "user.authentication.auth_via_mfa").map((e) => e.outcome.result)).toEqual(["FAILURE", "FAILURE"]);
  });

  it("expires to TIMEOUT after the push lifetime (configurable through /__emulator/config)", async () => {
    const cfg = await control("POST", "/__emulator/config", { pushLifetimeMs: 120 });
    expect(cfg.body.pushLifetimeMs).toBe(120);
    const { user, f } = userWith(["push"]);
    const sent = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    await new Promise((r) => setTimeout(r, 200));
    const polled = await api("GET", txPath(user, f.push!, txIdOf(sent.body)));
    expect(polled.body).toMatchObject({ factorResult: "TIMEOUT", _links: { verify: {}, factor: {} } });
    expect(component("UserFactorPushTransactionTimeout", polled.body)).toBeNull();
    expect((await control("POST", `/__emulator/orgs/acme/pushes/${txIdOf(sent.body)}/approve`, { number: sent.body._embedded.challenge.correctAnswer })).status).toBe(409);
    expect((await control("POST", "/__emulator/config", { pushLifetimeMs: 0 })).status).toBe(400);
  });

  it("a transaction is only found under its own user and factor; Okta serves no DELETE on it", async () => {
    const a = userWith(["push"]);
    const b = userWith(["push"]);
    const sent = await api("POST", verifyPath(a.user, a.f.push!));
    const tx = txIdOf(sent.body);
    expect((await api("GET", txPath(b.user, b.f.push!, tx))).body.errorCode).toBe("E0000007");
    expect((await api("GET", txPath(a.user, a.f.push!, "v2mst.nope"))).status).toBe(404);
    expect((await api("DELETE", txPath(a.user, a.f.push!, tx))).status).toBe(405);
  });
});

describe("one-time codes", () => {
  for (const [kind, eventType] of [
    ["sms", "system.sms.send_factor_verify_message"],
    ["call", "system.voice.send_mfa_challenge_call"],
    ["email", "system.email.send_factor_verify_message"],
  ] as const) {
    it(`${kind}: a challenge, then the right code once; wrong and reused codes are E0000068`, async () => {
      const { user, f } = userWith([kind]);
      const challenge = await sdk.userFactorApi.verifyFactor({ userId: user.id, factorId: f[kind]!.id });
      expect(challenge.factorResult).toBe("CHALLENGE");
      const raw = await api("POST", verifyPath(user, f[kind]!), {});
      expect(raw.body).toMatchObject({ factorResult: "CHALLENGE", _links: { verify: { href: expect.stringMatching(/\/verify$/) }, factor: {} } });
      expect(events(user.id, eventType)).toHaveLength(2);

      const otp = await control("GET", `/__emulator/orgs/acme/otp?user=${encodeURIComponent(user.profile.login)}`);
      expect(otp.body).toMatchObject({ userId: user.id, factorId: f[kind]!.id, factorType: kind, used: false, expired: false });
      expect(otp.body.code).toMatch(/^\d{6}$/);
      const wrong = otp.body.code === "000000" ? "000001" : "000000";
      const err = await expectOktaError(sdk.userFactorApi.verifyFactor({ userId: user.id, factorId: f[kind]!.id, body: { passCode: wrong } as never }), 403, "E0000068");
      expect(err.errorSummary).toBe("Invalid Passcode/Answer");
      expect(err.errorCauses).toEqual([{ errorSummary: "Your passcode doesn't match our records. Please try again." }]);
      const ok = await sdk.userFactorApi.verifyFactor({ userId: user.id, factorId: f[kind]!.id, body: { passCode: otp.body.code } as never });
      expect(ok.factorResult).toBe("SUCCESS");
      expect((await api("POST", verifyPath(user, f[kind]!), { passCode: otp.body.code })).body.errorCode).toBe("E0000068");
      expect(events(user.id, "user.authentication.auth_via_mfa").map((e) => [e.actor.id, e.outcome.result])).toEqual([
        [user.id, "FAILURE"],
        [user.id, "SUCCESS"],
        [user.id, "FAILURE"],
      ]);
      expect(em.lastOtp("acme", user.id)).toMatchObject({ used: true });
    });
  }

  it("no challenge sent: E0000068; a new challenge replaces the old code", async () => {
    const { user, f } = userWith(["sms"]);
    expect((await api("POST", verifyPath(user, f.sms!), { passCode: "123456" })).body.errorCode).toBe("E0000068");
    await api("POST", verifyPath(user, f.sms!));
    const first = em.lastOtp("acme", user.id)!.code;
    await api("POST", verifyPath(user, f.sms!));
    const second = em.lastOtp("acme", user.id)!.code;
    if (first !== second) expect((await api("POST", verifyPath(user, f.sms!), { passCode: first })).status).toBe(403);
    expect((await api("POST", verifyPath(user, f.sms!), { passCode: second })).body).toEqual({ factorResult: "SUCCESS" });
  });

  it("tokenLifetimeSeconds bounds the code's life: past it the right code answers EXPIRED", async () => {
    const { user, f } = userWith(["email"]);
    expect((await api("POST", `${verifyPath(user, f.email!)}?tokenLifetimeSeconds=0`)).body.errorCode).toBe("E0000001");
    expect((await api("POST", `${verifyPath(user, f.email!)}?tokenLifetimeSeconds=1`)).status).toBe(200);
    const { code, expiresAt, sentAt } = em.lastOtp("acme", user.id)!;
    expect(Date.parse(expiresAt) - Date.parse(sentAt!)).toBe(1000);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api("POST", verifyPath(user, f.email!), { passCode: code })).body).toEqual({ factorResult: "EXPIRED" });
  });

  it("TOTP: the code of now verifies; a wrong one is E0000068; without one E0000001", async () => {
    const { user, f } = userWith(["token:software:totp"]);
    const now = await control("GET", `/__emulator/orgs/acme/otp?user=${user.id}&factorId=${f["token:software:totp"]!.id}`);
    expect(now.body.code).toMatch(/^\d{6}$/);
    expect((await api("POST", verifyPath(user, f["token:software:totp"]!))).body.errorCode).toBe("E0000001");
    const wrong = String((Number(now.body.code) + 500_000) % 1_000_000).padStart(6, "0");
    expect((await api("POST", verifyPath(user, f["token:software:totp"]!), { passCode: wrong })).body.errorCode).toBe("E0000068");
    expect((await api("POST", verifyPath(user, f["token:software:totp"]!), { passCode: now.body.code })).body).toEqual({ factorResult: "SUCCESS" });
  });

  it("the control endpoint answers 404 when no code was sent, 400 without a user", async () => {
    const { user } = userWith(["sms"]);
    expect((await control("GET", `/__emulator/orgs/acme/otp?user=${user.id}`)).status).toBe(404);
    expect((await control("GET", `/__emulator/orgs/acme/otp`)).status).toBe(400);
    expect((await control("GET", `/__emulator/orgs/nope/otp?user=x`)).status).toBe(404);
  });
});

describe("refusals", () => {
  it("unknown user or factor: 404 E0000007", async () => {
    const { user, f } = userWith(["sms"]);
    await expectOktaError(sdk.userFactorApi.verifyFactor({ userId: user.id, factorId: "mfaNope0000000000000" }), 404, "E0000007");
    await expectOktaError(sdk.userFactorApi.verifyFactor({ userId: "00uNope0000000000000", factorId: f.sms!.id }), 404, "E0000007");
    expect((await api("POST", verifyPath(user, f.sms!).replace(f.sms!.id, "mfaNope0000000000000"))).body.errorSummary).toMatch(/\(UserFactor\)$/);
  });

  it("a factor that is not active, a user who is not active, a factor type that cannot be verified", async () => {
    const pending = userWith(["sms"], "PENDING_ACTIVATION");
    expect((await api("POST", verifyPath(pending.user, pending.f.sms!))).body).toMatchObject({ errorCode: "E0000001" });
    const suspended = userWith(["push"]);
    suspended.user.status = "SUSPENDED";
    expect(await api("POST", verifyPath(suspended.user, suspended.f.push!))).toMatchObject({ status: 403, body: { errorCode: "E0000038" } });
    suspended.user.status = "LOCKED_OUT"; // a locked-out caller can still be verified
    expect((await api("POST", verifyPath(suspended.user, suspended.f.push!))).status).toBe(201);
    const key = userWith(["webauthn"]);
    expect((await api("POST", verifyPath(key.user, key.f.webauthn!))).body.errorCode).toBe("E0000001");
    expect(em.pendingPushes("acme").filter((p) => p.userId === pending.user.id)).toEqual([]);
  });

  it("malformed bodies", async () => {
    const { user, f } = userWith(["sms", "push"]);
    expect((await api("POST", verifyPath(user, f.sms!), [1, 2])).body.errorCode).toBe("E0000003");
    expect((await api("POST", verifyPath(user, f.sms!), { passCode: 123456 })).body.errorCode).toBe("E0000001");
    expect((await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: "yes" })).body.errorCode).toBe("E0000001");
    expect(em.lastOtp("acme", user.id)).toBeNull();
  });
});

describe("the phone", () => {
  it("the in-process controls match the endpoints; reset forgets pushes and codes", async () => {
    const { user, f } = userWith(["push", "sms"]);
    const sent = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    const tx = txIdOf(sent.body);
    expect(em.pendingPushes("acme").map((p) => p.transactionId)).toContain(tx);
    expect(() => em.approvePush("acme", "v2mst.none")).toThrow(/No push transaction/);
    expect(em.rejectPush("acme", tx).status).toBe("REJECTED");
    await api("POST", verifyPath(user, f.sms!));
    expect(em.lastOtp("acme", user.profile.login)?.factorId).toBe(f.sms!.id);
    em.resetOrg("acme");
    expect(em.pendingPushes("acme", { all: true })).toEqual([]);
    expect(em.lastOtp("acme", user.id)).toBeNull();
    taken.clear();
  });

  it("the demo page shows the waiting push with its three numbers and the codes sent, and answers from its buttons", async () => {
    const { user, f } = userWith(["push", "email"]);
    const sent = await api("POST", verifyPath(user, f.push!), { useNumberMatchingChallenge: true });
    await api("POST", verifyPath(user, f.email!));
    const page = await control("GET", "/__emulator/phone?org=acme");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = String(page.body);
    expect(html).toContain(user.profile.login);
    for (const n of em.pendingPushes("acme").find((p) => p.transactionId === txIdOf(sent.body))!.choices) expect(html).toContain(`aria-label="Approve with ${n}"`);
    expect(html).toContain(em.lastOtp("acme", user.id)!.code);
    const answer = await control("POST", `/__emulator/phone/answer?org=acme&tx=${encodeURIComponent(txIdOf(sent.body))}&action=approve&number=${sent.body._embedded.challenge.correctAnswer}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/__emulator/phone?org=acme");
    expect((await api("GET", txPath(user, f.push!, txIdOf(sent.body)))).body.factorResult).toBe("SUCCESS");
    expect(String((await control("GET", "/__emulator/phone")).body)).toContain("Pick an org");
  });
});

describe("demo seed", () => {
  it("gives every demo customer org people to verify by push, by code only, and one with no factor at all", () => {
    for (const spec of DEMO_CUSTOMERS.filter((c) => c.slug === "acme" || c.slug === "globex")) {
      const org = buildCustomerOrg({ ...spec, history: undefined }, "demo", Date.parse("2026-06-01T00:00:00Z")).builder.org;
      const admins = new Set([...org.users.values()].filter((u) => userRolesOf(org, u.id).length > 0).map((u) => u.id));
      const types = VERIFICATION_PERSONAS.map((p) => {
        const u = personaOf(org.users.values(), p.department, admins)!;
        expect(u, `${spec.slug} ${p.department}`).toBeDefined();
        expect(u.status).toBe("ACTIVE");
        return (org.factors.get(u.id) ?? []).filter((f) => f.status === "ACTIVE").map((f) => f.factorType);
      });
      expect(types).toEqual([["push", "sms", "email"], ["push", "email"], ["sms", "call"], []]);
      // The README names Acme's: keep it in step when the seed changes.
      if (spec.slug === "acme") {
        expect(VERIFICATION_PERSONAS.map((p) => personaOf(org.users.values(), p.department, admins)!.profile.login)).toEqual([
          "amelia.nelson@acme.example",
          "sarah.castillo@acme.example",
          "gabriella.king@acme.example",
          "hannah.roberts@acme.example",
        ]);
      }
      const pushers = [...org.factors.values()].filter((fs) => fs.some((f) => f.factorType === "push" && f.status === "ACTIVE"));
      expect(pushers.length).toBeGreaterThanOrEqual(3);
    }
  });
});
