"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { verifyAuditChainAction } from "./actions";

type VerifyState =
  | { state: "idle" }
  | { state: "ok"; rows: number; summary: string }
  | { state: "broken"; firstBadSeq: number; problem: string; detail: string; rows: number; summary: string }
  | { state: "error"; message: string };

/** Walks the whole chain on demand only (it reads every row). */
export function VerifyChainButton() {
  const [result, setResult] = useState<VerifyState>({ state: "idle" });
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <div aria-live="polite" className="max-w-md">
        {result.state === "ok" ? (
          <span className="flex flex-col items-end gap-1">
            <Badge tone="green">Chain verified · {result.rows} entries intact</Badge>
            {result.rows > 0 ? <span className="text-xs text-slate-500">{result.summary}</span> : null}
          </span>
        ) : result.state === "broken" ? (
          <Alert
            tone="error"
            title={
              result.problem === "unverifiable"
                ? `Chain cannot be fully verified from entry #${result.firstBadSeq}`
                : `Chain broken at entry #${result.firstBadSeq} (${result.problem})`
            }
          >
            {result.detail}. {result.problem === "unverifiable" ? `Keys: ${result.summary}.` : `${result.rows} entries before it are intact.`}
          </Alert>
        ) : result.state === "error" ? (
          <Alert tone="error">{result.message}</Alert>
        ) : null}
      </div>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await verifyAuditChainAction({});
            if (!r.ok) setResult({ state: "error", message: r.error });
            else if (r.data.ok) setResult({ state: "ok", rows: r.data.rows, summary: r.data.summary });
            else setResult({ state: "broken", firstBadSeq: r.data.firstBadSeq, problem: r.data.problem, detail: r.data.detail, rows: r.data.rows, summary: r.data.summary });
          })
        }
      >
        {pending ? "Verifying…" : "Verify chain"}
      </Button>
    </div>
  );
}
