// Appending to the audit log. Append-only: nothing in the app updates or deletes AuditEvent rows.
import type { Db, Prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { GENESIS_HASH, keyedChainHash, type AuditContent } from "./chain";
import type { AuditKey } from "./keys";
import { inputSummaryJson, maskSecretsIn } from "./redact";
import type { AuditInput } from "./types";

/** A client, or the transaction client of a caller's interactive transaction. */
export type AuditWriter = Db | Prisma.TransactionClient;

const MAX_TEXT = 500;
/** Arbitrary constant shared by every console instance: serialises appends on PostgreSQL. */
const AUDIT_LOCK_KEY = 727002;

function text(v: string | null | undefined, max = MAX_TEXT): string | null {
  if (v === undefined || v === null) return null;
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

export function isPostgres(db: AuditWriter): boolean {
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
    targetName: text(maskSecretsIn(entry.target?.name)),
    input: inputSummaryJson(entry.input),
    outcome: entry.outcome,
    errorCode: text(entry.errorCode, 100),
    errorSummary: text(maskSecretsIn(entry.errorSummary), 1000),
    oktaRequestIds: JSON.stringify((entry.oktaRequestIds ?? []).slice(0, 100).map((id) => String(id).slice(0, 100))),
    ticketId: text(entry.ticketId, 64),
    ip: text(entry.ip, 100),
    userAgent: text(entry.userAgent),
  };
}

/** A transaction client has no $transaction of its own (Prisma denies it inside interactive transactions). */
function ownTransaction(db: AuditWriter): Db | null {
  return typeof (db as { $transaction?: unknown }).$transaction === "function" ? (db as Db) : null;
}

/** The key new rows are keyed with: the first of AUDIT_KEYS. */
export function signingKey(): AuditKey {
  const key = env().AUDIT_KEYS[0];
  if (!key) throw new Error("AUDIT_KEYS holds no key");
  return key;
}

/**
 * Appends one row to the hash chain and moves the chain head (AuditChainHead id 1) in the same
 * transaction. Writers serialise: on PostgreSQL through a transaction-scoped advisory lock plus
 * `SELECT … FOR UPDATE` on the head row (so two console instances never fork the chain); on SQLite the
 * write transaction (its first statement writes) holds the database's single write lock.
 * `seq` is assigned from the head (head.seq + 1), not from the autoincrement sequence, so a rolled-back
 * append never leaves a gap that would read as a removed row.
 *
 * Given a transaction client (`appendAudit(tx, …)` inside a caller's `$transaction`), the row joins
 * that transaction: it commits with the caller's changes or not at all, and the locks are held until
 * the caller commits (so the head cannot move between this append and that commit).
 * The row is keyed with `options.key` (default: the first AUDIT_KEYS key).
 */
export async function appendAudit(db: AuditWriter, entry: AuditInput, options: { key?: AuditKey } = {}): Promise<{ seq: number; hash: string }> {
  const key = options.key ?? signingKey();
  const content = auditContent(entry);
  const keyed = { attemptSeq: entry.attemptSeq ?? null, keyId: key.id };
  const pg = isPostgres(db);
  const write = async (tx: Prisma.TransactionClient) => {
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
    const hash = keyedChainHash(head.hash, { ...content, ...keyed }, key.key);
    await tx.auditEvent.create({ data: { seq, ...content, ...keyed, prevHash: head.hash, hash } });
    await tx.auditChainHead.update({ where: { id: 1 }, data: { seq, hash } });
    return { seq, hash };
  };
  const client = ownTransaction(db);
  if (!client) return write(db);
  return client.$transaction(write, { maxWait: 15_000, timeout: 15_000 });
}
