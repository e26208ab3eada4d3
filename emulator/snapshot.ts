/**
 * Snapshots: all orgs as one JSON file (Maps and Sets tagged as {"$map": [...]} / {"$set": [...]}),
 * and a watcher that saves on change (debounced) so a demo survives an emulator restart.
 * Change detection polls a cheap fingerprint per org (log length + sizes): every write through the
 * emulator records a System Log event, so the log is the change signal; failed sign-ins also log.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { writeFile, rename, mkdir } from "node:fs/promises";
import path from "node:path";
import type { OrgState } from "./model.ts";

export const SNAPSHOT_VERSION = 1;

interface SnapshotFile {
  version: number;
  savedAt: string;
  orgs: unknown[];
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.$map) && Object.keys(v).length === 1) return new Map(v.$map as Array<[unknown, unknown]>);
    if (Array.isArray(v.$set) && Object.keys(v).length === 1) return new Set(v.$set as unknown[]);
  }
  return value;
}

export function serializeOrgs(orgs: OrgState[]): string {
  const file: SnapshotFile = { version: SNAPSHOT_VERSION, savedAt: new Date().toISOString(), orgs };
  return JSON.stringify(file, replacer);
}

export function deserializeOrgs(text: string): OrgState[] {
  const file = JSON.parse(text, reviver) as SnapshotFile;
  if (!file || file.version !== SNAPSHOT_VERSION || !Array.isArray(file.orgs)) {
    throw new Error(`Not an emulator snapshot (version ${SNAPSHOT_VERSION} expected)`);
  }
  return file.orgs as OrgState[];
}

export function saveSnapshotSync(file: string, orgs: OrgState[]): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeOrgs(orgs));
  renameSync(tmp, file);
}

export async function saveSnapshot(file: string, orgs: OrgState[]): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serializeOrgs(orgs));
  await rename(tmp, file);
}

export function loadSnapshot(file: string): OrgState[] {
  return deserializeOrgs(readFileSync(file, "utf8"));
}

export function snapshotExists(file: string): boolean {
  return existsSync(file);
}

function fingerprint(orgs: OrgState[]): string {
  return orgs
    .map((o) => {
      const last = o.logs[o.logs.length - 1];
      let sessions = 0;
      for (const list of o.sessions.values()) sessions += list.length;
      return `${o.slug}:${o.logs.length}:${last?.uuid ?? ""}:${o.users.size}:${o.groups.size}:${o.apps.size}:${o.rules.size}:${sessions}:${o.oidcSigningKey?.kid ?? ""}`;
    })
    .join("|");
}

export interface SnapshotWatcher {
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
  /** Stops polling (does not save; call flush first). */
  stop(): void;
  /** Synchronous final save, for process exit paths; true if it wrote the file. */
  flushSync(): boolean;
}

/** Polls for changes every `pollMs` and saves once nothing changed for `debounceMs`. */
export function watchSnapshot(file: string, getOrgs: () => OrgState[], opts: { pollMs?: number; debounceMs?: number; onSave?: (ms: number) => void; onError?: (err: unknown) => void } = {}): SnapshotWatcher {
  const pollMs = opts.pollMs ?? 500;
  const debounceMs = opts.debounceMs ?? 1000;
  let saved = fingerprint(getOrgs());
  let seen = saved;
  let changedAt = 0;
  let saving: Promise<void> | null = null;
  const save = async () => {
    if (saving) await saving;
    const fp = fingerprint(getOrgs());
    if (fp === saved) return;
    const started = Date.now();
    saving = saveSnapshot(file, getOrgs())
      .then(() => {
        saved = fp;
        opts.onSave?.(Date.now() - started);
      })
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        saving = null;
      });
    await saving;
  };
  const timer = setInterval(() => {
    const fp = fingerprint(getOrgs());
    if (fp !== seen) {
      seen = fp;
      changedAt = Date.now();
      return;
    }
    if (fp !== saved && !saving && Date.now() - changedAt >= debounceMs) void save();
  }, pollMs);
  timer.unref();
  return {
    flush: save,
    stop: () => clearInterval(timer),
    flushSync: () => {
      if (fingerprint(getOrgs()) === saved) return false;
      saveSnapshotSync(file, getOrgs());
      saved = fingerprint(getOrgs());
      return true;
    },
  };
}
