import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, expect, it } from "vitest";
import { appendAudit, queryAudit, verifyAuditChain } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");

async function verifyScript(url: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/audit-verify.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
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

describeDatabases("audit chain", (getDb, env) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  it("appends rows linked by hash and verifies an empty and a filled log", async () => {
    const db = getDb();
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0 });
    const first = await appendAudit(db, { action: "staff.sign_in", outcome: "success", staffEmail: "a@msp.test" });
    const second = await appendAudit(db, { action: "user.unlock", outcome: "failure", errorCode: "E0000001", errorSummary: "Api validation failed" });
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows[1]?.prevHash).toBe(first.hash);
    expect(await db.auditChainHead.findUnique({ where: { id: 1 } })).toEqual({ id: 1, seq: 2, hash: second.hash });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
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
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 50 });
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
    expect(await verifyAuditChain(a)).toEqual({ ok: true, rows: 40 });
  });

  it("verifies in batches (bounded memory)", async () => {
    const db = getDb();
    await seed(db, 12);
    expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual({ ok: true, rows: 12 });
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
    expect(await verifyScript(env.url())).toEqual({ code: 0, out: "Audit chain intact: 6 rows" });
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
    const { chainHash } = await import("@/lib/audit/chain");
    const forged = { ...last, outcome: "success" };
    await db.auditEvent.update({ where: { seq: 3 }, data: { outcome: "success", hash: chainHash(last.prevHash, forged) } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 3, problem: "head mismatch" });
  });
});
