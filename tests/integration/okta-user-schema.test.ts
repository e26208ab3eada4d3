// lib/okta/user-schema.ts against the emulator: the org's attributes (base + custom, enum titles,
// attribute-level mastering), the per-tenant cache (one Okta request per minute per tenant, concurrent
// readers share it, failures are not cached), and the fallback when the token may not read the schema.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildCustomerOrg } from "../../emulator/seeds/customer";
import { DEMO_CUSTOMERS } from "../../emulator/seeds";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import { clearUserSchemaCache, customAttributes, oktaMasteredAttributes, parseUserSchema, readUserSchema, readUserSchemaOrBase, SCHEMA_TTL_MS } from "@/lib/okta/user-schema";
import { attributeLock, userSource } from "@/lib/users/mastery";

let emu: RunningEmulator;
const gateways: Record<string, OktaGateway> = {};

beforeAll(async () => {
  const orgs = ["acme", "initech", "umbrella", "globex"].map((slug) => {
    const spec = DEMO_CUSTOMERS.find((c) => c.slug === slug)!;
    return buildCustomerOrg({ ...spec, users: 40, history: undefined }, "demo", Date.now()).builder.org;
  });
  emu = await startEmulator({ port: 0, orgs });
  for (const org of orgs) {
    gateways[org.slug] = createOktaGateway({ tenantId: `t-${org.slug}`, orgUrl: emu.orgUrl(org.slug), credential: { type: "ssws", token: org.apiTokens[0]!.token }, allowLocalOrgUrls: true });
  }
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  clearUserSchemaCache();
  emu.clearFaults();
  emu.clearRequests();
});

const schemaRequests = (slug: string) => emu.requests(slug).requests.filter((r) => r.path === "/api/v1/meta/schemas/user/default").length;

describe("readUserSchema", () => {
  it("reads base and custom attributes, with enum values and their titles", async () => {
    const attrs = await readUserSchema(gateways.acme!);
    const names = attrs.map((a) => a.name);
    expect(names.slice(0, 3)).toEqual(["login", "firstName", "lastName"]);
    expect(attrs.find((a) => a.name === "login")).toMatchObject({ title: "Username", type: "string", required: true, custom: false, unique: true });
    expect(attrs.find((a) => a.name === "department")).toMatchObject({ required: false, custom: false, readOnly: false });
    expect(customAttributes(attrs).map((a) => a.name)).toEqual(["startDate", "workplace"]);
    const workplace = attrs.find((a) => a.name === "workplace")!;
    expect(workplace.enum).toEqual(["Office", "Hybrid", "Remote"]);
    expect(workplace.options).toEqual([
      { value: "Office", label: "Office" },
      { value: "Hybrid", label: "Hybrid" },
      { value: "Remote", label: "Remote" },
    ]);
    // Okta-mastered org: Okta's default, every attribute PROFILE_MASTER (and Okta is the master).
    expect(oktaMasteredAttributes(attrs)).toEqual([]);
  });

  it("in the AD-mastered org, names what Okta owns: those stay editable for AD users, the rest read-only", async () => {
    const attrs = await readUserSchema(gateways.initech!);
    expect(customAttributes(attrs).map((a) => a.name)).toEqual(["samAccountName", "userPrincipalName", "distinguishedName", "windowsDomainQualifiedName", "startDate", "workplace"]);
    const okta = oktaMasteredAttributes(attrs);
    expect(okta).toEqual(expect.arrayContaining(["mobilePhone", "secondEmail", "startDate", "workplace"]));
    expect(okta).not.toContain("department");
    expect(attrs.find((a) => a.name === "samAccountName")).toMatchObject({ master: "PROFILE_MASTER", unique: true, maxLength: 20 });
    const ad = userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" });
    expect(attributeLock(ad, "department", { oktaMasteredAttributes: okta }).readOnly).toBe(true);
    expect(attributeLock(ad, "mobilePhone", { oktaMasteredAttributes: okta }).readOnly).toBe(false);
  });

  it("in the HR-mastered org, the HR attributes belong to the HR system", async () => {
    const attrs = await readUserSchema(gateways.umbrella!);
    const employeeType = attrs.find((a) => a.name === "employeeType")!;
    expect(employeeType).toMatchObject({ custom: true, master: "PROFILE_MASTER", oktaMastered: false });
    expect(employeeType.options?.[0]).toEqual({ value: "Full-Time", label: "Full-time" });
    expect(oktaMasteredAttributes(attrs)).toContain("workplace");
    expect(oktaMasteredAttributes(attrs)).not.toContain("hireDate");
  });

  it("caches per tenant: one Okta request for many reads within the TTL, concurrent readers share it", async () => {
    const now = Date.now();
    const [a, b] = await Promise.all([readUserSchema(gateways.acme!, { now }), readUserSchema(gateways.acme!, { now })]);
    expect(a).toBe(b);
    await readUserSchema(gateways.acme!, { now: now + SCHEMA_TTL_MS - 1 });
    expect(schemaRequests("acme")).toBe(1);
    // Another tenant has its own entry.
    await readUserSchema(gateways.initech!, { now });
    expect(schemaRequests("initech")).toBe(1);
    // After the TTL, read again.
    await readUserSchema(gateways.acme!, { now: now + SCHEMA_TTL_MS });
    expect(schemaRequests("acme")).toBe(2);
  });

  it("does not cache a failure", async () => {
    emu.addFault({ org: "acme", method: "GET", pathPattern: "/api/v1/meta/schemas/user/default", status: 500, count: 1 });
    await expect(readUserSchema(gateways.acme!)).rejects.toMatchObject({ status: 500 });
    const attrs = await readUserSchema(gateways.acme!);
    expect(attrs.length).toBeGreaterThan(30);
    expect(schemaRequests("acme")).toBe(2);
  });

  it("falls back to the base attributes, with the reason, when the token may not read the schema (Help Desk admin)", async () => {
    const read = await readUserSchemaOrBase(gateways.globex!);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toMatch(/custom attributes could not be read/);
    expect(read.attributes.map((a) => a.name)).toContain("department");
    expect(customAttributes(read.attributes)).toEqual([]);
  });
});

describe("parseUserSchema", () => {
  it("takes enum values from oneOf when enum is absent, reads mutability and tolerates junk", () => {
    const attrs = parseUserSchema({
      definitions: {
        base: { properties: { login: { title: "Username", type: "string", required: true } }, required: ["login"] },
        custom: {
          properties: {
            size: { title: "Size", type: "string", oneOf: [{ const: "S", title: "Small" }, { const: "L", title: "Large" }] },
            badge: { title: "Badge", type: "integer", mutability: "READ_ONLY" },
            tags: { title: "Tags", type: "array", items: { type: "string" } },
            broken: "nope",
          },
          required: ["badge"],
        },
      },
    });
    expect(attrs.map((a) => a.name)).toEqual(["login", "size", "badge", "tags"]);
    expect(attrs[1]).toMatchObject({ enum: ["S", "L"], options: [{ value: "S", label: "Small" }, { value: "L", label: "Large" }] });
    expect(attrs[2]).toMatchObject({ required: true, readOnly: true, readOnlyReason: "Read-only in this org's Okta profile schema." });
    expect(attrs[3]).toMatchObject({ type: "array", itemType: "string" });
    expect(parseUserSchema(null)).toEqual([]);
  });
});
