"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { SearchIcon } from "@/components/ui/search-icon";
import { CROSS_ORG_QUERY_MAX, CROSS_ORG_QUERY_MIN } from "@/lib/search/schema";
import { useCrossOrgSearch, type OrgSearchState } from "./use-cross-org-search";

const DEBOUNCE_MS = 300;

/**
 * The /search page's box and results. The query is in the URL (?q=, replaced as you type, no server
 * round trip), so a search can be pasted into a ticket. Each org's answer appears as it arrives; an org
 * that fails or does not answer in time says so on its own line.
 */
export function CrossOrgSearch({ initialQuery, orgCount }: { initialQuery: string; orgCount: number }) {
  const [text, setText] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const t = setTimeout(() => setQuery(text), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    const url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query.trim());
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", `${url.pathname}${url.search}`);
  }, [query]);
  const search = useCrossOrgSearch(query);
  const tooShort = query.trim().length > 0 && query.trim().length < CROSS_ORG_QUERY_MIN;

  return (
    <div className="space-y-5">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(text);
        }}
        className="max-w-2xl"
      >
        <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-700">
          Name, email, login or Okta user id
        </label>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <input
            id={inputId}
            ref={inputRef}
            type="search"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={CROSS_ORG_QUERY_MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. jsmith, ada@acme.example, Ada Lovelace"
            className="block h-10 w-full rounded-md border-0 bg-white pl-9 pr-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
          />
        </div>
        <p className="mt-1 text-xs text-slate-500">
          One word matches the start of first names, last names and emails; an email or login matches exactly. Searches {orgCount} org{orgCount === 1 ? "" : "s"} at once.
        </p>
      </form>
      {tooShort ? <p className="text-sm text-slate-500">Type at least {CROSS_ORG_QUERY_MIN} characters.</p> : null}
      <Results state={search} />
    </div>
  );
}

function Results({ state }: { state: ReturnType<typeof useCrossOrgSearch> }) {
  if (!state.q) return null;
  const answered = state.orgs.filter((o) => o.status !== "pending");
  const withHits = state.orgs.filter((o): o is Extract<OrgSearchState, { status: "ok" }> => o.status === "ok" && o.users.length > 0);
  const empty = state.orgs.filter((o) => o.status === "ok" && o.users.length === 0);
  const failed = state.orgs.filter((o): o is Extract<OrgSearchState, { status: "error" | "timeout" }> => o.status === "error" || o.status === "timeout");
  const pending = state.orgs.filter((o) => o.status === "pending");
  const people = withHits.reduce((n, o) => n + o.users.length, 0);
  const summary = state.error
    ? state.error
    : !state.done
      ? `Searching ${state.orgs.length || ""} org${state.orgs.length === 1 ? "" : "s"} for “${state.q}”… ${answered.length} answered.`
      : `${people === 0 ? "Nobody" : `${people} ${people === 1 ? "person" : "people"}`} found for “${state.q}” in ${withHits.length} of ${state.orgs.length} org${state.orgs.length === 1 ? "" : "s"}${state.ms !== undefined ? ` (${(state.ms / 1000).toFixed(1)} s)` : ""}.${failed.length ? ` ${failed.length} did not answer.` : ""}`;

  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" className={cn("text-sm", state.error ? "text-rose-700" : "text-slate-600")}>
        {summary}
      </p>
      {withHits.map((org) => (
        <section key={org.slug} aria-label={`Matches in ${org.name}`} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2">
            <h2 className="text-sm font-semibold text-slate-900">
              <Link href={`/t/${encodeURIComponent(org.slug)}`} prefetch={false} className="hover:underline">
                {org.name}
              </Link>
            </h2>
            <span className="text-xs text-slate-500">
              {org.users.length}
              {org.more ? "+" : ""} {org.users.length === 1 && !org.more ? "match" : "matches"}
            </span>
          </header>
          <ul className="divide-y divide-slate-100">
            {org.users.map((u) => (
              <li key={u.id}>
                <Link href={u.href} prefetch={false} className="flex items-center justify-between gap-3 px-4 py-2.5 hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none">
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium text-slate-900">{u.label}</span>
                    <span className="block truncate text-xs text-slate-500">
                      {u.login}
                      {u.email ? ` · ${u.email}` : ""}
                    </span>
                  </span>
                  {u.statusLabel ? (
                    <span className={cn("shrink-0 rounded-full px-2 py-0.5 text-xs", u.status === "ACTIVE" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800")}>{u.statusLabel}</span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
          {org.more ? (
            <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
              More people match in {org.name}:{" "}
              <Link prefetch={false} className="text-indigo-700 hover:underline" href={`/t/${encodeURIComponent(org.slug)}/users?${new URLSearchParams({ q: state.q })}`}>
                see them all in its users list
              </Link>
              .
            </p>
          ) : null}
        </section>
      ))}
      {failed.length ? (
        <section aria-label="Orgs that did not answer" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3">
          <h2 className="text-sm font-semibold text-rose-900">Not searched</h2>
          <ul className="mt-1 space-y-1 text-sm text-rose-800">
            {failed.map((o) => (
              <li key={o.slug}>
                <span className="font-medium">{o.name}</span>: {o.error}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {pending.length && !state.error ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <span aria-hidden className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" />
          Waiting for {pending.length <= 4 ? pending.map((o) => o.name).join(", ") : `${pending.length} orgs`}…
        </p>
      ) : null}
      {empty.length ? (
        <p className="text-sm text-slate-500">
          No match in {empty.length <= 6 ? empty.map((o) => o.name).join(", ") : `${empty.length} orgs`}.
        </p>
      ) : null}
    </div>
  );
}
