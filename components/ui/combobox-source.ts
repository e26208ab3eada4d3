// What a Combobox (combobox.tsx) picks from, without cmdk or Radix.

/** One choice: what the lookup routes answer (`{ items: [{ id, label, sublabel, status? }] }`). */
export interface ComboboxOption {
  id: string;
  label: string;
  sublabel?: string | null;
  /** Shown as a small tag (e.g. a user's status), as `statusLabel` when given. */
  status?: string | null;
  statusLabel?: string | null;
}

/** A server search: `(query, signal) => options`. Abort with `signal` when a newer query replaced it. */
export type ComboboxSource = (query: string, signal: AbortSignal) => Promise<ComboboxOption[]>;

/**
 * A source reading one of the console's lookup routes (GET `url?q=`), answered through the action
 * wrapper as `{ ok: true, data: { items } }` (a bare `{ items }` is accepted too). Errors become the
 * route's sentence.
 */
export function lookupSource(url: string, extra: Record<string, string> = {}): ComboboxSource {
  return async (query, signal) => {
    const params = new URLSearchParams({ ...extra, q: query });
    const res = await fetch(`${url}?${params.toString()}`, { signal, credentials: "same-origin", headers: { Accept: "application/json" } });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // not JSON: handled below
    }
    const b = (body ?? {}) as { ok?: boolean; error?: string; items?: unknown; data?: { items?: unknown } };
    if (!res.ok || b.ok === false) throw new Error(typeof b.error === "string" ? b.error : `The search failed (HTTP ${res.status}).`);
    const items = Array.isArray(b.data?.items) ? b.data.items : Array.isArray(b.items) ? b.items : [];
    return (items as ComboboxOption[]).filter((i) => i && typeof i.id === "string" && typeof i.label === "string");
  };
}
