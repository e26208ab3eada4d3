import "server-only";
// Connect-time guard for every call to a customer's org URL (test connection probes and the SDK).
// An org URL is typed by an Administrator; without this, "Test connection" could be aimed at the
// MSP's internal network or the cloud metadata service and report what answered.
//
// The check happens where the socket is opened: the agents below resolve the host themselves (all
// addresses), refuse the connection if ANY answer is not allowed (./address.ts), and hand net.connect a
// `lookup` that answers only with the addresses they checked - so Node makes no second DNS query a
// rebinding server could answer differently. IP-literal hosts (for which net.connect never calls
// `lookup`) are checked the same way before connecting. Redirects and body size are the caller's
// part: see guardedRequest() below and the SDK executor in lib/okta/gateway.ts.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { Duplex } from "node:stream";
import { classifyAddress, isAddressAllowed, refusalSentence, type AddressPolicy } from "./address";
import { OrgNetworkRefusedError, redirectRefusal, tooLargeRefusal } from "./errors";

export { OrgNetworkRefusedError } from "./errors";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name -> every address. Tests inject one; the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface OrgNetworkPolicy extends AddressPolicy {
  resolver?: Resolver;
}

/** Largest answer the SDK path reads (user lists of 200 with full profiles stay far below). */
export const MAX_API_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Largest answer a test-connection probe reads (Okta's discovery document is a few hundred bytes). */
export const MAX_PROBE_RESPONSE_BYTES = 256 * 1024;

type ConnectOptions = https.RequestOptions & { servername?: string };
type OnCreate = (err: Error | null, stream: Duplex) => void;
type BaseCreate = (this: http.Agent, options: ConnectOptions) => Duplex | null | undefined;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that answers only with the addresses already checked, in the shape Node
 * asks for (one address, or all of them for its happy-eyeballs attempt): no second DNS query happens,
 * so an answer that changes between the check and the connect is never used.
 */
function pinnedLookup(checked: ResolvedAddress[]) {
  return (_hostname: string, options: { all?: boolean; family?: number | string } | number, callback: LookupCallback) => {
    const opts = typeof options === "number" ? { family: options } : options ?? {};
    const family = opts.family === "IPv4" ? 4 : opts.family === "IPv6" ? 6 : Number(opts.family ?? 0);
    const answers = family === 4 || family === 6 ? checked.filter((a) => a.family === family) : checked;
    if (answers.length === 0) {
      const err: NodeJS.ErrnoException = Object.assign(new Error(`${_hostname} has no IPv${family} address`), { code: "ENOTFOUND" });
      process.nextTick(callback, err, "", 0);
    } else if (opts.all) process.nextTick(callback, null, answers);
    else process.nextTick(callback, null, answers[0]!.address, answers[0]!.family);
  };
}

/**
 * Resolves `hostname` and checks every answer; throws OrgNetworkRefusedError when any address is
 * refused (a mixed answer is not a reason to trust half of it). Returns the checked addresses.
 */
export async function resolveAllowedAddresses(hostname: string, policy: OrgNetworkPolicy): Promise<ResolvedAddress[]> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host);
  const answers = literal ? [{ address: host, family: literal }] : await (policy.resolver ?? systemResolver)(host);
  if (answers.length === 0) {
    throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND", hostname: host });
  }
  for (const answer of answers) {
    const verdict = classifyAddress(answer.address);
    if (!isAddressAllowed(verdict, policy)) {
      throw new OrgNetworkRefusedError("ADDRESS_REFUSED", refusalSentence(host, verdict, policy));
    }
  }
  return answers;
}

/** Agent.createConnection for both agents: check, then connect to the checked addresses only. */
function guardedCreateConnection(agent: http.Agent, base: BaseCreate, policy: OrgNetworkPolicy, options: ConnectOptions, cb?: OnCreate): undefined {
  // Node's Agent always passes the callback; without one there is no way to report a refusal.
  if (!cb) throw new Error("The org network guard needs Agent.createConnection's callback.");
  const fail = (err: Error) => cb(err, undefined as unknown as Duplex);
  if (options.socketPath) {
    process.nextTick(fail, new OrgNetworkRefusedError("ADDRESS_REFUSED", "The console connects to org URLs over the network only."));
    return undefined;
  }
  const host = String(options.host ?? options.hostname ?? "localhost");
  resolveAllowedAddresses(host, policy).then(
    (checked) => {
      let socket: Duplex | null | undefined;
      try {
        // Host name unchanged (TLS SNI and certificate check use it); only the lookup is pinned. An
        // IP-literal host needs no lookup: Node connects to it as is, and it was checked above.
        socket = base.call(agent, { ...options, lookup: pinnedLookup(checked) as unknown as ConnectOptions["lookup"] });
      } catch (err) {
        fail(err as Error);
        return;
      }
      if (socket) cb(null, socket);
      else fail(new Error("The connection could not be opened."));
    },
    (err: Error) => fail(err),
  );
  return undefined;
}

export class GuardedHttpAgent extends http.Agent {
  constructor(
    private readonly policy: OrgNetworkPolicy,
    options?: http.AgentOptions,
  ) {
    super(options);
  }
  override createConnection(options: http.ClientRequestArgs, cb?: OnCreate): undefined {
    return guardedCreateConnection(this, http.Agent.prototype.createConnection as BaseCreate, this.policy, options, cb);
  }
}

export class GuardedHttpsAgent extends https.Agent {
  constructor(
    private readonly policy: OrgNetworkPolicy,
    options?: https.AgentOptions,
  ) {
    super(options);
  }
  override createConnection(options: https.RequestOptions, cb?: OnCreate): undefined {
    return guardedCreateConnection(this, https.Agent.prototype.createConnection as BaseCreate, this.policy, options, cb);
  }
}

export interface GuardedAgents {
  http: GuardedHttpAgent;
  https: GuardedHttpsAgent;
  /** For node-fetch's `agent` option (a function of the parsed URL). */
  forUrl(url: URL | { protocol: string }): GuardedHttpAgent | GuardedHttpsAgent;
  destroy(): void;
}

export function createGuardedAgents(policy: OrgNetworkPolicy, options: { keepAlive?: boolean } = {}): GuardedAgents {
  // Keep-alive so the SDK reuses connections. An idle socket is closed after 4 s: under the 5 s idle
  // limit of common servers (Node's default; load balancers often allow more), so the console drops a
  // socket before the server does and never writes a request into a connection being closed.
  const agentOptions = options.keepAlive ? { keepAlive: true, timeout: 4_000, scheduling: "lifo" as const } : { keepAlive: false };
  const agents = {
    http: new GuardedHttpAgent(policy, agentOptions),
    https: new GuardedHttpsAgent(policy, agentOptions),
  };
  return {
    ...agents,
    forUrl: (url) => (url.protocol === "http:" ? agents.http : agents.https),
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export interface GuardedResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: Buffer;
}

export interface GuardedRequestOptions {
  policy: OrgNetworkPolicy;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

/** A 3xx other than 304 Not Modified. */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * One guarded request (no redirects followed, body capped), for callers outside the SDK. Rejects with
 * OrgNetworkRefusedError for a refused address, a redirect, or an answer over `maxBytes`; with a
 * TimeoutError when the whole exchange takes longer than `timeoutMs`; otherwise Node's network errors.
 */
export function guardedRequest(url: string, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return Promise.reject(new OrgNetworkRefusedError("ADDRESS_REFUSED", "The console calls org URLs over https (or http for the local emulator) only."));
  }
  const agents = createGuardedAgents(options.policy);
  const transport = target.protocol === "http:" ? http : https;
  const signal = AbortSignal.timeout(options.timeoutMs);
  return new Promise<GuardedResponse>((resolve, reject) => {
    const req = transport.request(
      target,
      { method: options.method ?? "GET", headers: options.headers, agent: agents.forUrl(target), signal },
      (res) => {
        const status = res.statusCode ?? 0;
        const headers = {
          get(name: string): string | null {
            const v = res.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
          },
        };
        if (isRedirectStatus(status)) {
          const location = headers.get("location");
          let resolved = location;
          try {
            if (location) resolved = new URL(location, target).href;
          } catch {
            // keep what the org sent
          }
          reject(redirectRefusal(status, resolved));
          res.destroy();
          return;
        }
        const declared = Number(headers.get("content-length"));
        // Reject before destroying: destroying emits "aborted"/"error", and the first settlement wins.
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          reject(tooLargeRefusal(options.maxBytes));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            reject(tooLargeRefusal(options.maxBytes));
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
        res.on("aborted", () => reject(signal.reason ?? new Error("The org closed the connection")));
      },
    );
    req.on("error", (err) => reject(signal.aborted && signal.reason ? signal.reason : err));
    req.end();
  }).finally(() => agents.destroy());
}
