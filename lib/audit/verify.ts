// Verifying the audit hash chain: walks every row in seq order, in batches (bounded memory), checks
// each row's hash (legacy rows: SHA-256; keyed rows: HMAC under the AUDIT_KEYS key the row names) and
// its link to the previous row, names the first row that was edited, removed, reordered or downgraded,
// then checks the chain head. It also says which key each stretch of rows used.
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { expectedHash, GENESIS_HASH } from "./chain";
import { keyRing, type AuditKey } from "./keys";

export type AuditChainProblem = "edited" | "removed" | "reordered" | "head mismatch" | "downgraded" | "unverifiable";

/** A run of consecutive rows hashed the same way: keyId null = legacy SHA-256. */
export interface AuditKeySegment {
  from: number;
  to: number;
  keyId: string | null;
  /** false: the key is not in the verifier's AUDIT_KEYS, so these rows' content could not be checked. */
  known: boolean;
}

interface Walked {
  /** Rows checked (on failure: the rows before the first bad one). */
  rows: number;
  segments: AuditKeySegment[];
  /** e.g. "rows 1–40 unkeyed (legacy sha256), 41–900 key k2026a". */
  summary: string;
}

export type AuditVerifyResult =
  | ({ ok: true } & Walked)
  | ({ ok: false; firstBadSeq: number; problem: AuditChainProblem; detail: string } & Walked);

const short = (h: string) => h.slice(0, 12);
const range = (s: { from: number; to: number }) => (s.from === s.to ? `${s.from}` : `${s.from}–${s.to}`);

/** "rows 1–40 unkeyed (legacy sha256), 41–900 key k2026a". */
export function describeSegments(segments: readonly AuditKeySegment[]): string {
  if (segments.length === 0) return "no rows";
  const parts = segments.map(
    (s) => `${range(s)} ${s.keyId === null ? "unkeyed (legacy sha256)" : `key ${s.keyId}${s.known ? "" : " (not in AUDIT_KEYS: not verified)"}`}`,
  );
  return `row${segments.length === 1 && segments[0]!.from === segments[0]!.to ? "" : "s"} ${parts.join(", ")}`;
}

/**
 * `rows` is the number of rows checked (on failure: the rows before the first bad one).
 * - edited: the row's content no longer matches its own hash (for keyed rows: its HMAC).
 * - removed: a seq is missing, rows at the end are gone, or a row links to a predecessor that no longer exists.
 * - reordered: the row that belongs at this position exists elsewhere in the table.
 * - downgraded: an unkeyed (legacy) row after keyed ones, or an unkeyed end of the log although this
 *   environment keys every new row: someone without the key rewrote rows as plain SHA-256.
 * - head mismatch: the chain head (AuditChainHead) disagrees with the last row.
 * - unverifiable: no other problem, but some rows are keyed with a key this environment does not hold
 *   (their links were checked, their content could not be).
 * `keys`: the AUDIT_KEYS ring (default: this environment's). Without keys, keyed rows are unverifiable.
 */
export async function verifyAuditChain(
  db: Db,
  { batchSize = 500, keys }: { batchSize?: number; keys?: readonly AuditKey[] } = {},
): Promise<AuditVerifyResult> {
  const keyList = keys ?? env().AUDIT_KEYS;
  const ring = keyRing(keyList);
  const segments: AuditKeySegment[] = [];
  let firstUnknown: { seq: number; keyId: string } | null = null;
  let lastKeyed: number | null = null;
  const walked = (): Walked => ({ rows, segments, summary: describeSegments(segments) });
  const fail = (firstBadSeq: number, problem: AuditChainProblem, detail: string): AuditVerifyResult => ({
    ok: false,
    firstBadSeq,
    problem,
    detail,
    ...walked(),
  });
  const note = (seq: number, keyId: string | null) => {
    const last = segments[segments.length - 1];
    if (last && last.keyId === keyId && last.to === seq - 1) last.to = seq;
    else segments.push({ from: seq, to: seq, keyId, known: keyId === null || ring.has(keyId) });
  };

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let lastSeen: number | undefined;

  // The row that truly follows `hash` in the chain, wherever it is stored now.
  const successorOf = (hash: string) => db.auditEvent.findFirst({ where: { prevHash: hash }, select: { seq: true } });

  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: lastSeen === undefined ? {} : { seq: { gt: lastSeen } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of batch) {
      lastSeen = row.seq;
      if (row.seq < expectedSeq) {
        return fail(row.seq, "reordered", `row #${row.seq} has a seq before the start of the chain (#1)`);
      }
      if (row.seq > expectedSeq) {
        const next = await successorOf(prevHash);
        if (next && next.seq !== expectedSeq) {
          return fail(expectedSeq, "reordered", `row #${expectedSeq} is missing from its place; the row that belongs there is stored as #${next.seq}`);
        }
        const last = row.seq - 1;
        return fail(expectedSeq, "removed", last === expectedSeq ? `row #${expectedSeq} is missing` : `rows #${expectedSeq}–#${last} are missing`);
      }
      if (row.keyId === null && lastKeyed !== null) {
        return fail(
          row.seq,
          "downgraded",
          `row #${row.seq} (${row.action}) is unkeyed (legacy sha256) but follows keyed row #${lastKeyed}: the console never writes an unkeyed row once keying began, so it was rewritten by someone without the key`,
        );
      }
      if (row.keyId === null && row.attemptSeq !== null) {
        return fail(row.seq, "edited", `row #${row.seq} (${row.action}) is unkeyed (legacy sha256) yet links to an attempt, which legacy rows never do: it was changed after it was written`);
      }
      const expected = expectedHash(row.prevHash, row, ring);
      if (expected.ok && expected.hash !== row.hash) {
        const how = row.keyId === null ? "its hash" : `its HMAC under key ${row.keyId}`;
        return fail(row.seq, "edited", `row #${row.seq} (${row.action}) does not match ${how}: its content was changed after it was written`);
      }
      if (!expected.ok) firstUnknown ??= { seq: row.seq, keyId: expected.keyId };
      if (row.keyId !== null) lastKeyed = row.seq;
      if (row.prevHash !== prevHash) {
        const next = await successorOf(prevHash);
        if (next && next.seq !== row.seq) {
          return fail(row.seq, "reordered", `row #${row.seq} is out of place: the row that follows #${row.seq - 1} in the chain is stored as #${next.seq}`);
        }
        const owner = await db.auditEvent.findUnique({ where: { hash: row.prevHash }, select: { seq: true } });
        if (owner) {
          return fail(row.seq, "reordered", `row #${row.seq} follows row #${owner.seq} in the chain but is stored after #${row.seq - 1}`);
        }
        return fail(row.seq, "removed", `row #${row.seq} links to a predecessor (${short(row.prevHash)}…) that is no longer in the log: a row before it was removed (and later rows renumbered) or row #${row.seq - 1} was rewritten`);
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
      note(row.seq, row.keyId);
    }
    if (batch.length < batchSize) break;
  }

  const lastSeq = expectedSeq - 1;
  const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head) {
    if (rows === 0) return { ok: true, ...walked() };
    return fail(lastSeq, "head mismatch", `the chain head is missing but the log has ${rows} rows`);
  }
  if (head.seq > lastSeq) {
    return fail(lastSeq + 1, "removed", head.seq === lastSeq + 1
          ? `row #${head.seq} (the last one written) is missing`
          : `rows #${lastSeq + 1}–#${head.seq} at the end of the log are missing (the chain head records #${head.seq})`);
  }
  if (head.seq < lastSeq) {
    return fail(head.seq + 1, "head mismatch", `the chain head records #${head.seq} but the log continues to #${lastSeq}`);
  }
  if (head.hash !== prevHash) {
    return fail(lastSeq, "head mismatch", `the chain head's hash (${short(head.hash)}…) does not match row #${lastSeq} (${short(prevHash)}…): the last row was rewritten`);
  }
  if (keyList.length > 0 && rows > 0 && lastKeyed === null) {
    const tail = segments[segments.length - 1]!;
    return fail(
      tail.from,
      "downgraded",
      `rows #${range(tail)} are all unkeyed (legacy sha256) although this environment keys every row it writes (AUDIT_KEYS): either nothing was written since AUDIT_KEYS was introduced (any sign-in writes a keyed row; verify again after one), or someone without the key rewrote the keyed rows as plain sha256`,
    );
  }
  if (firstUnknown) {
    const unknownIds = [...new Set(segments.filter((s) => !s.known).map((s) => s.keyId))].join(", ");
    return fail(
      firstUnknown.seq,
      "unverifiable",
      keyList.length === 0
        ? `AUDIT_KEYS is not set here, so the keyed rows (from #${firstUnknown.seq}) cannot be verified; only their links were checked`
        : `rows from #${firstUnknown.seq} are keyed with ${unknownIds}, which AUDIT_KEYS here does not hold: their content cannot be verified (their links were checked)`,
    );
  }
  return { ok: true, ...walked() };
}
