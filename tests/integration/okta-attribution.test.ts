// Attribution in Okta (issue 8, item 9): every Okta call an action makes carries a User-Agent extension
// naming the console, the staff member and the ticket ID; Okta (here the emulator) records it on the
// System Log events the call causes (client.userAgent.rawUserAgent) and in its request log.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import { tenantAction, type CoreArgs, type GatewayFactory } from "@/lib/actions";
import { oktaReads } from "@/lib/actions/audit-throttle";
import type { StaffIdentity } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { attributionUserAgent, parseAttribution, sanitizeAttributionValue, withAttribution } from "@/lib/okta/attribution";
import { createOktaGateway } from "@/lib/okta/gateway";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

let emu: RunningEmulator;
beforeAll(async () => {
  const spec = DEMO_CUSTOMERS.find((c) => c.slug === "acme")!;
  emu = await startEmulator({ port: 0, orgs: [buildCustomerOrg({ ...spec, users: 60, history: undefined }, "demo", Date.now()).builder.org] });
});
afterAll(async () => emu?.stop());

const gatewayFor =
  (db: Db): GatewayFactory =>
  async (tenant) => {
    const row = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    return createOktaGateway({ tenantId: row.id, orgUrl: emu.orgUrl("acme"), credential: { type: "ssws", token: emu.org("acme").apiTokens[0]!.token }, allowLocalOrgUrls: true });
  };

const unlock = tenantAction(
  { name: "test.attribution_unlock", permission: "users.unlock", input: z.object({ userId: z.string() }), auditFields: ["userId"] },
  async (ctx, input) => {
    await ctx.okta.client.userApi.unlockUser({ userId: input.userId });
    return "unlocked";
  },
);
const readUser = tenantAction(
  { name: "test.attribution_read", permission: "users.read", input: z.object({ userId: z.string() }), readOnly: true, auditFields: ["userId"] },
  async (ctx, input) => (await ctx.okta.client.userApi.getUser({ userId: input.userId })).id,
);

describeDatabases("attribution in Okta", (getDb) => {
  let staff: StaffIdentity;
  beforeEach(async () => {
    const db = getDb();
    await resetDatabase(db);
    oktaReads.reset();
    emu.resetOrg("acme");
    emu.clearRequests();
    const tenant = await db.tenant.create({ data: { slug: "acme", name: "Acme", orgUrl: "https://acme.okta.com" } });
    const row = await db.staffUser.create({ data: { email: "tech@msp.test", name: "Tech" } });
    await db.staffGrant.create({ data: { staffId: row.id, role: "technician", tenantId: tenant.id } });
    staff = { staffId: row.id, sessionId: "s-tech", email: "tech@msp.test", name: "Tech", oidcGroups: [] };
  });
  const args = (rawInput: unknown): CoreArgs => ({ db: getDb(), staff, slug: "acme", rawInput, meta: { ip: "198.51.100.7", userAgent: "vitest" }, gatewayFor: gatewayFor(getDb()) });
  const lockedUser = () => [...emu.org("acme").users.values()].find((u) => u.status === "LOCKED_OUT" && u.credentials.provider.type === "OKTA")!;

  it("an action's Okta event names the staff member and the ticket in rawUserAgent", async () => {
    const user = lockedUser();
    const r = await unlock.run(args({ userId: user.id, ticketId: "INC-1042" }));
    expect(r).toEqual({ ok: true, data: "unlocked" });
    const event = emu.org("acme").logs.filter((e) => e.eventType === "user.account.unlock" && e.target?.[0]?.id === user.id).at(-1)!;
    expect(event.client.userAgent.rawUserAgent).toMatch(/^okta-msp-console @okta\/okta-sdk-nodejs\/\S+ .* okta-msp-console\/0\.1 \(staff=tech@msp\.test; ticket=INC-1042\)$/);
    // The audit row's Okta request id is the event's transaction id: one story in both logs.
    const outcome = await getDb().auditEvent.findFirstOrThrow({ where: { action: "test.attribution_unlock", outcome: "success" } });
    expect(JSON.stringify(outcome.oktaRequestIds)).toContain(event.transaction.id);
    const logged = emu.requests("acme").requests.find((q) => q.path === `/api/v1/users/${user.id}/lifecycle/unlock`)!;
    expect(logged.userAgent).toContain("(staff=tech@msp.test; ticket=INC-1042)");
  });

  it("without a ticket the extension names the staff member only; reads carry it too", async () => {
    const user = lockedUser();
    expect(await readUser.run(args({ userId: user.id }))).toEqual({ ok: true, data: user.id });
    const logged = emu.requests("acme").requests.find((q) => q.path === `/api/v1/users/${user.id}`)!;
    expect(logged.userAgent).toMatch(/ okta-msp-console\/0\.1 \(staff=tech@msp\.test\)$/);
  });

  it("a call outside any action carries no staff attribution", async () => {
    const gateway = await gatewayFor(getDb())({ id: (await getDb().tenant.findFirstOrThrow()).id }, getDb());
    await gateway.client.userApi.getUser({ userId: "me" });
    const logged = emu.requests("acme").requests.at(-1)!;
    expect(logged.userAgent).toMatch(/^okta-msp-console @okta\/okta-sdk-nodejs\//);
    expect(logged.userAgent).not.toContain("staff=");
  });
});

it("sanitizes values to safe characters and appends the extension once", () => {
  expect(sanitizeAttributionValue("Zoë (admin); x=y")).toBe("Zoe___admin___x_y");
  expect(attributionUserAgent({ staff: "a@b.example", ticketId: "CHG 12;)" })).toBe("okta-msp-console/0.1 (staff=a@b.example; ticket=CHG_12__)");
  expect(attributionUserAgent({ staff: "  " })).toBeNull();
  expect(attributionUserAgent(undefined)).toBeNull();
  const once = withAttribution("sdk/1", { staff: "a@b.example", ticketId: "T-1" });
  expect(withAttribution(once, { staff: "a@b.example", ticketId: "T-1" })).toBe("sdk/1 okta-msp-console/0.1 (staff=a@b.example; ticket=T-1)");
  expect(sanitizeAttributionValue("x".repeat(500))).toHaveLength(120);
});

it("reads the extension back from a recorded User-Agent (round trip), and nothing from other agents", () => {
  const ua = withAttribution("okta-sdk-nodejs/8.1.0 node/20", { staff: "Zoë@msp.example", ticketId: "INC 7" });
  expect(parseAttribution(ua)).toEqual({ staff: "Zoe_@msp.example", ticketId: "INC_7" });
  expect(parseAttribution(withAttribution("sdk/1", { staff: "a@b.example" }))).toEqual({ staff: "a@b.example", ticketId: null });
  expect(parseAttribution("Mozilla/5.0 (X11; Linux x86_64)")).toBeNull();
  expect(parseAttribution("okta-msp-console/0.1 (staff=)")).toBeNull();
  expect(parseAttribution(undefined)).toBeNull();
});
