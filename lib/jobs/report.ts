// A job's CSV report: one row per item (seq, label, status, outcome / error, Okta request ids, times).
// papaparse writes the CSV (quoting, separators); every cell that a spreadsheet would run as a formula
// (= + - @, also after a tab or carriage return) is prefixed with ' so it stays text.
import Papa from "papaparse";

export interface ReportItem {
  seq: number;
  label: string;
  status: string;
  result: string | null;
  error: string | null;
  attempts: number;
  oktaRequestIds: string;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text a spreadsheet will not evaluate. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The item's result as one readable line: "outcome" first, then the other fields (steps one per entry). */
export function describeResult(resultJson: string | null): string {
  if (!resultJson) return "";
  let result: unknown;
  try {
    result = JSON.parse(resultJson);
  } catch {
    return "";
  }
  if (typeof result !== "object" || result === null) return String(result);
  const r = result as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof r.outcome === "string") parts.push(r.outcome);
  if (Array.isArray(r.steps)) {
    // Offboarding: one entry per step ("Revoke sessions: done", "Deactivate: failed (Okta said...)").
    for (const step of r.steps as Array<Record<string, unknown>>) {
      const label = String(step.label ?? step.step ?? "step");
      const message = typeof step.message === "string" && step.message ? ` (${step.message})` : "";
      parts.push(`${label}: ${String(step.status ?? step.outcome ?? "")}${message}`);
    }
  }
  for (const [k, v] of Object.entries(r)) {
    if (k === "outcome" || k === "action" || k === "login" || k === "steps") continue;
    if (v === null || v === undefined) continue;
    parts.push(`${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  }
  return parts.join("; ");
}

export function jobReportCsv(items: readonly ReportItem[]): string {
  const rows = items.map((i) => {
    let ids: string[] = [];
    try {
      ids = JSON.parse(i.oktaRequestIds) as string[];
    } catch {
      ids = [];
    }
    return [
      String(i.seq),
      i.label,
      i.status,
      describeResult(i.result),
      i.error ?? "",
      String(i.attempts),
      ids.join(" "),
      i.startedAt?.toISOString() ?? "",
      i.finishedAt?.toISOString() ?? "",
    ].map(neutraliseCell);
  });
  return Papa.unparse({ fields: ["item", "label", "status", "outcome", "error", "attempts", "okta_request_ids", "started_at", "finished_at"], data: rows }, { newline: "\r\n" });
}
