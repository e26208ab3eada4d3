// Verifying the audit hash chain: walks every row in seq order, in batches (bounded memory), and names
// the first row that was edited, removed or reordered, then checks the chain head.
import type { Db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH } from "./chain";

export type AuditChainProblem = "edited" | "removed" | "reordered" | "head mismatch";

export type AuditVerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBadSeq: number; problem: AuditChainProblem; detail: string };

const short = (h: string) => h.slice(0, 12);

/**
 * `rows` is the number of rows checked (on failure: the rows before the first bad one).
 * - edited: the row's content no longer matches its own hash.
 * - removed: a seq is missing, rows at the end are gone, or a row links to a predecessor that no longer exists.
 * - reordered: the row that belongs at this position exists elsewhere in the table.
 * - head mismatch: the chain head (AuditChainHead) disagrees with the last row.
 */
export async function verifyAuditChain(db: Db, { batchSize = 500 }: { batchSize?: number } = {}): Promise<AuditVerifyResult> {
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
        return { ok: false, rows, firstBadSeq: row.seq, problem: "reordered", detail: `row #${row.seq} has a seq before the start of the chain (#1)` };
      }
      if (row.seq > expectedSeq) {
        const next = await successorOf(prevHash);
        if (next && next.seq !== expectedSeq) {
          return {
            ok: false,
            rows,
            firstBadSeq: expectedSeq,
            problem: "reordered",
            detail: `row #${expectedSeq} is missing from its place; the row that belongs there is stored as #${next.seq}`,
          };
        }
        const last = row.seq - 1;
        return {
          ok: false,
          rows,
          firstBadSeq: expectedSeq,
          problem: "removed",
          detail: last === expectedSeq ? `row #${expectedSeq} is missing` : `rows #${expectedSeq}–#${last} are missing`,
        };
      }
      if (chainHash(row.prevHash, row) !== row.hash) {
        return {
          ok: false,
          rows,
          firstBadSeq: row.seq,
          problem: "edited",
          detail: `row #${row.seq} (${row.action}) does not match its hash: its content was changed after it was written`,
        };
      }
      if (row.prevHash !== prevHash) {
        const next = await successorOf(prevHash);
        if (next && next.seq !== row.seq) {
          return {
            ok: false,
            rows,
            firstBadSeq: row.seq,
            problem: "reordered",
            detail: `row #${row.seq} is out of place: the row that follows #${row.seq - 1} in the chain is stored as #${next.seq}`,
          };
        }
        const owner = await db.auditEvent.findUnique({ where: { hash: row.prevHash }, select: { seq: true } });
        if (owner) {
          return {
            ok: false,
            rows,
            firstBadSeq: row.seq,
            problem: "reordered",
            detail: `row #${row.seq} follows row #${owner.seq} in the chain but is stored after #${row.seq - 1}`,
          };
        }
        return {
          ok: false,
          rows,
          firstBadSeq: row.seq,
          problem: "removed",
          detail: `row #${row.seq} links to a predecessor (${short(row.prevHash)}…) that is no longer in the log: a row before it was removed (and later rows renumbered) or row #${row.seq - 1} was rewritten`,
        };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < batchSize) break;
  }

  const lastSeq = expectedSeq - 1;
  const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head) {
    if (rows === 0) return { ok: true, rows };
    return { ok: false, rows, firstBadSeq: lastSeq, problem: "head mismatch", detail: `the chain head is missing but the log has ${rows} rows` };
  }
  if (head.seq > lastSeq) {
    return {
      ok: false,
      rows,
      firstBadSeq: lastSeq + 1,
      problem: "removed",
      detail:
        head.seq === lastSeq + 1
          ? `row #${head.seq} (the last one written) is missing`
          : `rows #${lastSeq + 1}–#${head.seq} at the end of the log are missing (the chain head records #${head.seq})`,
    };
  }
  if (head.seq < lastSeq) {
    return {
      ok: false,
      rows,
      firstBadSeq: head.seq + 1,
      problem: "head mismatch",
      detail: `the chain head records #${head.seq} but the log continues to #${lastSeq}`,
    };
  }
  if (head.hash !== prevHash) {
    return {
      ok: false,
      rows,
      firstBadSeq: lastSeq,
      problem: "head mismatch",
      detail: `the chain head's hash (${short(head.hash)}…) does not match row #${lastSeq} (${short(prevHash)}…): the last row was rewritten`,
    };
  }
  return { ok: true, rows };
}
