"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { attentionScore, COUNTED_STATUSES, type BoundedCount, type CountedStatus, type DashboardLine, type OrgCard } from "@/lib/dashboard/types";
import { STATUS_INFO } from "@/lib/users/lifecycle";

const SignInChart = dynamic(() => import("./sign-in-chart"), {
  ssr: false,
  loading: () => <div className="h-[72px] animate-pulse rounded bg-slate-100" />,
});

export interface DashboardOrg {
  slug: string;
  name: string;
  roleLabel: string;
  /** The staff member's roles show status counts / failed sign-ins here (else counts only: Billing). */
  statuses: boolean;
  signIns: boolean;
}

type CardState = { status: "loading" } | { status: "ok"; card: OrgCard } | { status: "error"; error: string };

interface Meta {
  cacheSeconds: number;
  statusBound: number;
}

const NUMBER = new Intl.NumberFormat("en");
/** A card is marked "Needs attention" from this many locked-out people or failed sign-ins in 24 hours (or when a read failed). */
const ATTENTION_LOCKED = 5;
const ATTENTION_FAILED_24H = 10;
const TIME = { hour: "2-digit", minute: "2-digit" } as const;

/** Reads GET /api/dashboard (NDJSON) and applies each org line as it arrives. */
async function readDashboard(params: URLSearchParams, signal: AbortSignal, onLine: (line: DashboardLine) => void): Promise<string | null> {
  try {
    const res = await fetch(`/api/dashboard?${params}`, { headers: { Accept: "application/x-ndjson" }, signal, cache: "no-store" });
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      return body?.error ?? "The dashboard could not be loaded. Try again.";
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const l of lines) if (l) onLine(JSON.parse(l) as DashboardLine);
    }
    return null;
  } catch {
    return signal.aborted ? null : "The dashboard could not be loaded. Check your connection and try again.";
  }
}

/**
 * One card per org, each filled in as its org answers (one request streams them all); orgs needing
 * attention (locked-out people, failed sign-ins, an org that cannot be read) first. "Refresh" reads
 * every org from Okta again; a card's own refresh button reads just that org.
 */
export function DashboardCards({ orgs }: { orgs: DashboardOrg[] }) {
  const [cards, setCards] = useState<Record<string, CardState>>(() => Object.fromEntries(orgs.map((o) => [o.slug, { status: "loading" } as CardState])));
  const [meta, setMeta] = useState<Meta>({ cacheSeconds: 60, statusBound: 1000 });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(0);

  const load = useCallback((options: { refresh?: boolean; org?: string }, signal: AbortSignal) => {
    const params = new URLSearchParams();
    if (options.refresh) params.set("refresh", "1");
    if (options.org) params.set("org", options.org);
    setBusy((n) => n + 1);
    setCards((prev) => {
      const next = { ...prev };
      for (const o of orgs) if (!options.org || o.slug === options.org) next[o.slug] = { status: "loading" };
      return next;
    });
    void readDashboard(params, signal, (line) => {
      if (line.type === "start") setMeta({ cacheSeconds: line.cacheSeconds, statusBound: line.statusBound });
      if (line.type !== "org") return;
      setCards((prev) => ({ ...prev, [line.slug]: line.status === "ok" ? { status: "ok", card: line.card } : { status: "error", error: line.error } }));
    }).then((err) => {
      setBusy((n) => n - 1);
      if (signal.aborted) return;
      setError(err);
      // An org the stream never answered for (the connection dropped) says so instead of loading forever.
      setCards((prev) => {
        const next = { ...prev };
        for (const o of orgs) if ((!options.org || o.slug === options.org) && next[o.slug]?.status === "loading") next[o.slug] = { status: "error", error: err ?? "No answer for this org." };
        return next;
      });
    });
  }, [orgs]);

  useEffect(() => {
    const controller = new AbortController();
    // After the first paint (the cards' skeletons), not during the effect itself.
    const timer = setTimeout(() => load({}, controller.signal), 0);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [load]);

  const ordered = useMemo(() => {
    const score = (o: DashboardOrg) => {
      const s = cards[o.slug];
      if (!s || s.status === "loading") return -1;
      return s.status === "error" ? attentionScore({ error: s.error }) : attentionScore(s.card);
    };
    return [...orgs].sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name));
  }, [orgs, cards]);
  const loaded = Object.values(cards).filter((c) => c.status !== "loading").length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" aria-live="polite" className="text-sm text-slate-500">
          {busy > 0 ? `Reading ${orgs.length - loaded} of ${orgs.length} orgs from Okta…` : `Live from Okta; each org's numbers are kept for ${meta.cacheSeconds} seconds. Orgs needing attention come first.`}
        </p>
        <Button variant="secondary" size="sm" disabled={busy > 0} onClick={() => load({ refresh: true }, new AbortController().signal)}>
          <RefreshIcon className={cn("h-4 w-4", busy > 0 && "animate-spin")} />
          Refresh all
        </Button>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
          {error}
        </p>
      ) : null}
      <ul className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3" aria-label="Customer orgs">
        {ordered.map((org) => (
          <li key={org.slug}>
            <OrgCardView org={org} state={cards[org.slug] ?? { status: "loading" }} statusBound={meta.statusBound} onRefresh={() => load({ refresh: true, org: org.slug }, new AbortController().signal)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function RefreshIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.8} aria-hidden className={className}>
      <path d="M16.5 10a6.5 6.5 0 1 1-1.9-4.6M16.5 3.5v3.5H13" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

function bounded(c: BoundedCount): { text: string; label: string } {
  return c.over ? { text: `${NUMBER.format(c.count)}+`, label: `over ${NUMBER.format(c.count)}` } : { text: NUMBER.format(c.count), label: NUMBER.format(c.count) };
}

const STATUS_TONES: Partial<Record<CountedStatus, string>> = { LOCKED_OUT: "text-rose-700", PASSWORD_EXPIRED: "text-amber-800", RECOVERY: "text-amber-800", SUSPENDED: "text-rose-700" };

function OrgCardView({ org, state, statusBound, onRefresh }: { org: DashboardOrg; state: CardState; statusBound: number; onRefresh: () => void }) {
  const base = `/t/${encodeURIComponent(org.slug)}`;
  const card = state.status === "ok" ? state.card : null;
  const score = state.status === "ok" ? attentionScore(state.card) : state.status === "error" ? 1000 : 0;
  const locked = card?.statuses?.ok ? card.statuses.value.LOCKED_OUT.count : 0;
  const failed24 = card?.signIns?.ok ? card.signIns.value.last24h : null;
  const attention = state.status === "error" || locked >= ATTENTION_LOCKED || (failed24?.count ?? 0) >= ATTENTION_FAILED_24H || score >= 500;
  return (
    <section
      aria-labelledby={`org-${org.slug}`}
      aria-busy={state.status === "loading"}
      className={cn("flex h-full flex-col rounded-lg border bg-white shadow-sm", attention ? "border-amber-300" : "border-slate-200")}
    >
      <header className="flex items-start justify-between gap-3 border-b border-slate-100 px-5 pb-3 pt-4">
        <div className="min-w-0">
          <h2 id={`org-${org.slug}`} className="break-words font-semibold text-slate-900">
            <Link href={base} prefetch={false} className="hover:underline">
              {org.name}
            </Link>
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            {org.roleLabel}
            {card ? (
              <>
                {" · "}
                <time dateTime={card.asOf} title={new Date(card.asOf).toLocaleString()}>
                  as of {new Date(card.asOf).toLocaleTimeString([], TIME)}
                </time>
                {card.cached ? " (cached)" : ""}
              </>
            ) : null}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center justify-end gap-1">
          {attention && state.status !== "loading" ? <span className="whitespace-nowrap rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">Needs attention</span> : null}
          <button
            type="button"
            onClick={onRefresh}
            disabled={state.status === "loading"}
            aria-label={`Refresh ${org.name}`}
            title="Read this org from Okta again"
            className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 disabled:opacity-40"
          >
            <RefreshIcon className={cn("h-4 w-4", state.status === "loading" && "animate-spin")} />
          </button>
        </div>
      </header>
      <div className="flex flex-1 flex-col gap-4 px-5 py-4">
        {state.status === "error" ? (
          <p role="alert" className="text-sm text-rose-700">
            {state.error}
          </p>
        ) : (
          <>
            <div className="flex items-end justify-between gap-4">
              <div>
                <p className="text-xs uppercase tracking-wide text-slate-500">People</p>
                {card ? (
                  card.people.ok ? (
                    <p className="text-2xl font-semibold tabular-nums text-slate-900" aria-label={`People: ${card.people.value === null ? "unknown" : NUMBER.format(card.people.value)}`}>
                      {card.people.value === null ? "—" : NUMBER.format(card.people.value)}
                    </p>
                  ) : (
                    <p className="text-sm text-rose-700">{card.people.error}</p>
                  )
                ) : (
                  <span className="mt-1 inline-block h-7 w-16 animate-pulse rounded bg-slate-200" aria-label="Loading" />
                )}
              </div>
              {org.signIns ? (
                <div className="text-right">
                  <p className="text-xs uppercase tracking-wide text-slate-500">Failed sign-ins, 24 h</p>
                  {card?.signIns ? (
                    card.signIns.ok ? (
                      <p className={cn("text-2xl font-semibold tabular-nums", card.signIns.value.last24h.count > 0 ? "text-rose-700" : "text-slate-900")} aria-label={`Failed sign-ins in the last 24 hours: ${bounded(card.signIns.value.last24h).label}`}>
                        {bounded(card.signIns.value.last24h).text}
                      </p>
                    ) : (
                      <p className="text-sm text-rose-700">{card.signIns.error}</p>
                    )
                  ) : (
                    <span className="mt-1 inline-block h-7 w-10 animate-pulse rounded bg-slate-200" aria-label="Loading" />
                  )}
                </div>
              ) : null}
            </div>
            {org.statuses ? (
              card?.statuses && !card.statuses.ok ? (
                <p className="text-sm text-rose-700">Status counts: {card.statuses.error}</p>
              ) : (
                <dl className="grid grid-cols-2 gap-x-3 gap-y-2 min-[420px]:grid-cols-3" aria-label={`People by status in ${org.name}`}>
                  {COUNTED_STATUSES.map((s) => {
                    const c = card?.statuses?.ok ? card.statuses.value[s] : null;
                    const shown = c ? bounded(c) : null;
                    return (
                      <div key={s} className="min-w-0">
                        <dt className="truncate text-xs text-slate-500">{STATUS_INFO[s].label}</dt>
                        <dd className="text-sm font-semibold tabular-nums">
                          {shown && c ? (
                            <Link
                              href={`${base}/users?${new URLSearchParams({ status: s })}`}
                              prefetch={false}
                              className={cn("hover:underline", c.count > 0 ? (STATUS_TONES[s] ?? "text-slate-900") : "text-slate-400")}
                              aria-label={`${STATUS_INFO[s].label}: ${shown.label}`}
                              title={c.over ? `More than ${NUMBER.format(statusBound)}: Okta has no count, so the console stops paging there.` : undefined}
                            >
                              {shown.text}
                            </Link>
                          ) : (
                            <span className="inline-block h-4 w-6 animate-pulse rounded bg-slate-200" />
                          )}
                        </dd>
                      </div>
                    );
                  })}
                </dl>
              )
            ) : null}
            {org.signIns && card?.signIns?.ok ? (
              <figure className="mt-auto">
                <figcaption className="mb-1 text-xs text-slate-500">Failed sign-ins per day (UTC), last 7 days</figcaption>
                <div role="img" aria-label={`Failed sign-ins per day in ${org.name}: ${card.signIns.value.days.map((d) => `${d.day} ${d.failed}${d.complete ? "" : " or more"}`).join(", ")}`}>
                  <SignInChart days={card.signIns.value.days} />
                </div>
              </figure>
            ) : null}
            {!org.statuses && !org.signIns ? <p className="mt-auto text-xs text-slate-500">Your role shows user counts only.</p> : null}
          </>
        )}
      </div>
    </section>
  );
}
