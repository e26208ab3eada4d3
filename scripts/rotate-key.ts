// npm run rotate-key — re-encrypts every customer-org credential under the first CREDENTIAL_KEYS entry.
//
//   1. Put the new key first:  CREDENTIAL_KEYS="k2:<new base64>,k1:<old base64>"
//   2. npm run rotate-key      (one transaction; safe to run again: already-current rows are skipped)
//   3. Remove k1 from CREDENTIAL_KEYS once every instance runs with the new list.
//
// Prints counts only: never a credential, an envelope or a key.
import { createDb } from "../lib/db/client";
import { EnvError, parseEnv } from "../lib/env";
import { reencryptAllCredentials } from "../lib/tenants/key-rotation";

async function main(): Promise<number> {
  const config = parseEnv(process.env);
  const keys = config.CREDENTIAL_KEYS;
  const db = createDb(config.DATABASE_URL);
  try {
    const report = await reencryptAllCredentials(db, keys);
    const before = Object.entries(report.before)
      .map(([id, n]) => `${id}: ${n}`)
      .join(", ");
    console.log(`Current key: ${keys[0]!.id}`);
    console.log(`Orgs: ${report.total} (by key before rotation: ${before || "none"})`);
    console.log(`Re-encrypted: ${report.reencrypted}`);
    console.log(`Already under the current key: ${report.alreadyCurrent}`);
    if (report.empty) console.log(`Without a credential: ${report.empty}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof EnvError) console.error(err.message);
    else console.error(`Key rotation failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof EnvError ? 2 : 1);
  },
);
