import { describe, expect, it } from "vitest";
import { inputSummaryJson, maskSecrets, pickAuditFields, redactInput, REDACTED } from "@/lib/audit/redact";
import { auditContent } from "@/lib/audit/append";
import { chainHash, GENESIS_HASH } from "@/lib/audit/chain";

describe("audit input redaction", () => {
  it("removes secret-looking keys at any depth", () => {
    const out = redactInput({
      login: "a@b.c",
      password: "hunter2",
      apiToken: "00abc",
      nested: { clientSecret: "s", privateKey: "k", Authorization: "SSWS x", list: [{ credentials: { value: "v" } }] },
    });
    expect(out).toEqual({
      login: "a@b.c",
      password: REDACTED,
      apiToken: REDACTED,
      nested: { clientSecret: REDACTED, privateKey: REDACTED, Authorization: REDACTED, list: [{ credentials: REDACTED }] },
    });
    expect(inputSummaryJson({ token: "abc" })).not.toContain("abc");
  });

  it("truncates long strings and bounds arrays", () => {
    const out = redactInput({ note: "x".repeat(1000), ids: Array.from({ length: 80 }, (_, i) => i) }) as { note: string; ids: unknown[] };
    expect(out.note.length).toBeLessThan(260);
    expect(out.note).toContain("+800 chars");
    expect(out.ids).toHaveLength(51);
  });

  it("copes with circular values, dates and bigint", () => {
    const a: Record<string, unknown> = { when: new Date("2026-01-01T00:00:00Z"), n: BigInt(5) };
    a.self = a;
    expect(redactInput(a)).toEqual({ when: "2026-01-01T00:00:00.000Z", n: "5", self: "[circular]" });
  });

  it("hashes the same content the same way and any change differently", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const c = auditContent({ action: "user.unlock", outcome: "success", input: { id: "1" } }, at);
    expect(chainHash(GENESIS_HASH, c)).toBe(chainHash(GENESIS_HASH, { ...c }));
    expect(chainHash(GENESIS_HASH, { ...c, outcome: "denied" })).not.toBe(chainHash(GENESIS_HASH, c));
    expect(chainHash("1".repeat(64), c)).not.toBe(chainHash(GENESIS_HASH, c));
  });
  it("masks secret-looking values whatever their field name", () => {
    const oktaToken = `00${"aB3_-x9Kq".repeat(4)}zQ1w`;
    expect(oktaToken).toHaveLength(42);
    const jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMHUxIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLWJ5dGVz";
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const out = redactInput({
      note: oktaToken,
      comment: `the token is ${oktaToken}, please rotate`,
      header: `SSWS ${oktaToken}`,
      auth: `Bearer ${jwt}`,
      idToken2: jwt,
      certificate: pem,
      code: "123456",
      spaced: "482 913",
      numericCode: 84213977,
      random: "kQ9vX2mB7nR4tY8wZ1cF5hJ3lP6sD0gA",
      hex: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      jwk: { kty: "RSA", n: "sXch", e: "AQAB", d: "private-exponent" },
      serviceAccount: JSON.stringify({ type: "service_account", private_key: "-----BEGIN PRIVATE KEY-----x" }),
      embeddedJson: '{"client_id":"0oa1","client_secret":"abc"}',
    });
    expect(out).toEqual({
      note: REDACTED,
      comment: `the token is ${REDACTED}, please rotate`,
      header: `SSWS ${REDACTED}`,
      auth: `Bearer ${REDACTED}`,
      idToken2: REDACTED,
      certificate: REDACTED,
      code: REDACTED,
      spaced: REDACTED,
      numericCode: REDACTED,
      random: REDACTED,
      hex: REDACTED,
      jwk: REDACTED,
      serviceAccount: REDACTED,
      embeddedJson: `{"client_id":"0oa1","client_secret": "${REDACTED}"}`,
    });
    expect(inputSummaryJson({ note: oktaToken })).not.toContain(oktaToken.slice(2, 20));
  });

  it("keeps ordinary values: names, emails, URLs, Okta ids and paths, dates, short numbers", () => {
    const ordinary = {
      name: "Acme Corporation",
      email: "ada.lovelace@acme.example",
      orgUrl: "https://acme.okta.com/oauth2/default",
      userId: "00u1abcd2EFGH3ijkl4",
      path: "/api/v1/users/00u1abcd2EFGH3ijkl4/lifecycle/activate",
      tenantId: "clx1abcde0000abcdefghijkl",
      day: "2026-01-01",
      zip: "12345",
      count: 42,
      ticket: "INC-123456 for user",
      camel: "thisIsAVeryLongCamelCaseIdentifierNameWithoutDigits",
      sentence: "Bearer of bad news",
    };
    expect(redactInput(ordinary)).toEqual(ordinary);
  });

  it("keeps only the declared fields (allowlist), before any masking", () => {
    const input = { name: "Team", role: "helpdesk", tenantId: "t1", note: "anything", apiToken: "00x", nested: { a: 1 } };
    expect(pickAuditFields(input, ["name", "role", "tenantId"])).toEqual({ name: "Team", role: "helpdesk", tenantId: "t1" });
    expect(pickAuditFields(input, [])).toEqual({});
    expect(pickAuditFields({ name: undefined }, ["name", "missing"])).toEqual({});
    expect(pickAuditFields(null, ["name"])).toEqual({});
    expect(maskSecrets("plain words")).toBe("plain words");
  });
});
