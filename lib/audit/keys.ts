// AUDIT_KEYS: the HMAC keys of the audit chain. `AUDIT_KEYS="k2026b:<base64 32 bytes>,k2026a:<base64>"`:
// the FIRST key keys every new row, the others only verify older rows (rotation). No server-only marker:
// lib/env.ts and `npm run audit:verify` (outside Next) parse the same way.

export interface AuditKey {
  id: string;
  key: Buffer;
}

export type AuditKeysParse = { ok: true; keys: AuditKey[] } | { ok: false; problem: string };

/** Parses "keyId:base64Key,..." (32-byte keys, unique ids of letters, digits, _ and -). */
export function parseAuditKeys(value: string): AuditKeysParse {
  const keys: AuditKey[] = [];
  for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    const idx = part.indexOf(":");
    const id = part.slice(0, idx);
    const key = Buffer.from(part.slice(idx + 1), "base64");
    if (idx < 1 || id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
      return { ok: false, problem: "each entry must be keyId:base64 of exactly 32 bytes" };
    }
    if (keys.some((k) => k.id === id)) return { ok: false, problem: `names key "${id}" twice` };
    keys.push({ id, key });
  }
  if (keys.length === 0) return { ok: false, problem: "needs at least one key" };
  return { ok: true, keys };
}

/** Key id -> key, for verification. */
export function keyRing(keys: readonly AuditKey[]): Map<string, Buffer> {
  return new Map(keys.map((k) => [k.id, k.key]));
}
