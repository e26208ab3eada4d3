import "server-only";
// Collects the X-Okta-Request-Id of every Okta response made while `fn` runs (including SDK retries
// and OAuth token requests), so the audit row can join the console's timeline with Okta's System Log
// (`transaction.id`). AsyncLocalStorage keeps concurrent server actions apart.
import { AsyncLocalStorage } from "node:async_hooks";

interface RequestLogStore {
  requestIds: string[];
  /** Who the Okta calls are made for: the gateway adds it to the User-Agent (lib/okta/attribution.ts). */
  attribution?: OktaAttribution;
  /**
   * The enclosing log. A response that arrives after `fn` returned (a page's streamed sections: the
   * read action hands back promises) is still recorded into every enclosing log.
   */
  parent?: RequestLogStore;
}

export interface OktaAttribution {
  /** The staff member's email. */
  staff: string;
  /** The ticket ID of the action, when there is one. */
  ticketId?: string | null;
}

// One store per process, even if bundling or dev reloads load this module twice (the wrapper and the
// gateway's executor must see the same one).
const globalLog = globalThis as unknown as { __oktaRequestLog?: AsyncLocalStorage<RequestLogStore> };
const storage = (globalLog.__oktaRequestLog ??= new AsyncLocalStorage<RequestLogStore>());

export interface OktaRequestLogResult<T> {
  result?: T;
  error?: unknown;
  requestIds: string[];
}

/**
 * Runs `fn`, never throws: the outcome comes back as `result` or `error`, with the request ids seen.
 * Nested calls record into their own store and also into the enclosing one (late responses too).
 */
export async function withOktaRequestLog<T>(fn: () => Promise<T>, attribution?: OktaAttribution): Promise<OktaRequestLogResult<T>> {
  const outer = storage.getStore();
  const inherited = attribution ?? outer?.attribution;
  const store: RequestLogStore = { requestIds: [], ...(inherited ? { attribution: inherited } : {}), ...(outer ? { parent: outer } : {}) };
  try {
    const result = await storage.run(store, fn);
    return { result, requestIds: store.requestIds };
  } catch (error) {
    return { error, requestIds: store.requestIds };
  } finally {
    if (outer) for (const id of store.requestIds) recordInto(outer, id);
  }
}

function recordInto(store: RequestLogStore, requestId: string): void {
  if (!store.requestIds.includes(requestId)) store.requestIds.push(requestId);
}

/** Called by the gateway's request executor (and test connection) for each Okta response. */
export function recordOktaRequestId(requestId: string | null | undefined): void {
  if (!requestId) return;
  for (let store = storage.getStore(); store; store = store.parent) recordInto(store, requestId);
}

/** The ids recorded so far in the current log (empty outside withOktaRequestLog). */
export function currentOktaRequestIds(): string[] {
  return [...(storage.getStore()?.requestIds ?? [])];
}

/** Who the current Okta calls are made for (undefined outside an action). */
export function currentOktaAttribution(): OktaAttribution | undefined {
  return storage.getStore()?.attribution;
}
