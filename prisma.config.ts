// Prisma CLI configuration. The wasm ("js") engine with a driver adapter lets `migrate deploy`,
// `migrate diff` and `db push` run without downloading a native schema engine.
// The provider follows DATABASE_URL exactly as lib/db does at run time.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget } from "./lib/db/target";

const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", ".build", target.provider, "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations", target.provider) },
  async adapter() {
    return target.provider === "postgresql"
      ? new PrismaPg({ connectionString: target.url })
      : new PrismaBetterSQLite3({ url: target.url });
  },
});
