#!/usr/bin/env node
// Database tooling around the one source schema (prisma/schema.prisma):
//   node scripts/db.mjs schemas              write the per-provider copies under prisma/.build/
//   node scripts/db.mjs generate             schemas + generate both clients (lib/db/generated/*)
//   node scripts/db.mjs migrate              apply migrations to DATABASE_URL (SQLite when unset)
//
// Migrations are applied by lib/db/migrate.mjs rather than `prisma migrate deploy`: Prisma 6.19's wasm
// schema engine cannot read PostgreSQL catalogs through @prisma/adapter-pg (prisma/orm#27403).
//   node scripts/db.mjs new-migration NAME   write a migration for both providers from the schema diff
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { migrate } from "../lib/db/migrate.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const providers = ["sqlite", "postgresql"];
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

function providerVariant(source, provider) {
  return source
      .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
      .replace(/output\s*=\s*"[^"]*"/, `output       = "../../../lib/db/generated/${provider}"`)
      .replace(/url\s*=\s*"[^"]*"/, `url      = "${provider === "sqlite" ? "file:./placeholder.db" : "postgresql://placeholder"}"`);
}

function writeSchemas() {
  const source = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  for (const provider of providers) {
    const dir = path.join(root, "prisma", ".build", provider);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "schema.prisma"), providerVariant(source, provider));
  }
}

function prisma(args, env = {}) {
  execFileSync(prismaBin, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "schemas":
    writeSchemas();
    break;
  case "generate":
    writeSchemas();
    for (const provider of providers) {
      prisma(["generate", "--schema", path.join("prisma", ".build", provider, "schema.prisma")], {
        DATABASE_URL: provider === "postgresql" ? "postgresql://localhost/unused" : "",
      });
    }
    break;
  case "migrate":
    await migrate(process.env.DATABASE_URL);
    break;
  case "new-migration": {
    // Diffs the schema against prisma/migrations/schema.snapshot.prisma (the source schema as of the
    // latest migration), so no shadow database is needed; the snapshot moves forward afterwards.
    const name = rest[0];
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      console.error("usage: node scripts/db.mjs new-migration <snake_case_name>");
      process.exit(2);
    }
    writeSchemas();
    const snapshot = path.join(root, "prisma", "migrations", "schema.snapshot.prisma");
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    fs.mkdirSync(path.join(root, "data"), { recursive: true });
    for (const provider of providers) {
      const migrationsDir = path.join(root, "prisma", "migrations", provider);
      fs.mkdirSync(migrationsDir, { recursive: true });
      let from = ["--from-empty"];
      if (fs.existsSync(snapshot)) {
        const previous = path.join(root, "prisma", ".build", provider, "previous.prisma");
        fs.writeFileSync(previous, providerVariant(fs.readFileSync(snapshot, "utf8"), provider));
        from = ["--from-schema-datamodel", previous];
      }
      // The CLI opens the configured adapter even for a diff: give it a database of the same provider.
      const env = {
        ...process.env,
        DATABASE_URL:
          provider === "sqlite"
            ? `file:${path.join(root, "data", "console.db")}`
            : (process.env.SHADOW_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test"),
      };
      const sql = execFileSync(
        prismaBin,
        ["migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", ".build", provider, "schema.prisma"), "--script"],
        { cwd: root, env, encoding: "utf8" },
      );
      const dir = path.join(migrationsDir, `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), sql);
      fs.writeFileSync(path.join(migrationsDir, "migration_lock.toml"), `provider = "${provider}"\n`);
      console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
    }
    fs.copyFileSync(path.join(root, "prisma", "schema.prisma"), snapshot);
    break;
  }
  default:
    console.error("usage: node scripts/db.mjs <schemas|generate|migrate|new-migration NAME>");
    process.exit(2);
}
