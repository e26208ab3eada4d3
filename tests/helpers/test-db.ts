// Runs a database suite against every provider we ship: always a fresh SQLite file in a temp dir, and
// a fresh PostgreSQL schema when TEST_DATABASE_URL is set (CI: postgresql://postgres@127.0.0.1:5432/test).
// Each suite gets its own file / uniquely named schema, so test files running in parallel never collide.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate.mjs";

export type Provider = "sqlite" | "postgresql";

export interface TestDatabase {
  provider: Provider;
  /** The DATABASE_URL of this suite's database (e.g. to spawn a script against it). */
  url(): string;
  /** A second, independent Prisma client on the same database (closed after the suite). */
  newClient(): Db;
}

function withSchema(baseUrl: string, schema: string): string {
  const u = new URL(baseUrl);
  u.searchParams.set("schema", schema);
  return u.toString();
}

export function testProviders(): Provider[] {
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
}

/**
 * `describeDatabases("audit chain", (getDb, env) => { it(...) })` defines the suite once per provider.
 * `getDb()` is valid inside tests and hooks (the database is created in beforeAll).
 */
export function describeDatabases(name: string, fn: (getDb: () => Db, env: TestDatabase) => void): void {
  for (const provider of testProviders()) {
    describe(`${name} [${provider}]`, () => {
      let url = "";
      let client: Db | undefined;
      const extra: Db[] = [];
      let cleanup: () => Promise<void> = async () => {};

      beforeAll(async () => {
        const id = `${Date.now().toString(36)}_${crypto.randomBytes(4).toString("hex")}`;
        if (provider === "sqlite") {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), "console-test-"));
          url = `file:${path.join(dir, "test.db")}`;
          cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
        } else {
          const base = process.env.TEST_DATABASE_URL as string;
          const schema = `test_${id}`;
          url = withSchema(base, schema);
          cleanup = async () => {
            const admin = new pg.Client({ connectionString: base });
            await admin.connect();
            try {
              await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            } finally {
              await admin.end();
            }
          };
        }
        await migrate(url, { quiet: true });
        client = createDb(url);
      });

      afterAll(async () => {
        await Promise.all([client, ...extra].map((c) => c?.$disconnect()));
        await cleanup();
      });

      const getDb = () => {
        if (!client) throw new Error("getDb() called before the test database was created");
        return client;
      };
      fn(getDb, {
        provider,
        url: () => url,
        newClient: () => {
          const c = createDb(url);
          extra.push(c);
          return c;
        },
      });
    });
  }
}

/** Empties every table (child tables first) so a test starts from a known state. */
export async function resetDatabase(db: Db): Promise<void> {
  await db.auditEvent.deleteMany();
  await db.auditChainHead.deleteMany();
  await db.recentTenant.deleteMany();
  await db.staffGrant.deleteMany();
  await db.teamTenant.deleteMany();
  await db.teamMember.deleteMany();
  await db.team.deleteMany();
  await db.tenantTag.deleteMany();
  await db.staffSession.deleteMany();
  await db.tenant.deleteMany();
  await db.staffUser.deleteMany();
}
