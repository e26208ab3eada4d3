import "server-only";
import { env } from "@/lib/env";
import { createDb, type Db } from "./client";

export type { Db } from "./client";

// One client per server process (kept on globalThis so dev-mode reloads do not open new pools).
const globalForDb = globalThis as unknown as { __consoleDb?: Db };

export function db(): Db {
  globalForDb.__consoleDb ??= createDb(env().DATABASE_URL);
  return globalForDb.__consoleDb;
}
