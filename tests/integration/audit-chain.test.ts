import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, expect, it } from "vitest";
import { appendAudit, queryAudit, verifyAuditChain } from "@/lib/audit";
import { auditContent } from "@/lib/audit/append";
import { chainHash, GENESIS_HASH, keyedChainHash } from "@/lib/audit/chain";
import type { AuditKey } from "@/lib/audit/keys";
import type { AuditInput } from "@/lib/audit/types";
import type { Db } from "@/lib/db/client";
import { env as config } from "@/lib/env";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");

/** `auditKeys` null: run without AUDIT_KEYS. */
async function verifyScript(url: string, auditKeys: string | null = process.env.AUDIT_KEYS ?? null): Promise<{ code: number; out: string }> {
  // Only what the script reads: the database and (when given) the audit keys.
  const scriptEnv: Record<string, string | undefined> = { PATH: process.env.PATH, DATABASE_URL: url };
  if (auditKeys !== null) scriptEnv.AUDIT_KEYS = auditKeys;
  try {
    const { stdout } = await run(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/audit-verify.ts"], {
      cwd: root,
      env: scriptEnv as NodeJS.ProcessEnv,
    });
    return { code: 0, out: stdout.trim() };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}`.trim() };
  }
}

async function seed(db: Db, n: number) {
  for (let i = 1; i <= n; i++) {
    await appendAudit(db, {
      action: "user.unlock",
      outcome: i % 3 === 0 ? "denied" : "success",
      staffId: `staff-${i % 2}`,
      staffEmail: "a@msp.test",
      tenantId: i % 2 ? "t1" : "t2",
      tenantSlug: i % 2 ? "acme" : "globex",
      target: { type: "user", id: `u${i}`, name: `User ${i}` },
      input: { userId: `u${i}`, password: "never-stored" },
      oktaRequestIds: [`req-${i}`],
    });
  }
}

const newKey = (id: string): AuditKey => ({ id, key: crypto.randomBytes(32) });
const keysEnv = (keys: AuditKey[]) => keys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(",");

/** A row as the console wrote it before keyed chains: plain SHA-256, no keyId (for "legacy rows keep verifying"). */
async function appendLegacy(db: Db, entry: AuditInput) {
  const head = (await db.auditChainHead.findUnique({ where: { id: 1 } })) ?? { seq: 0, hash: GENESIS_HASH };
  const content = auditContent(entry);
  const hash = chainHash(head.hash, content);
  await db.auditEvent.create({ data: { seq: head.seq + 1, ...content, prevHash: head.hash, hash } });
  await db.auditChainHead.upsert({ where: { id: 1 }, create: { id: 1, seq: head.seq + 1, hash }, update: { seq: head.seq + 1, hash } });
}

/**
 * A database writer WITHOUT the key rewrites row `from` (via `edit`) and then recomputes every later
 * hash as plain SHA-256 (the only hash it can compute) and the head, so every link is consistent.
 * `asLegacy`: also clears keyId, so the rows pose as legacy rows.
 */
async function rewriteTailWithoutKey(db: Db, from: number, edit: { outcome?: string; errorSummary?: string | null }, asLegacy: boolean) {
  const rows = await db.auditEvent.findMany({ where: { seq: { gte: from } }, orderBy: { seq: "asc" } });
  let prev = rows[0]!.prevHash;
  for (const row of rows) {
    const content = { ...row, ...(row.seq === from ? edit : {}) } as typeof row;
    const hash = chainHash(prev, content);
    await db.auditEvent.update({
      where: { seq: row.seq },
      data: { ...(row.seq === from ? edit : {}), prevHash: prev, hash: `tmp-${row.seq}`, ...(asLegacy ? { keyId: null } : {}) },
    });
    await db.auditEvent.update({ where: { seq: row.seq }, data: { hash } });
    prev = hash;
  }
  await db.auditChainHead.update({ where: { id: 1 }, data: { hash: prev } });
}

describeDatabases("audit chain", (getDb, env) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  it("appends rows linked by hash and verifies an empty and a filled log", async () => {
    const db = getDb();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 0 });
    const first = await appendAudit(db, { action: "staff.sign_in", outcome: "success", staffEmail: "a@msp.test" });
    const second = await appendAudit(db, { action: "user.unlock", outcome: "failure", errorCode: "E0000001", errorSummary: "Api validation failed" });
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows[1]?.prevHash).toBe(first.hash);
    expect(await db.auditChainHead.findUnique({ where: { id: 1 } })).toEqual({ id: 1, seq: 2, hash: second.hash });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });

  it("never stores secrets from the input", async () => {
    const db = getDb();
    await seed(db, 1);
    const row = await db.auditEvent.findFirstOrThrow();
    expect(row.input).not.toContain("never-stored");
    expect(JSON.parse(row.input)).toEqual({ userId: "u1", password: "[redacted]" });
  });

  it("keeps a valid chain under 50 concurrent appends", async () => {
    const db = getDb();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => appendAudit(db, { action: "user.read", outcome: "success", input: { i } })),
    );
    expect(new Set(results.map((r) => r.seq)).size).toBe(50);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 50 });
  });

  // Two console instances share one database only on PostgreSQL, so this case exists only there. (Two
  // SQLite clients in one process would block each other: better-sqlite3 waits for the lock
  // synchronously on the one JS thread.)
  if (env.provider === "postgresql") it("keeps a valid chain when two separate clients append at once", async () => {
    const a = getDb();
    const b = env.newClient();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendAudit(i % 2 ? a : b, { action: "user.read", outcome: "success", input: { i } })),
    );
    expect(await verifyAuditChain(a)).toMatchObject({ ok: true, rows: 40 });
  });

  it("verifies in batches (bounded memory)", async () => {
    const db = getDb();
    await seed(db, 12);
    expect(await verifyAuditChain(db, { batchSize: 5 })).toMatchObject({ ok: true, rows: 12 });
  });

  it("pages newest first with filters", async () => {
    const db = getDb();
    await seed(db, 9);
    const p1 = await queryAudit(db, { tenantId: "t1", limit: 2 });
    expect(p1.events.map((e) => e.seq)).toEqual([9, 7]);
    expect(p1.events[0]?.oktaRequestIds).toEqual(["req-9"]);
    expect(p1.events[0]?.target).toEqual({ type: "user", id: "u9", name: "User 9" });
    const p2 = await queryAudit(db, { tenantId: "t1", limit: 2, cursor: p1.nextCursor ?? undefined });
    expect(p2.events.map((e) => e.seq)).toEqual([5, 3]);
    const p3 = await queryAudit(db, { tenantId: "t1", limit: 2, cursor: p2.nextCursor ?? undefined });
    expect(p3.events.map((e) => e.seq)).toEqual([1]);
    expect(p3.nextCursor).toBeNull();
    expect((await queryAudit(db, { outcome: "denied", limit: 50 })).events.map((e) => e.seq)).toEqual([9, 6, 3]);
    expect((await queryAudit(db, { staffId: "staff-0", action: "user.unlock", limit: 50 })).events).toHaveLength(4);
    expect((await queryAudit(db, { from: new Date(Date.now() + 60_000), limit: 50 })).events).toHaveLength(0);
  });

  it("detects an edited row (library and npm run audit:verify)", async () => {
    const db = getDb();
    await seed(db, 6);
    expect(await verifyScript(env.url())).toEqual({ code: 0, out: `Audit chain intact: 6 rows\nKeys: rows 1–6 key ${config().AUDIT_KEYS[0]!.id}` });
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "outcome" = 'success' WHERE "seq" = 3`);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3, problem: "edited", rows: 2 });
    const script = await verifyScript(env.url());
    expect(script.code).toBe(1);
    expect(script.out).toMatch(/^Audit chain broken at row #3: edited — /);
  });

  it("detects a removed row (library and script)", async () => {
    const db = getDb();
    await seed(db, 6);
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 4, problem: "removed", rows: 3 });
    const script = await verifyScript(env.url());
    expect(script.code).toBe(1);
    expect(script.out).toMatch(/^Audit chain broken at row #4: removed — /);
  });

  it("detects a removed last row through the chain head", async () => {
    const db = getDb();
    await seed(db, 4);
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 4, problem: "removed" });
  });

  it("detects a removed row when later rows were renumbered to hide the gap", async () => {
    const db = getDb();
    await seed(db, 5);
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 3`);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = "seq" - 1 WHERE "seq" > 3`);
    await db.$executeRawUnsafe(`UPDATE "AuditChainHead" SET "seq" = 4 WHERE "id" = 1`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 3, problem: "removed" });
  });

  it("detects two swapped rows (library and script)", async () => {
    const db = getDb();
    await seed(db, 6);
    // Swap rows 2 and 5 by renumbering them through a free seq.
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = 1000 WHERE "seq" = 2`);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = 2 WHERE "seq" = 5`);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "seq" = 5 WHERE "seq" = 1000`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: "reordered", rows: 1 });
    const script = await verifyScript(env.url());
    expect(script.code).toBe(1);
    expect(script.out).toMatch(/^Audit chain broken at row #2: reordered — /);
  });

  it("detects a rewritten last row through the chain head", async () => {
    const db = getDb();
    await seed(db, 3);
    const last = await db.auditEvent.findUniqueOrThrow({ where: { seq: 3 } });
    // Even someone holding the key who rewrites the last row is caught by the head it forgot.
    const forged = { ...last, outcome: "success" };
    const hash = keyedChainHash(last.prevHash, forged, config().AUDIT_KEYS[0]!.key);
    await db.auditEvent.update({ where: { seq: 3 }, data: { outcome: "success", hash } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 3, problem: "head mismatch" });
  });
  it("keys every new row with the first AUDIT_KEYS key (HMAC), and says so", async () => {
    const db = getDb();
    await seed(db, 3);
    const keyId = config().AUDIT_KEYS[0]!.id;
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.keyId)).toEqual([keyId, keyId, keyId]);
    // Not a plain SHA-256: someone without the key cannot produce these hashes.
    expect(rows[0]!.hash).not.toBe(chainHash(rows[0]!.prevHash, rows[0]!));
    expect(rows[0]!.hash).toBe(keyedChainHash(rows[0]!.prevHash, rows[0]!, config().AUDIT_KEYS[0]!.key));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3, summary: `rows 1–3 key ${keyId}`, segments: [{ from: 1, to: 3, keyId, known: true }] });
  });

  it("with the key: an edited keyed row is detected, also when the attemptSeq link or the keyId is changed", async () => {
    const db = getDb();
    await seed(db, 5);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "errorSummary" = 'nothing to see' WHERE "seq" = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: "edited", detail: expect.stringContaining(`HMAC under key ${config().AUDIT_KEYS[0]!.id}`) });
    await resetDatabase(db);
    await seed(db, 5);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "attemptSeq" = 1 WHERE "seq" = 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 4, problem: "edited" });
  });

  it("without the key: a writer who rewrites a row and recomputes plain SHA-256 hashes for the tail and the head is caught", async () => {
    const db = getDb();
    await seed(db, 6);
    // Keeping the key id: the row no longer matches its HMAC.
    await rewriteTailWithoutKey(db, 4, { outcome: "success", errorSummary: null }, false);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 4, problem: "edited", rows: 3 });
    // Posing as legacy rows: an unkeyed row after keyed ones is a downgrade.
    await resetDatabase(db);
    await seed(db, 6);
    await rewriteTailWithoutKey(db, 4, { outcome: "success", errorSummary: null }, true);
    const downgraded = await verifyAuditChain(db);
    expect(downgraded).toMatchObject({ ok: false, firstBadSeq: 4, problem: "downgraded", rows: 3 });
    const script = await verifyScript(env.url());
    expect(script.code).toBe(1);
    expect(script.out).toMatch(/^Audit chain broken at row #4: downgraded — row #4 \(user\.unlock\) is unkeyed \(legacy sha256\) but follows keyed row #3/);
    // Rewriting the WHOLE log as legacy rows: this environment keys every row it writes, so an
    // all-unkeyed log is refused too.
    await resetDatabase(db);
    await seed(db, 6);
    await rewriteTailWithoutKey(db, 1, { outcome: "success", errorSummary: null }, true);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 1, problem: "downgraded", summary: "rows 1–6 unkeyed (legacy sha256)" });
  });

  it("without the key, verification says it cannot verify the keyed rows (library and script)", async () => {
    const db = getDb();
    await seed(db, 3);
    const result = await verifyAuditChain(db, { keys: [] });
    expect(result).toMatchObject({ ok: false, problem: "unverifiable", firstBadSeq: 1, rows: 3 });
    expect(result.ok ? "" : result.detail).toMatch(/AUDIT_KEYS is not set here, so the keyed rows \(from #1\) cannot be verified/);
    const script = await verifyScript(env.url(), null);
    expect(script.code).toBe(1);
    expect(script.out).toContain("AUDIT_KEYS is not set: keyed rows can be checked for order and links only");
    expect(script.out).toContain("Audit chain cannot be fully verified from row #1: unverifiable");
    // Structural damage is still found without the key.
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 2`);
    expect(await verifyAuditChain(db, { keys: [] })).toMatchObject({ ok: false, firstBadSeq: 2, problem: "removed" });
  });

  it("names a row keyed with a key this environment does not hold as unverifiable", async () => {
    const db = getDb();
    const retired = newKey("k2025");
    const current = newKey("k2026");
    for (let i = 0; i < 2; i++) await appendAudit(db, { action: "user.read", outcome: "success", input: { i } }, { key: retired });
    for (let i = 0; i < 2; i++) await appendAudit(db, { action: "user.read", outcome: "success", input: { i } }, { key: current });
    const result = await verifyAuditChain(db, { keys: [current] });
    expect(result).toMatchObject({ ok: false, problem: "unverifiable", firstBadSeq: 1, summary: "rows 1–2 key k2025 (not in AUDIT_KEYS: not verified), 3–4 key k2026" });
    expect(result.ok ? "" : result.detail).toBe("rows from #1 are keyed with k2025, which AUDIT_KEYS here does not hold: their content cannot be verified (their links were checked)");
    const script = await verifyScript(env.url(), keysEnv([current]));
    expect(script.code).toBe(1);
    expect(script.out).toContain("keyed with k2025, which AUDIT_KEYS here does not hold");
  });

  it("rotation: rows under k1 then k2 both verify while both keys are present", async () => {
    const db = getDb();
    const k1 = newKey("k1");
    const k2 = newKey("k2");
    for (let i = 0; i < 3; i++) await appendAudit(db, { action: "user.read", outcome: "success", input: { i } }, { key: k1 });
    for (let i = 0; i < 4; i++) await appendAudit(db, { action: "user.read", outcome: "success", input: { i } }, { key: k2 });
    expect(await verifyAuditChain(db, { keys: [k2, k1] })).toMatchObject({ ok: true, rows: 7, summary: "rows 1–3 key k1, 4–7 key k2" });
    expect(await verifyScript(env.url(), keysEnv([k2, k1]))).toEqual({ code: 0, out: "Audit chain intact: 7 rows\nKeys: rows 1–3 key k1, 4–7 key k2" });
    // A k1 row edited by someone holding only k2 is still caught (with k1 present).
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'user.write' WHERE "seq" = 2`);
    expect(await verifyAuditChain(db, { keys: [k2, k1] })).toMatchObject({ ok: false, firstBadSeq: 2, problem: "edited" });
  });

  it("legacy unkeyed rows keep verifying, followed by keyed rows", async () => {
    const db = getDb();
    for (let i = 1; i <= 3; i++) await appendLegacy(db, { action: "staff.sign_in", outcome: "success", staffEmail: `p${i}@msp.test` });
    await seed(db, 2);
    const keyId = config().AUDIT_KEYS[0]!.id;
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, rows: 5, summary: `rows 1–3 unkeyed (legacy sha256), 4–5 key ${keyId}` });
    expect(await verifyScript(env.url())).toEqual({ code: 0, out: `Audit chain intact: 5 rows\nKeys: rows 1–3 unkeyed (legacy sha256), 4–5 key ${keyId}` });
    // A legacy row is still checked.
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "staffEmail" = 'x@msp.test' WHERE "seq" = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: "edited" });
  });

  it("appends inside a caller's transaction: the row commits with the caller's changes or not at all", async () => {
    const db = getDb();
    await seed(db, 1);
    const head = await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    await expect(
      db.$transaction(async (tx) => {
        await tx.staffUser.create({ data: { email: "rolled@msp.test", name: "Rolled back" } });
        await appendAudit(tx, { action: "settings.staff.add", outcome: "success", staffEmail: "rolled@msp.test" });
        throw new Error("the change failed after its audit row");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.staffUser.count({ where: { email: "rolled@msp.test" } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(1);
    expect(await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head);
    await db.$transaction(async (tx) => {
      await tx.staffUser.create({ data: { email: "kept@msp.test", name: "Kept" } });
      await appendAudit(tx, { action: "settings.staff.add", outcome: "success", staffEmail: "kept@msp.test", attemptSeq: 1 });
    });
    expect(await db.staffUser.count({ where: { email: "kept@msp.test" } })).toBe(1);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { seq: 2 } })).toMatchObject({ staffEmail: "kept@msp.test", attemptSeq: 1 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 2 });
  });
});
