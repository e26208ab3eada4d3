"use client";

import { useEffect, useState } from "react";

type State = { status: "loading" } | { status: "ok"; count: number | null } | { status: "error"; message: string };

/** One org's user count, fetched live through GET /api/t/<slug>/user-count after the page renders. */
export function UserCount({ slug }: { slug: string }) {
  const [state, setState] = useState<State>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/t/${encodeURIComponent(slug)}/user-count`, { signal: controller.signal, cache: "no-store" })
      .then(async (res) => {
        const body = (await res.json()) as { ok: boolean; data?: { usersCount: number | null }; error?: string };
        setState(body.ok ? { status: "ok", count: body.data?.usersCount ?? null } : { status: "error", message: body.error ?? "Unavailable" });
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== "AbortError") setState({ status: "error", message: "Could not reach the console." });
      });
    return () => controller.abort();
  }, [slug]);
  if (state.status === "loading") return <span className="inline-block h-5 w-12 animate-pulse rounded bg-slate-200" aria-label="Loading user count" />;
  if (state.status === "error") return <span className="text-sm text-rose-700" title={state.message}>Unavailable</span>;
  return <span className="text-lg font-semibold tabular-nums text-slate-900">{state.count === null ? "—" : state.count.toLocaleString("en")}</span>;
}
