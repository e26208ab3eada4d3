// Which database to use, from DATABASE_URL. Shared by the Prisma CLI config, scripts and lib/db,
// so the CLI always migrates the database the app will open. No server-only import: the CLI loads it.
import fs from "node:fs";
import path from "node:path";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; file: string }
  | { provider: "postgresql"; url: string };

export const DEFAULT_SQLITE_FILE = path.join("data", "console.db");

export class DatabaseUrlError extends Error {}

export function databaseTarget(databaseUrl: string | undefined): DatabaseTarget {
  const raw = databaseUrl?.trim();
  if (!raw) {
    const file = path.resolve(DEFAULT_SQLITE_FILE);
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  if (raw.startsWith("file:")) {
    const file = path.resolve(raw.slice("file:".length));
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      const u = new URL(raw);
      if (!u.hostname) throw new Error("no host");
    } catch {
      throw new DatabaseUrlError(
        "DATABASE_URL is not a valid PostgreSQL URL (expected postgresql://user@host:5432/database).",
      );
    }
    return { provider: "postgresql", url: raw };
  }
  throw new DatabaseUrlError(
    "DATABASE_URL must start with postgresql:// or file: (leave it unset for the embedded SQLite database).",
  );
}

/** SQLite needs its folder to exist before the first connection. */
export function ensureSqliteDir(target: DatabaseTarget): void {
  if (target.provider === "sqlite") fs.mkdirSync(path.dirname(target.file), { recursive: true });
}

/**
 * Splits Prisma's `?schema=<name>` off a PostgreSQL URL (node-postgres does not know it). The name is
 * restricted to a plain identifier because it is interpolated into `search_path`.
 */
export function splitPostgresSchema(url: string): { connectionString: string; schema?: string } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  if (schema === undefined) return { connectionString: url };
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new DatabaseUrlError("DATABASE_URL has an invalid ?schema= name (letters, digits and _ only).");
  }
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), schema };
}
