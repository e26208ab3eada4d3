import "server-only";
// The CSV import of users through the one wrapper (routes: the file travels as base64 in a JSON body,
// larger than a server action takes):
//   importValidateRoute  POST /api/t/<org>/users/import/validate  read-only: reads the file (UTF-8 only,
//                        caps), maps columns (auto or the technician's), applies cell fixes and skips,
//                        looks up logins and groups in Okta (bounded, parallel) and answers the report
//                        and the exact plan (the dry run). Nothing is written to Okta.
//   importStartRoute     POST /api/t/<org>/users/import/start     the same again from the bytes (nothing
//                        the browser says about rows is trusted), refused while a row has a problem
//                        that is neither fixed nor skipped; then one user_import job, one item per row.
//   importTemplateRoute  GET  /api/t/<org>/users/import/template   a CSV header row of this org's attributes.
import { z } from "zod";
import { ActionError, tenantRoute, type ActionResult, type TenantActionContext } from "@/lib/actions";
import { CSV_BOM, csvLine } from "@/lib/logs/csv";
import { readUserSchemaOrBase } from "@/lib/okta/user-schema";
import { base64ToBytes, IMPORT_MAX_BYTES, IMPORT_MAX_CELL, IMPORT_ROW_CAP, readCsvBytes } from "./csv";
import { IMPORT_ACTIVATIONS, type ImportItem } from "./kind";
import { importLookups } from "./lookups";
import { autoMapColumns, templateHeaders, type MappableAttribute } from "./mapping";
import { enqueueJob } from "./enqueue";
import { applyEdits, lookupsNeeded, validateImport, type ImportAttribute, type ImportReport } from "./validate";

const fileSchema = z
  .string()
  .min(4, "Choose a CSV file.")
  .max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 8, `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file did not arrive intact; choose it again.");

const targetSchema = z.string().regex(/^(ignore|groups|[A-Za-z][A-Za-z0-9_]{0,99})$/, "That is not an attribute.");

export const importInputSchema = z.object({
  file: fileSchema,
  fileName: z.string().trim().max(200).default("import.csv"),
  mapping: z.array(targetSchema).max(100).optional(),
  edits: z.array(z.object({ row: z.number().int().min(0).max(IMPORT_ROW_CAP), column: z.number().int().min(0).max(100), value: z.string().max(IMPORT_MAX_CELL) })).max(IMPORT_ROW_CAP).default([]),
  skip: z.array(z.number().int().min(0).max(IMPORT_ROW_CAP)).max(IMPORT_ROW_CAP).default([]),
});

export const importStartSchema = importInputSchema.extend({
  activation: z.enum(IMPORT_ACTIVATIONS, { message: "Choose how the new users start." }),
});

/** A tiny valid CSV for the authorization matrix. */
const EXAMPLE_FILE = Buffer.from("login,email,firstName,lastName\nada@example.com,ada@example.com,Ada,Lovelace\n").toString("base64");

export interface ImportAnalysis {
  fileName: string;
  headers: string[];
  /** The first data row (before fixes), to show what each column holds. */
  sample: string[];
  mapping: string[];
  /** The org's settable attributes, for the mapping pickers. */
  attributes: MappableAttribute[];
  report: ImportReport;
  /** The org's schema could not be read: only Okta's base attributes are offered (why). */
  schemaNote?: string;
}

function attributesOf(schema: Awaited<ReturnType<typeof readUserSchemaOrBase>>["attributes"]): ImportAttribute[] {
  return schema.map((a) => ({ ...a, enum: a.enum ? [...a.enum] : undefined }));
}

/** The whole analysis from the bytes, as both routes run it. */
async function analyse(ctx: TenantActionContext, input: z.infer<typeof importInputSchema>): Promise<ImportAnalysis> {
  const parsed = readCsvBytes(base64ToBytes(input.file));
  if (!parsed.ok) throw new ActionError(parsed.error, "invalid", { file: [parsed.error] }, "bad_csv");
  const schema = await readUserSchemaOrBase(ctx.okta);
  const attributes = attributesOf(schema.attributes);
  const mapping = input.mapping && input.mapping.length === parsed.headers.length ? input.mapping : autoMapColumns(parsed.headers, attributes);
  const rows = applyEdits(parsed.rows, input.edits);
  const skip = new Set(input.skip.filter((i) => i < rows.length));
  // The mapping first: while required columns are missing there is no point asking Okta anything.
  const dry = validateImport({ headers: parsed.headers, rows, mapping, attributes, skip, lookups: null });
  const lookups = dry.fileProblems.length ? null : await importLookups(ctx.okta, lookupsNeeded(rows, mapping, skip));
  const report = lookups ? validateImport({ headers: parsed.headers, rows, mapping, attributes, skip, lookups }) : dry;
  return {
    fileName: input.fileName,
    headers: parsed.headers,
    sample: parsed.rows[0] ?? [],
    mapping,
    attributes: attributes.filter((a) => !a.readOnly).map((a) => ({ name: a.name, title: a.title, required: a.required, custom: a.custom })),
    report,
    ...(schema.ok ? {} : { schemaNote: schema.error }),
  };
}

export const importValidateRoute = tenantRoute(
  {
    name: "users.import.validate",
    permission: "users.import",
    input: importInputSchema,
    readOnly: true,
    auditInput: (i) => ({ fileName: i.fileName, edits: i.edits.length, skipped: i.skip.length }),
    target: (i) => ({ type: "csv_import", name: i.fileName }),
    example: { file: EXAMPLE_FILE, fileName: "people.csv" },
  },
  analyse,
);

export interface ImportStarted {
  jobId: string;
  items: number;
}

export const importStartRoute = tenantRoute(
  {
    name: "users.import.start",
    permission: "users.import",
    input: importStartSchema,
    auditInput: (i) => ({ fileName: i.fileName, activation: i.activation, edits: i.edits.length, skippedRows: i.skip.map((r) => r + 2) }),
    target: (i) => ({ type: "csv_import", name: i.fileName }),
    example: { file: EXAMPLE_FILE, fileName: "people.csv", activation: "staged" },
  },
  async (ctx, input): Promise<ImportStarted> => {
    const a = await analyse(ctx, input);
    if (a.report.fileProblems.length) throw new ActionError(a.report.fileProblems.join(" "), "invalid", { mapping: a.report.fileProblems }, "mapping_incomplete");
    if (a.report.badCount) {
      const lines = a.report.rows.filter((r) => !r.skipped).map((r) => r.line);
      throw new ActionError(
        `${a.report.badCount} row${a.report.badCount === 1 ? " has" : "s have"} problems (line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 20).join(", ")}${lines.length > 20 ? "…" : ""}): fix or skip ${a.report.badCount === 1 ? "it" : "them"} first. Nothing was created.`,
        "invalid",
        undefined,
        "rows_with_problems",
      );
    }
    if (a.report.planned.length === 0) throw new ActionError("No row is left to create. Nothing was created.", "invalid", undefined, "nothing_to_do");
    const items: { label: string; input: ImportItem }[] = a.report.planned.map((p) => ({
      label: `${p.login} (line ${p.row + 2})`,
      input: { line: p.row + 2, login: p.login, profile: p.profile as ImportItem["profile"], groups: p.groups },
    }));
    const jobId = await enqueueJob(ctx, {
      kind: "user_import",
      title: `Import ${items.length} user${items.length === 1 ? "" : "s"} from ${input.fileName}`,
      params: { activation: input.activation, fileName: input.fileName },
      items,
    });
    return { jobId, items: items.length };
  },
);

export interface ImportTemplate {
  filename: string;
  csv: string;
}

export const importTemplateRoute = tenantRoute(
  {
    name: "users.import.template",
    permission: "users.import",
    input: z.object({}),
    readOnly: true,
    auditFields: [],
    target: () => ({ type: "csv_import", name: "template" }),
  },
  async (ctx): Promise<ImportTemplate> => {
    const headers = templateHeaders((await readUserSchemaOrBase(ctx.okta)).attributes);
    return { filename: `users-import-template-${ctx.tenant.slug}.csv`, csv: CSV_BOM + csvLine(headers) };
  },
  { respond: templateResponse },
);

function templateResponse(result: ActionResult<ImportTemplate>): Response {
  if (!result.ok) {
    return new Response(`The template could not be prepared: ${result.error}\n`, {
      status: result.code === "not_found" ? 404 : result.code === "forbidden" ? 403 : result.code === "unauthenticated" ? 401 : 502,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(result.data.csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.data.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
