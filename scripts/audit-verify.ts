// npm run audit:verify — walks the audit hash chain of the database in DATABASE_URL (SQLite when unset,
// like the app), checking keyed rows with the keys in AUDIT_KEYS, and says which key each stretch of
// rows used. Exit codes: 0 intact, 1 broken (edited, removed, reordered, downgraded, head mismatch) or
// not verifiable (rows keyed with a key this environment does not hold), 2 the check itself failed.
// It reads only DATABASE_URL and AUDIT_KEYS, so it runs on a machine without the console's other secrets.
import { createDb } from "../lib/db/client";
import { parseAuditKeys, type AuditKey } from "../lib/audit/keys";
import { verifyAuditChain } from "../lib/audit/verify";

function keysFromEnvironment(): AuditKey[] {
  const raw = process.env.AUDIT_KEYS?.trim();
  if (!raw) {
    console.log("AUDIT_KEYS is not set: keyed rows can be checked for order and links only, not for edits.");
    return [];
  }
  const parsed = parseAuditKeys(raw);
  if (!parsed.ok) throw new Error(`AUDIT_KEYS ${parsed.problem}`);
  return parsed.keys;
}

async function main(): Promise<number> {
  const keys = keysFromEnvironment();
  const db = createDb(process.env.DATABASE_URL);
  try {
    const result = await verifyAuditChain(db, { keys });
    if (result.ok) {
      console.log(`Audit chain intact: ${result.rows} rows`);
      if (result.rows > 0) console.log(`Keys: ${result.summary}`);
      return 0;
    }
    const verb = result.problem === "unverifiable" ? "cannot be fully verified from" : "broken at";
    console.log(`Audit chain ${verb} row #${result.firstBadSeq}: ${result.problem} — ${result.detail}`);
    if (result.segments.length) console.log(`Keys: ${result.summary}`);
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
