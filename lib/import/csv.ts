// Reading an uploaded CSV of people (pure, browser-safe; the server runs the same code on the bytes it
// receives and is the one that decides). Encoding first: UTF-8, with or without its byte-order mark,
// is accepted; a UTF-16 / UTF-32 byte-order mark or any byte sequence that is not valid UTF-8 (a file
// saved as Windows-1252 / Latin-1 from a spreadsheet) is refused with a sentence that says how to save
// it again. Then papaparse (a maintained parser: quoting, embedded commas and line breaks, CRLF) reads
// it; size, row and column caps are checked before anything else looks at the rows.
import Papa from "papaparse";

/** A file of this many data rows or more is refused (stated on the page). */
export const IMPORT_ROW_CAP = 10_000;
/** The largest file accepted (bytes). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_COLUMNS = 100;
/** The longest cell accepted (characters); Okta's own attribute limits are lower. */
export const IMPORT_MAX_CELL = 1024;

export type CsvReadResult = { ok: true; headers: string[]; rows: string[][] } | { ok: false; error: string };

const SAVE_AS_UTF8 = "Save it again as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and upload that file.";

/** Bytes -> text, refusing anything that is not UTF-8. The UTF-8 byte-order mark is dropped. */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (bytes.length === 0) return { ok: false, error: "The file is empty." };
  if (bytes.length > IMPORT_MAX_BYTES) {
    return { ok: false, error: `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the import accepts at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.` };
  }
  const b = bytes;
  if ((b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) || (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00)) {
    return { ok: false, error: `The file is UTF-32 encoded; the import reads UTF-8 only. ${SAVE_AS_UTF8}` };
  }
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe)) {
    return { ok: false, error: `The file is UTF-16 encoded (Excel's “Unicode Text”); the import reads UTF-8 only. ${SAVE_AS_UTF8}` };
  }
  const hasBom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(hasBom ? b.subarray(3) : b);
  } catch {
    return { ok: false, error: `The file is not valid UTF-8 (it may be saved as Windows-1252 or Latin-1, so accented names would be garbled). ${SAVE_AS_UTF8}` };
  }
  if (text.includes("\u0000")) return { ok: false, error: `The file contains NUL bytes: it is not a UTF-8 text file. ${SAVE_AS_UTF8}` };
  return { ok: true, text };
}

/** Text -> header row and data rows (blank lines dropped, cells trimmed of surrounding spaces). */
export function parseCsvText(text: string): CsvReadResult {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy", delimiter: "", preview: IMPORT_ROW_CAP + 2 });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) return { ok: false, error: `The file is not a well-formed CSV: ${fatal.message} (row ${(fatal.row ?? 0) + 1}). Check for a quote that is never closed.` };
  const all = parsed.data;
  if (all.length === 0) return { ok: false, error: "The file has no rows." };
  const headers = (all[0] ?? []).map((h) => h.trim());
  if (headers.length > IMPORT_MAX_COLUMNS) return { ok: false, error: `The file has ${headers.length} columns; the import reads at most ${IMPORT_MAX_COLUMNS}.` };
  if (headers.every((h) => h === "")) return { ok: false, error: "The first row must name the columns (firstName, lastName, email, login…)." };
  const rows = all.slice(1);
  if (rows.length === 0) return { ok: false, error: "The file has a header row but no people in it." };
  if (rows.length >= IMPORT_ROW_CAP) {
    return { ok: false, error: `The file has ${rows.length >= IMPORT_ROW_CAP + 1 ? "more than " : ""}${(IMPORT_ROW_CAP - 1).toLocaleString("en-US")} rows; one import takes at most ${(IMPORT_ROW_CAP - 1).toLocaleString("en-US")} people (10,000 rows or more are refused). Split the file.` };
  }
  const out: string[][] = [];
  for (const [i, raw] of rows.entries()) {
    const cells = headers.map((_, c) => (raw[c] ?? "").trim());
    const long = cells.findIndex((c) => c.length > IMPORT_MAX_CELL);
    if (long >= 0) return { ok: false, error: `Row ${i + 2}, column “${headers[long]}” is longer than ${IMPORT_MAX_CELL} characters.` };
    out.push(cells);
  }
  return { ok: true, headers, rows: out };
}

export function readCsvBytes(bytes: Uint8Array): CsvReadResult {
  const decoded = decodeCsvBytes(bytes);
  return decoded.ok ? parseCsvText(decoded.text) : decoded;
}

/** A cell a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return). */
export function looksLikeFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell);
}

/** base64 <-> bytes without Buffer (the browser sends the file as base64 inside JSON). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
