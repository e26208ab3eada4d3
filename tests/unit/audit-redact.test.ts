import { describe, expect, it } from "vitest";
import { inputSummaryJson, redactInput, REDACTED } from "@/lib/audit/redact";
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
});
