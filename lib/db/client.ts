// Prisma client factory. Both generated clients (SQLite, PostgreSQL) come from one schema and expose
// the same model API, so the app types everything against the SQLite one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { databaseTarget, ensureSqliteDir, splitPostgresSchema } from "./target";

export type Db = SqliteClient;
export type { Prisma } from "./generated/sqlite/client";

export function createDb(databaseUrl: string | undefined): Db {
  const target = databaseTarget(databaseUrl);
  if (target.provider === "postgresql") {
    const { connectionString, schema } = splitPostgresSchema(target.url);
    // `?schema=<name>` (as Prisma URLs spell it): Prisma's own queries name the schema through the
    // adapter option; raw SQL (audit chain lock, migrations) finds the tables through search_path.
    const adapter = schema
      ? new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema })
      : new PrismaPg({ connectionString });
    const client = new PostgresClient({ adapter });
    return client as unknown as Db;
  }
  ensureSqliteDir(target);
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.url }) });
}
