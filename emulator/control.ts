/**
 * Test-only controls: injected faults and the log of requests served per org (the console's
 * authorization tests use it to assert that no Okta call was made).
 */

export interface FaultSpec {
  /** Restrict to one org (slug); all orgs when absent. */
  org?: string;
  /** Restrict to one HTTP method; all when absent. */
  method?: string;
  /** A regular expression (or, if it does not compile, a substring) tested against the org-relative path and query. */
  pathPattern: string;
  /** How many matching requests the fault applies to. */
  count: number;
  /** Answer with this status and Okta's error body... */
  status?: 429 | 500 | 503;
  /** ...or hold the request this long, then serve it normally. */
  hangMs?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  test: (path: string) => boolean;
}

export interface RequestLogEntry {
  org: string;
  method: string;
  path: string;
  status: number;
  requestId: string;
  at: string;
  /** The caller's User-Agent (with any X-Okta-User-Agent-Extended), as Okta's System Log records it. */
  userAgent?: string;
}

/** Most recent entries kept per org; the counters stay exact. */
const LOG_CAP = 10_000;

export class ControlPlane {
  private faults: ActiveFault[] = [];
  private log = new Map<string, RequestLogEntry[]>();
  private counts = new Map<string, number>();

  addFault(spec: FaultSpec): void {
    if (typeof spec.pathPattern !== "string" || !Number.isInteger(spec.count) || spec.count < 1) {
      throw new Error("fault needs pathPattern (string) and count (positive integer)");
    }
    if (spec.status === undefined && spec.hangMs === undefined) throw new Error("fault needs status or hangMs");
    let test: (path: string) => boolean;
    try {
      const re = new RegExp(spec.pathPattern);
      test = (p) => re.test(p);
    } catch {
      test = (p) => p.includes(spec.pathPattern);
    }
    this.faults.push({ ...spec, method: spec.method?.toUpperCase(), remaining: spec.count, test });
  }

  clearFaults(): void {
    this.faults = [];
  }

  listFaults(): Array<FaultSpec & { remaining: number }> {
    return this.faults.map(({ org, method, pathPattern, count, status, hangMs, remaining }) => ({ org, method, pathPattern, count, status, hangMs, remaining }));
  }

  /** Consumes and returns the first fault matching this request, if any. */
  takeFault(org: string, method: string, pathAndQuery: string): FaultSpec | undefined {
    const f = this.faults.find((x) => (!x.org || x.org === org) && (!x.method || x.method === method) && x.test(pathAndQuery));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  record(entry: RequestLogEntry): void {
    this.counts.set(entry.org, (this.counts.get(entry.org) ?? 0) + 1);
    let list = this.log.get(entry.org);
    if (!list) {
      list = [];
      this.log.set(entry.org, list);
    }
    list.push(entry);
    if (list.length > LOG_CAP) list.splice(0, list.length - LOG_CAP);
  }

  requests(org?: string): { count: number; requests: RequestLogEntry[] } {
    if (org !== undefined) return { count: this.counts.get(org) ?? 0, requests: [...(this.log.get(org) ?? [])] };
    const all = [...this.log.values()].flat().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let count = 0;
    for (const n of this.counts.values()) count += n;
    return { count, requests: all };
  }

  clearRequests(org?: string): void {
    if (org === undefined) {
      this.log.clear();
      this.counts.clear();
    } else {
      this.log.delete(org);
      this.counts.delete(org);
    }
  }
}
