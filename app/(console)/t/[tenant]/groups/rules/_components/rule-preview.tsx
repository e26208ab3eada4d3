"use client";

// Who a rule would add, from live data: calls the preview action step by step (each step reads a few
// pages of users), shows the progress, and says when the answer is partial (the bound was hit).
import { useCallback, useEffect, useRef, useState } from "react";
import { previewRule } from "../actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PreviewResult } from "@/lib/rules/actions";
import type { UserBrief } from "@/lib/rules/okta";

/** Mirrors PREVIEW_USER_BOUND and PREVIEW_SAMPLE_SIZE (lib/rules/preview.ts is server-only). */
const USER_BOUND = 2000;
const SAMPLE = 10;

interface Totals {
  mode: "search" | "scan" | null;
  checked: number;
  matched: number;
  alreadyIn: number;
  sampleMatched: UserBrief[];
  sampleAlreadyIn: UserBrief[];
  bounded: boolean;
  membersTruncated: boolean;
}

const EMPTY: Totals = { mode: null, checked: 0, matched: 0, alreadyIn: 0, sampleMatched: [], sampleAlreadyIn: [], bounded: false, membersTruncated: false };

type Phase = "idle" | "running" | "done" | "stopped" | "error";

const n = (x: number) => x.toLocaleString("en-US");
const people = (x: number) => `${n(x)} ${x === 1 ? "user" : "users"}`;

export function RulePreview({
  slug,
  expression,
  groupIds,
  excludedUserIds,
  autoStart = false,
  compact = false,
  base,
}: {
  slug: string;
  expression: string;
  groupIds: string[];
  excludedUserIds: string[];
  autoStart?: boolean;
  /** In a dialog: one column, five of each sample. */
  compact?: boolean;
  /** /t/<slug>, for links to users. */
  base: string;
}) {
  const [phase, setPhase] = useState<Phase>(autoStart ? "running" : "idle");
  const [totals, setTotals] = useState<Totals>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const stopRef = useRef(false);
  const runId = useRef(0);

  // The loop changes state only after its first answer (so an effect may start it).
  const loop = useCallback(async () => {
    const id = ++runId.current;
    stopRef.current = false;
    let acc: Totals = EMPTY;
    let cursor: { after: string | null; checked: number } | null = null;
    for (;;) {
      const r = await previewRule(slug, { expression, groupIds, excludedUserIds, cursor });
      if (id !== runId.current) return; // a newer run (or unmount) took over
      if (!r.ok) {
        setError(r.fieldErrors?.expression?.join(" ") || r.error);
        setPhase("error");
        return;
      }
      const s: PreviewResult = r.data;
      acc = {
        mode: s.mode,
        checked: s.checked,
        matched: acc.matched + s.matched,
        alreadyIn: acc.alreadyIn + s.alreadyIn,
        sampleMatched: [...acc.sampleMatched, ...s.sampleMatched].slice(0, SAMPLE),
        sampleAlreadyIn: [...acc.sampleAlreadyIn, ...s.sampleAlreadyIn].slice(0, SAMPLE),
        bounded: s.bounded,
        membersTruncated: acc.membersTruncated || s.membersTruncated,
      };
      setTotals(acc);
      if (!s.next) {
        setPhase("done");
        return;
      }
      if (stopRef.current) {
        setPhase("stopped");
        return;
      }
      cursor = s.next;
    }
  }, [slug, expression, groupIds, excludedUserIds]);

  const run = () => {
    setPhase("running");
    setError(null);
    setTotals(EMPTY);
    void loop();
  };

  useEffect(() => {
    if (!autoStart) return;
    // Start once the dialog or panel shows; a later change of the inputs restarts through the key.
    void loop();
    const ids = runId;
    return () => {
      ids.current++;
    };
  }, [autoStart, loop]);

  const partial = phase === "stopped" || totals.bounded;
  const wouldAdd = totals.matched - totals.alreadyIn;

  return (
    <section aria-labelledby="rule-preview-heading" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="rule-preview-heading" className="text-sm font-semibold text-slate-900">
          Preview
        </h3>
        {phase === "running" ? (
          <Button size="sm" variant="secondary" onClick={() => (stopRef.current = true)}>
            Stop
          </Button>
        ) : (
          <Button size="sm" variant="secondary" onClick={run} disabled={!expression.trim() || groupIds.length === 0}>
            {phase === "idle" ? "Preview matches" : "Preview again"}
          </Button>
        )}
      </div>
      {phase === "idle" ? (
        <p className="text-sm text-slate-600">Counts the users this rule would match and how many are already in its target groups, from the org&apos;s live data. Okta itself offers no preview.</p>
      ) : null}
      {phase === "running" ? (
        <div role="status" aria-live="polite" className="space-y-1">
          <progress className="h-2 w-full accent-indigo-600" max={USER_BOUND} value={Math.min(totals.checked, USER_BOUND)} aria-label="Users checked" />
          <p className="text-xs text-slate-600">
            Checked {people(totals.checked)}
            {totals.mode === "search" ? " returned by Okta's search" : " of the org"} (at most {n(USER_BOUND)})…
          </p>
        </div>
      ) : null}
      {phase === "error" && error ? <Alert tone="error" title="No preview">{error}</Alert> : null}
      {phase === "done" || phase === "stopped" || (phase === "running" && totals.checked > 0) ? (
        <div className="space-y-3" aria-live="polite">
          <dl className="grid grid-cols-3 gap-2">
            <div className="rounded-md bg-white p-3 ring-1 ring-slate-200">
              <dt className="text-xs text-slate-500">Would match</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="preview-matched">
                {partial && totals.mode === "search" ? `${n(totals.matched)}+` : n(totals.matched)}
              </dd>
            </div>
            <div className="rounded-md bg-white p-3 ring-1 ring-slate-200">
              <dt className="text-xs text-slate-500">Already in the target {groupIds.length === 1 ? "group" : "groups"}</dt>
              <dd className="text-lg font-semibold text-slate-900">{n(totals.alreadyIn)}</dd>
            </div>
            <div className="rounded-md bg-white p-3 ring-1 ring-slate-200">
              <dt className="text-xs text-slate-500">Would be added</dt>
              <dd className="text-lg font-semibold text-indigo-700">{n(wouldAdd)}</dd>
            </div>
          </dl>
          {phase === "done" && !totals.bounded ? (
            <p className="text-xs text-slate-600">
              Complete: {totals.mode === "search" ? `every user Okta's search returned (${n(totals.checked)}) was checked` : `all ${people(totals.checked)} of the org were checked`}. Deactivated
              and excluded users are skipped, as Okta does.
            </p>
          ) : null}
          {totals.bounded ? (
            <Alert tone="warning" title="Partial preview">
              {totals.mode === "search"
                ? `Okta's search returned over ${n(USER_BOUND)} users; the first ${n(totals.checked)} were checked, so the real count is higher.`
                : `Partial: the first ${n(totals.checked)} users of the org were checked; the org has more.`}
            </Alert>
          ) : null}
          {phase === "stopped" ? <Alert tone="warning" title="Stopped">Partial: stopped after {people(totals.checked)}.</Alert> : null}
          {totals.membersTruncated ? (
            <Alert tone="warning">A group has more than {n(USER_BOUND)} members; only the first were read, so membership counts may be low.</Alert>
          ) : null}
          <div className={compact ? "space-y-3" : "grid grid-cols-1 gap-3 md:grid-cols-2"}>
            <Sample title="Sample of matching users" users={totals.sampleMatched.slice(0, compact ? 5 : SAMPLE)} base={base} empty="No user matches." />
            <Sample title="Sample already in the target groups" users={totals.sampleAlreadyIn.slice(0, compact ? 5 : SAMPLE)} base={base} empty="None of them is in the target groups yet." />
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Sample({ title, users, base, empty }: { title: string; users: UserBrief[]; base: string; empty: string }) {
  return (
    <div>
      <h4 className="text-xs font-medium text-slate-700">{title}</h4>
      {users.length === 0 ? (
        <p className="mt-1 text-xs text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-0.5" aria-label={title}>
          {users.map((u) => (
            <li key={u.id} className="min-w-0 truncate text-sm">
              <a href={`${base}/users/${encodeURIComponent(u.id)}`} className="text-indigo-700 hover:underline">
                {u.displayName}
              </a>{" "}
              <span className="text-xs text-slate-500">{u.login}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
