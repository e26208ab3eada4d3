"use client";
// The CSV import of users, step by step: choose the file (checked for its encoding at once, here, and
// again on the server), map its columns, read the validation report (fix a cell or skip a row, then
// check again), read the dry run (exactly who would be created), choose the activation, confirm with
// a Ticket ID. Nothing is sent to Okta before that confirmation; the server redoes every check from
// the file's bytes when the job starts.
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog, type ActionResultLike } from "@/components/ui/confirm-dialog";
import { bytesToBase64, decodeCsvBytes, IMPORT_MAX_BYTES, IMPORT_ROW_CAP } from "@/lib/import/csv";
import { GROUPS_TARGET, IGNORE_TARGET, type MappableAttribute } from "@/lib/import/mapping";
import type { CellEdit, ImportReport } from "@/lib/import/validate";

interface Analysis {
  fileName: string;
  headers: string[];
  sample: string[];
  mapping: string[];
  attributes: MappableAttribute[];
  report: ImportReport;
  schemaNote?: string;
}

type Activation = "email" | "staged";
const PREVIEW_ROWS = 500;

async function post<T>(url: string, body: unknown): Promise<ActionResultLike<T>> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => null)) as ActionResultLike<T> | null;
    return json ?? { ok: false, error: `The console answered ${res.status}.` };
  } catch {
    return { ok: false, error: "The console could not be reached. Check your connection and try again." };
  }
}

export function ImportWizard({ slug, orgName, ticketRequired }: { slug: string; orgName: string; ticketRequired: boolean }) {
  const router = useRouter();
  const base = `/api/t/${encodeURIComponent(slug)}/users/import`;
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; b64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [skip, setSkip] = useState<Set<number>>(new Set());
  const [dirty, setDirty] = useState(false);
  const [activation, setActivation] = useState<Activation>("email");
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  const editList = (e: Record<string, string>): CellEdit[] =>
    Object.entries(e).map(([k, value]) => {
      const [row, column] = k.split(":").map(Number);
      return { row: row!, column: column!, value };
    });

  const check = (f: { name: string; b64: string }, next: { mapping?: string[]; edits?: Record<string, string>; skip?: Set<number> } = {}) => {
    startTransition(async () => {
      const r = await post<Analysis>(`${base}/validate`, {
        file: f.b64,
        fileName: f.name,
        ...(next.mapping ? { mapping: next.mapping } : {}),
        edits: editList(next.edits ?? {}),
        skip: [...(next.skip ?? [])],
      });
      if (!r.ok) {
        setFileError(r.fieldErrors?.file?.[0] ?? r.error);
        return;
      }
      setFileError(null);
      setAnalysis(r.data);
      setMapping(r.data.mapping);
      setDirty(false);
    });
  };

  const onFile = async (f: File | undefined) => {
    setAnalysis(null);
    setEdits({});
    setSkip(new Set());
    setFile(null);
    if (!f) return;
    if (f.size > IMPORT_MAX_BYTES) {
      setFileError(`The file is ${(f.size / 1024 / 1024).toFixed(1)} MB; the import accepts at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`);
      return;
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    // The encoding is checked here at once (the server checks the same bytes again).
    const decoded = decodeCsvBytes(bytes);
    if (!decoded.ok) {
      setFileError(decoded.error);
      return;
    }
    const next = { name: f.name.slice(0, 200), b64: bytesToBase64(bytes) };
    setFile(next);
    check(next);
  };

  const recheck = () => file && check(file, { mapping, edits, skip });
  const report = analysis?.report;
  const badRows = report?.rows.filter((r) => !r.skipped) ?? [];
  const skippedRows = report?.rows.filter((r) => r.skipped) ?? [];
  const canRun = !!report && !dirty && !pending && report.fileProblems.length === 0 && report.badCount === 0 && report.planned.length > 0;

  const targetOptions = useMemo(
    () => [
      { value: IGNORE_TARGET, label: "Ignore this column" },
      { value: GROUPS_TARGET, label: "Groups (names or ids, separated by ;)" },
      ...(analysis?.attributes ?? []).map((a) => ({ value: a.name, label: `${a.title}${a.title !== a.name ? ` (${a.name})` : ""}${a.required ? " *" : ""}${a.custom ? " · custom" : ""}` })),
    ],
    [analysis?.attributes],
  );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="1. Choose the file"
          description={`A CSV file in UTF-8 (with or without BOM), at most ${(IMPORT_ROW_CAP - 1).toLocaleString("en-US")} people and ${IMPORT_MAX_BYTES / 1024 / 1024} MB. The first row names the columns.`}
        />
        <CardBody className="space-y-3">
          <p className="text-sm text-slate-600">
            Start from the template: a header row with every attribute of {orgName}&apos;s user profile, and a Groups column (group names or ids, separated by ;).{" "}
            <a href={`${base}/template`} className="font-medium text-indigo-700 hover:underline" download>
              Download template
            </a>
          </p>
          <div>
            <label htmlFor="import-file" className="block text-sm font-medium text-slate-800">
              CSV file
            </label>
            <input
              ref={fileInput}
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
              aria-describedby={fileError ? "import-file-error" : undefined}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </div>
          {fileError ? (
            <div id="import-file-error">
              <Alert tone="error" title="This file cannot be imported">
                {fileError}
              </Alert>
            </div>
          ) : null}
          {pending && !analysis ? <p className="text-sm text-slate-600" role="status">Reading the file and checking it against Okta…</p> : null}
        </CardBody>
      </Card>

      {analysis && report ? (
        <>
          <Card>
            <CardHeader title="2. Map the columns" description={`Each column of ${analysis.fileName} to an attribute of ${orgName}'s user profile, Groups, or Ignore. * marks what Okta or this org requires.`} />
            <CardBody className="space-y-3">
              {analysis.schemaNote ? <Alert tone="warning">{analysis.schemaNote}</Alert> : null}
              <div className="overflow-x-auto">
                <table className="min-w-full text-sm">
                  <caption className="sr-only">Column mapping</caption>
                  <thead>
                    <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                      <th scope="col" className="py-2 pr-4">Column in the file</th>
                      <th scope="col" className="hidden py-2 pr-4 sm:table-cell">First value</th>
                      <th scope="col" className="py-2">Goes to</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {analysis.headers.map((h, i) => (
                      <tr key={i}>
                        <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-900">{h || <span className="text-slate-400">(no name)</span>}</th>
                        <td className="hidden max-w-48 truncate py-2 pr-4 text-slate-600 sm:table-cell">{analysis.sample[i] || "—"}</td>
                        <td className="py-2">
                          <select
                            aria-label={`Column ${h || i + 1} goes to`}
                            className="block w-full max-w-sm rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                            value={mapping[i] ?? IGNORE_TARGET}
                            onChange={(e) => {
                              const next = [...mapping];
                              next[i] = e.target.value;
                              setMapping(next);
                              setDirty(true);
                            }}
                          >
                            {targetOptions.map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.fileProblems.length ? (
                <Alert tone="error" title="The mapping is not complete">
                  <ul className="list-disc pl-5">
                    {report.fileProblems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="3. Validation report"
              description="Checked before anything is sent to Okta: required values, email-shaped logins, emails, this org's attribute rules, duplicate logins in the file and in Okta, groups, and cells a spreadsheet would run as formulas."
              actions={
                <Button size="sm" variant={dirty ? "primary" : "secondary"} disabled={pending} onClick={recheck}>
                  {pending ? "Checking…" : "Check again"}
                </Button>
              }
            />
            <CardBody className="space-y-4">
              <p className="flex flex-wrap gap-2 text-sm" role="status">
                <Badge tone="neutral">{report.total} rows</Badge>
                <Badge tone="green">{report.planned.length} ready</Badge>
                <Badge tone={report.badCount ? "red" : "neutral"}>{report.badCount} with problems</Badge>
                <Badge tone="neutral">{report.skippedCount} skipped</Badge>
              </p>
              {dirty ? <Alert tone="warning">You changed the mapping, a cell or a skip: check again before running.</Alert> : null}
              {badRows.length ? (
                <>
                  <div className="flex flex-wrap items-center gap-3">
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        const next = new Set(skip);
                        for (const r of badRows) next.add(r.row);
                        setSkip(next);
                        if (file) check(file, { mapping, edits, skip: next });
                      }}
                    >
                      {badRows.length === 1 ? "Skip the row with problems" : `Skip all ${badRows.length} rows with problems`}
                    </Button>
                    <span className="text-xs text-slate-500">Or fix a cell below and check again.</span>
                  </div>
                  <div className="overflow-x-auto rounded-md border border-slate-200">
                    <table className="min-w-full text-sm">
                      <caption className="sr-only">Rows with problems</caption>
                      <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                        <tr>
                          <th scope="col" className="px-3 py-2">Line</th>
                          <th scope="col" className="px-3 py-2">Login</th>
                          <th scope="col" className="px-3 py-2">Problems and fixes</th>
                          <th scope="col" className="px-3 py-2"><span className="sr-only">Skip</span></th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {badRows.slice(0, PREVIEW_ROWS).map((r) => (
                          <tr key={r.row} className="align-top">
                            <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">{r.line}</th>
                            <td className="px-3 py-2 text-slate-700">{r.login || "—"}</td>
                            <td className="px-3 py-2">
                              <ul className="space-y-2">
                                {r.problems.map((p, j) => {
                                  const key = `${r.row}:${p.column ?? -1}`;
                                  return (
                                    <li key={j} className="space-y-1">
                                      <p className="text-rose-800">{p.message}</p>
                                      {p.column !== undefined && p.column >= 0 ? (
                                        <input
                                          aria-label={`Fix line ${r.line}, ${analysis.headers[p.column]}`}
                                          className="block w-full max-w-sm rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                                          defaultValue={edits[key] ?? r.cells[p.column] ?? ""}
                                          onChange={(e) => {
                                            setEdits({ ...edits, [key]: e.target.value });
                                            setDirty(true);
                                          }}
                                        />
                                      ) : null}
                                    </li>
                                  );
                                })}
                              </ul>
                            </td>
                            <td className="px-3 py-2 text-right">
                              <Button
                                size="sm"
                                variant="ghost"
                                aria-label={`Skip line ${r.line}`}
                                onClick={() => {
                                  const next = new Set(skip).add(r.row);
                                  setSkip(next);
                                  if (file) check(file, { mapping, edits, skip: next });
                                }}
                              >
                                Skip
                              </Button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {badRows.length > PREVIEW_ROWS ? <p className="text-xs text-slate-500">The first {PREVIEW_ROWS} of {badRows.length} rows with problems are shown.</p> : null}
                </>
              ) : report.fileProblems.length ? null : (
                <Alert tone="success">No row has a problem{report.skippedCount ? ` (${report.skippedCount} skipped)` : ""}.</Alert>
              )}
              {skippedRows.length ? (
                <p className="text-sm text-slate-600">
                  Skipped: line{skippedRows.length === 1 ? "" : "s"} {skippedRows.slice(0, 50).map((r) => r.line).join(", ")}
                  {skippedRows.length > 50 ? "…" : ""}.{" "}
                  <button
                    type="button"
                    className="font-medium text-indigo-700 hover:underline"
                    onClick={() => {
                      const next = new Set<number>();
                      setSkip(next);
                      if (file) check(file, { mapping, edits, skip: next });
                    }}
                  >
                    Include them again
                  </button>
                </p>
              ) : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="4. Dry run" description={`Exactly who would be created in ${orgName}. Okta checks each person again when the job creates them.`} />
            <CardBody className="space-y-4">
              {report.planned.length ? (
                <div className="max-h-96 overflow-auto rounded-md border border-slate-200">
                  <table className="min-w-full text-sm">
                    <caption className="sr-only">Users that would be created</caption>
                    <thead className="sticky top-0 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                      <tr>
                        <th scope="col" className="px-3 py-2">Line</th>
                        <th scope="col" className="px-3 py-2">Login</th>
                        <th scope="col" className="px-3 py-2">Name</th>
                        <th scope="col" className="px-3 py-2">Email</th>
                        <th scope="col" className="px-3 py-2">Groups</th>
                        <th scope="col" className="px-3 py-2">Other attributes</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {report.planned.slice(0, PREVIEW_ROWS).map((p) => {
                        const others = Object.entries(p.profile).filter(([k]) => !["login", "firstName", "lastName", "email"].includes(k));
                        return (
                          <tr key={p.row}>
                            <td className="px-3 py-1.5 text-slate-500">{p.row + 2}</td>
                            <th scope="row" className="px-3 py-1.5 text-left font-medium text-slate-900">{p.login}</th>
                            <td className="px-3 py-1.5">{`${String(p.profile.firstName ?? "")} ${String(p.profile.lastName ?? "")}`}</td>
                            <td className="px-3 py-1.5">{String(p.profile.email ?? "")}</td>
                            <td className="px-3 py-1.5">{p.groups.map((g) => g.name).join(", ") || "—"}</td>
                            <td className="px-3 py-1.5 text-slate-600">{others.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`).join("; ") || "—"}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="text-sm text-slate-600">Nobody would be created yet.</p>
              )}
              {report.planned.length > PREVIEW_ROWS ? <p className="text-xs text-slate-500">The first {PREVIEW_ROWS} of {report.planned.length} people are shown; the job&apos;s report lists every one.</p> : null}

              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-slate-800">How the new users start</legend>
                <label className="flex items-start gap-2 text-sm">
                  <input type="radio" name="activation" value="email" checked={activation === "email"} onChange={() => setActivation("email")} className="mt-0.5" />
                  <span>Activate and send each person Okta&apos;s activation email</span>
                </label>
                <label className="flex items-start gap-2 text-sm">
                  <input type="radio" name="activation" value="staged" checked={activation === "staged"} onChange={() => setActivation("staged")} className="mt-0.5" />
                  <span>Create them staged (activate later)</span>
                </label>
                <p className="text-xs text-slate-500">
                  Temporary passwords are not offered for an import: each could be shown only once, to you, and hundreds of them would have to be stored or handed over in a list. Create a single user for that.
                </p>
              </fieldset>

              <div className="flex flex-wrap items-center gap-3">
                <Button disabled={!canRun} onClick={() => setConfirming(true)}>
                  Create {report.planned.length} user{report.planned.length === 1 ? "" : "s"}…
                </Button>
                {!canRun && report.badCount ? <span className="text-sm text-slate-600">Fix or skip the rows with problems first.</span> : null}
              </div>
            </CardBody>
          </Card>

          <ConfirmDialog<{ jobId: string; items: number }>
            open={confirming}
            onClose={() => setConfirming(false)}
            title={`Create ${report.planned.length} user${report.planned.length === 1 ? "" : "s"} in ${orgName}?`}
            description={`${activation === "email" ? "Each person is activated and Okta emails them." : "Each person is created staged."} The job runs in the background at the pace ${orgName}'s Okta rate limits allow; you can follow it and download its report.`}
            confirmLabel="Start import"
            tone="primary"
            ticketRequired={ticketRequired}
            onConfirm={(ticketId) =>
              post<{ jobId: string; items: number }>(`${base}/start`, {
                file: file?.b64 ?? "",
                fileName: file?.name ?? "import.csv",
                mapping,
                edits: editList(edits),
                skip: [...skip],
                activation,
                ...(ticketId ? { ticketId } : {}),
              })
            }
            successMessage={(d) => `Import started: ${d.items} users.`}
            onDone={(d) => router.push(`/t/${encodeURIComponent(slug)}/jobs/${encodeURIComponent(d.jobId)}`)}
          />
        </>
      ) : null}
    </div>
  );
}
