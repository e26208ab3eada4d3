/**
 * Per-org indexes the API needs to stay fast on large orgs (100k users): ids kept sorted so that a
 * cursor (`after=<id>`) resolves by binary search and a page costs O(log n + limit), and a
 * lower-cased login index for uniqueness checks and lookups by login.
 *
 * Indexes are derived from `OrgState` lazily and maintained by the API handlers. Seeds and snapshot
 * loading write `OrgState` directly before the server starts; if the maps change size behind our
 * back, the index is rebuilt on next use.
 */
import type { OrgState } from "./model.ts";

export class SortedIds {
  private ids: string[];

  constructor(ids: Iterable<string>) {
    this.ids = [...ids].sort();
  }

  get length(): number {
    return this.ids.length;
  }

  at(i: number): string | undefined {
    return this.ids[i];
  }

  /** Index of the first id strictly greater than `id`. */
  indexAfter(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(id: string): void {
    const i = this.indexAfter(id);
    if (this.ids[i - 1] === id) return;
    this.ids.splice(i, 0, id);
  }

  remove(id: string): void {
    const i = this.indexAfter(id) - 1;
    if (i >= 0 && this.ids[i] === id) this.ids.splice(i, 1);
  }
}

export class OrgRuntime {
  private userIndex?: SortedIds;
  private groupIndex?: SortedIds;
  private logins?: Map<string, string>;

  constructor(private readonly org: OrgState) {}

  get users(): SortedIds {
    if (!this.userIndex || this.userIndex.length !== this.org.users.size) this.userIndex = new SortedIds(this.org.users.keys());
    return this.userIndex;
  }

  get groups(): SortedIds {
    if (!this.groupIndex || this.groupIndex.length !== this.org.groups.size) this.groupIndex = new SortedIds(this.org.groups.keys());
    return this.groupIndex;
  }

  /** lower-cased login -> user id */
  get loginIndex(): Map<string, string> {
    if (!this.logins || this.logins.size !== this.org.users.size) {
      this.logins = new Map();
      for (const u of this.org.users.values()) this.logins.set(u.profile.login.toLowerCase(), u.id);
    }
    return this.logins;
  }
}

const runtimes = new WeakMap<OrgState, OrgRuntime>();

export function runtimeFor(org: OrgState): OrgRuntime {
  let rt = runtimes.get(org);
  if (!rt) {
    rt = new OrgRuntime(org);
    runtimes.set(org, rt);
  }
  return rt;
}

/** Forgets derived indexes, e.g. after an org was reset in place. */
export function dropRuntime(org: OrgState): void {
  runtimes.delete(org);
}
