// Re-encrypts tenant credentials under the current (first) key. Used by scripts/rotate-key.ts, which
// runs under plain tsx, so no `server-only` import here (it would throw outside the Next.js server).
// Plaintext exists only in memory between decrypt and encrypt; nothing is logged. Each credential is
// re-encrypted with the same binding (tenant id + org URL of its row), so rotation never re-binds a
// credential to a URL it was not entered for.
import type { Db } from "@/lib/db/client";
import { decryptWithKeys, encryptWithKeys, keyIdOf, type CredentialKey } from "./envelope";

export interface KeyRotationReport {
  total: number;
  reencrypted: number;
  alreadyCurrent: number;
  empty: number;
  /** Key ids found before rotation, with counts. */
  before: Record<string, number>;
}

/**
 * Re-encrypts every tenant credential under the first key, in one transaction (all or nothing: a
 * credential that does not decrypt aborts the run and changes nothing). Idempotent: envelopes already
 * under the current key are left alone.
 */
export async function reencryptAllCredentials(db: Db, keys: readonly CredentialKey[]): Promise<KeyRotationReport> {
  const current = keys[0];
  if (!current) throw new Error("CREDENTIAL_KEYS has no key.");
  return db.$transaction(
    async (tx) => {
      const rows = await tx.tenant.findMany({ select: { id: true, slug: true, orgUrl: true, credentialCiphertext: true }, orderBy: { id: "asc" } });
      const report: KeyRotationReport = { total: rows.length, reencrypted: 0, alreadyCurrent: 0, empty: 0, before: {} };
      for (const row of rows) {
        if (!row.credentialCiphertext) {
          report.empty++;
          continue;
        }
        let keyId: string;
        try {
          keyId = keyIdOf(row.credentialCiphertext);
        } catch (err) {
          throw new Error(`The credential of org "${row.slug}" is not a valid envelope (${(err as Error).message}); nothing was changed.`);
        }
        report.before[keyId] = (report.before[keyId] ?? 0) + 1;
        if (keyId === current.id) {
          report.alreadyCurrent++;
          continue;
        }
        const binding = { tenantId: row.id, orgUrl: row.orgUrl };
        let plaintext: string;
        try {
          plaintext = decryptWithKeys(keys, binding, row.credentialCiphertext);
        } catch (err) {
          throw new Error(`The credential of org "${row.slug}" could not be decrypted (${(err as Error).message}); nothing was changed.`);
        }
        const envelope = encryptWithKeys(keys, binding, plaintext);
        await tx.tenant.update({ where: { id: row.id }, data: { credentialCiphertext: envelope, credentialKeyId: current.id } });
        report.reencrypted++;
      }
      return report;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
