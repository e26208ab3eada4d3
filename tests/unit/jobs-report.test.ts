// The job CSV report: papaparse's quoting, and formula injection neutralised in every cell.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { jobReportCsv, neutraliseCell } from "@/lib/jobs/report";

describe("job report CSV", () => {
  it("prefixes cells a spreadsheet would evaluate", () => {
    for (const v of ["=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x", "\r=x"]) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ["ada@example.com", "Done.", "", "1"]) expect(neutraliseCell(v)).toBe(v);
  });

  it("one row per item, quoted by papaparse, with the outcome and the request ids", () => {
    const csv = jobReportCsv([
      { seq: 1, label: "=HYPERLINK(\"http://x\")", status: "succeeded", result: JSON.stringify({ action: "suspend", outcome: "Suspended." }), error: null, attempts: 1, oktaRequestIds: '["r1","r2"]', startedAt: new Date(0), finishedAt: new Date(1000) },
      { seq: 2, label: "bob@example.com, jr", status: "failed", result: null, error: "-Okta said no", attempts: 2, oktaRequestIds: "[]", startedAt: null, finishedAt: null },
    ]);
    const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["item", "label", "status", "outcome", "error", "attempts", "okta_request_ids", "started_at", "finished_at"]);
    expect(parsed[1]).toEqual(["1", "'=HYPERLINK(\"http://x\")", "succeeded", "Suspended.", "", "1", "r1 r2", "1970-01-01T00:00:00.000Z", "1970-01-01T00:00:01.000Z"]);
    expect(parsed[2]!.slice(0, 6)).toEqual(["2", "bob@example.com, jr", "failed", "", "'-Okta said no", "2"]);
  });
});

describe("job report outcome line", () => {
  it("lists offboarding steps one by one", async () => {
    const { describeResult } = await import("@/lib/jobs/report");
    const line = describeResult(JSON.stringify({ login: "a@x", outcome: "2 of 2 steps done", steps: [{ step: "sessions", label: "Revoke sessions", status: "done" }, { step: "deactivate", label: "Deactivate", status: "skipped", message: "already deactivated" }] }));
    expect(line).toBe("2 of 2 steps done; Revoke sessions: done; Deactivate: skipped (already deactivated)");
  });
});
