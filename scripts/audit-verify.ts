// npm run audit:verify — walks the audit hash chain of the database in DATABASE_URL (SQLite when unset,
// like the app) and exits 1 when a row was edited, removed or reordered.
import { createDb } from "../lib/db/client";
import { verifyAuditChain } from "../lib/audit/verify";

async function main(): Promise<number> {
  const db = createDb(process.env.DATABASE_URL);
  try {
    const result = await verifyAuditChain(db);
    if (result.ok) {
      console.log(`Audit chain intact: ${result.rows} rows`);
      return 0;
    }
    console.log(`Audit chain broken at row #${result.firstBadSeq}: ${result.problem} — ${result.detail}`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Audit verification failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
