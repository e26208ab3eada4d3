"use client";

import { useEffect, useState } from "react";
import { CROSS_ORG_QUERY_MIN, type SearchHit, type SearchLine, type SearchOrgRef } from "@/lib/search/schema";

export type OrgSearchState =
  | { slug: string; name: string; status: "pending" }
  | { slug: string; name: string; status: "ok"; users: SearchHit[]; more: boolean; ms: number }
  | { slug: string; name: string; status: "error" | "timeout"; error: string; ms: number };

export interface CrossOrgSearchState {
  /** The query these results answer ("" = none). */
  q: string;
  /** Per org, in the order the server listed them; each fills in as its org answers. */
  orgs: OrgSearchState[];
  /** Every org answered (or failed). */
  done: boolean;
  /** The whole search failed (invalid query, no access, connection lost). */
  error?: string;
  ms?: number;
}

const EMPTY: CrossOrgSearchState = { q: "", orgs: [], done: true };

/**
 * Reads GET /api/search?q= (NDJSON, one line per org as it answers) into per-org state. A new query
 * aborts the previous request; `debounceMs` waits for typing to pause (the palette), 0 starts at once.
 */
export function useCrossOrgSearch(q: string, { debounceMs = 0, enabled = true }: { debounceMs?: number; enabled?: boolean } = {}): CrossOrgSearchState {
  const [state, setState] = useState<CrossOrgSearchState>(EMPTY);
  const query = enabled ? q.trim() : "";
  useEffect(() => {
    if (query.length < CROSS_ORG_QUERY_MIN) return;
    const controller = new AbortController();
    const timer = setTimeout(() => void read(query, controller.signal, setState), debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, debounceMs]);
  return query.length < CROSS_ORG_QUERY_MIN ? EMPTY : state;
}

async function read(q: string, signal: AbortSignal, setState: (s: CrossOrgSearchState | ((prev: CrossOrgSearchState) => CrossOrgSearchState)) => void) {
  setState({ q, orgs: [], done: false });
  try {
    const res = await fetch(`/api/search?${new URLSearchParams({ q })}`, { headers: { Accept: "application/x-ndjson" }, signal, cache: "no-store" });
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { error?: string; fieldErrors?: Record<string, string[]> } | null;
      setState({ q, orgs: [], done: true, error: body?.fieldErrors?.q?.[0] ?? body?.error ?? "The search failed. Try again." });
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      const parsed = lines.filter(Boolean).map((l) => JSON.parse(l) as SearchLine);
      if (parsed.length) setState((prev) => (prev.q === q ? apply(prev, parsed) : prev));
    }
    setState((prev) => (prev.q === q && !prev.done ? { ...prev, done: true, error: prev.error ?? "The search ended before every org answered." } : prev));
  } catch {
    if (!signal.aborted) setState((prev) => ({ ...prev, q, done: true, error: "The search was interrupted. Check your connection and try again." }));
  }
}

function apply(prev: CrossOrgSearchState, lines: SearchLine[]): CrossOrgSearchState {
  let next = prev;
  for (const line of lines) {
    if (line.type === "start") next = { ...next, orgs: line.orgs.map((o: SearchOrgRef) => ({ slug: o.slug, name: o.name, status: "pending" as const })) };
    else if (line.type === "org") {
      const entry: OrgSearchState =
        line.status === "ok"
          ? { slug: line.slug, name: line.name, status: "ok", users: line.users, more: line.more, ms: line.ms }
          : { slug: line.slug, name: line.name, status: line.status, error: line.error, ms: line.ms };
      next = { ...next, orgs: next.orgs.map((o) => (o.slug === line.slug ? entry : o)) };
    } else if (line.type === "done") next = { ...next, done: true, ms: line.ms };
  }
  return next;
}
