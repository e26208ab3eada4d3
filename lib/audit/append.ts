// Appending to the audit log. Append-only: nothing in the app updates or deletes AuditEvent rows.
import type { Db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH, type AuditContent } from "./chain";
import { inputSummaryJson } from "./redact";
import type { AuditInput } from "./types";

const MAX_TEXT = 500;
/** Arbitrary constant shared by every console instance: serialises appends on PostgreSQL. */
const AUDIT_LOCK_KEY = 727002;

function text(v: string | null | undefined, max = MAX_TEXT): string | null {
  if (v === undefined || v === null) return null;
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

export function isPostgres(db: Db): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

/** The stored content of an entry (also what is hashed). */
export function auditContent(entry: AuditInput, at = new Date()): AuditContent {
  return {
    at,
    staffId: text(entry.staffId),
    staffEmail: text(entry.staffEmail),
    role: text(entry.role),
    tenantId: text(entry.tenantId),
    tenantSlug: text(entry.tenantSlug),
    action: text(entry.action, 100) ?? "",
    targetType: text(entry.target?.type, 100),
    targetId: text(entry.target?.id),
    targetName: text(entry.target?.name),
    input: inputSummaryJson(entry.input),
    outcome: entry.outcome,
    errorCode: text(entry.errorCode, 100),
    errorSummary: text(entry.errorSummary, 1000),
    oktaRequestIds: JSON.stringify((entry.oktaRequestIds ?? []).slice(0, 100).map((id) => String(id).slice(0, 100))),
    ticketId: text(entry.ticketId, 64),
    ip: text(entry.ip, 100),
    userAgent: text(entry.userAgent),
  };
}

/**
 * Appends one row to the hash chain and moves the chain head (AuditChainHead id 1) in the same
 * transaction. Writers serialise: on PostgreSQL through a transaction-scoped advisory lock plus
 * `SELECT … FOR UPDATE` on the head row (so two console instances never fork the chain); on SQLite the
 * write transaction (its first statement writes) holds the database's single write lock.
 * `seq` is assigned from the head (head.seq + 1), not from the autoincrement sequence, so a rolled-back
 * append never leaves a gap that would read as a removed row.
 */
export async function appendAudit(db: Db, entry: AuditInput): Promise<{ seq: number; hash: string }> {
  const content = auditContent(entry);
  const pg = isPostgres(db);
  return db.$transaction(
    async (tx) => {
      if (pg) await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})::text AS locked`);
      await tx.$executeRawUnsafe(
        `INSERT INTO "AuditChainHead" ("id", "seq", "hash") VALUES (1, 0, '${GENESIS_HASH}') ON CONFLICT ("id") DO NOTHING`,
      );
      const rows = await tx.$queryRawUnsafe<Array<{ seq: number | bigint; hash: string }>>(
        `SELECT "seq", "hash" FROM "AuditChainHead" WHERE "id" = 1${pg ? " FOR UPDATE" : ""}`,
      );
      const head = rows[0];
      if (!head) throw new Error("audit chain head is missing");
      const seq = Number(head.seq) + 1;
      const hash = chainHash(head.hash, content);
      await tx.auditEvent.create({ data: { seq, ...content, prevHash: head.hash, hash } });
      await tx.auditChainHead.update({ where: { id: 1 }, data: { seq, hash } });
      return { seq, hash };
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}
