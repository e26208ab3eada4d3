// Applies the checked-in SQL migrations (prisma/migrations/<provider>/*/migration.sql) in name order,
// each once, recording them in `_console_migrations`. Used by `npm run db:migrate`, the demo and the
// test suite. PostgreSQL takes an advisory lock so several console instances can start together.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function migrationsFor(provider) {
  const dir = path.join(root, "prisma", "migrations", provider);
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d/.test(name))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_console_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

function checkChecksum(applied, migration) {
  if (applied && applied !== migration.checksum) {
    throw new Error(`Migration ${migration.name} was edited after it was applied; add a new migration instead.`);
  }
}

/** @param {string | undefined} databaseUrl @returns {Promise<string[]>} names applied now */
export async function migrate(databaseUrl, { quiet = false } = {}) {
  const log = quiet ? () => {} : (m) => console.log(m);
  const url = databaseUrl?.trim();
  const applied = [];
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const { default: pg } = await import("pg");
    // Honour Prisma's `?schema=<name>` (used by the test suite: one schema per test file): create it
    // if needed and apply the migrations inside it through search_path.
    const u = new URL(url);
    const schema = u.searchParams.get("schema");
    u.searchParams.delete("schema");
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new Error("DATABASE_URL has an invalid ?schema= name (letters, digits and _ only).");
    }
    const client = new pg.Client({ connectionString: schema === null ? url : u.toString() });
    await client.connect();
    try {
      if (schema !== null) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`SET search_path TO "${schema}"`);
      }
      await client.query("SELECT pg_advisory_lock(727001)");
      await client.query(CREATE_TABLE);
      const { rows } = await client.query(`SELECT "name", "checksum" FROM "_console_migrations"`);
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      for (const m of migrationsFor("postgresql")) {
        checkChecksum(done.get(m.name), m);
        if (done.has(m.name)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "_console_migrations" VALUES ($1, $2, $3)`, [m.name, m.checksum, new Date().toISOString()]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw err;
        }
        applied.push(m.name);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(727001)").catch(() => {});
      await client.end();
    }
  } else {
    const file = url?.startsWith("file:") ? path.resolve(url.slice(5)) : path.join(root, "data", "console.db");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      db.exec(CREATE_TABLE);
      const done = new Map(db.prepare(`SELECT "name", "checksum" FROM "_console_migrations"`).all().map((r) => [r.name, r.checksum]));
      for (const m of migrationsFor("sqlite")) {
        checkChecksum(done.get(m.name), m);
        if (done.has(m.name)) continue;
        db.transaction(() => {
          db.exec(m.sql);
          db.prepare(`INSERT INTO "_console_migrations" VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
        })();
        applied.push(m.name);
      }
    } finally {
      db.close();
    }
  }
  log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
  return applied;
}
