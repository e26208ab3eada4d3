// The validation report of a CSV import (pure, browser-safe): every row checked before anything is sent
// to Okta. Per row: required values present, email-shaped login (Okta requires it) and emails, values
// against the org's schema (types, enums, lengths, patterns), formula-looking cells, duplicate logins
// in the file, logins Okta already has, groups that are unknown or cannot take members. The Okta
// lookups (existing logins, groups) are done by the server (./lookups.ts) and passed in; the rows and
// edits are the technician's; a skipped row is reported but not checked further and never created.
import { validateProfileValues, type ProfileInputValue, type SchemaAttribute } from "@/lib/users/attribute-validation";
import { looksLikeFormula } from "./csv";
import { GROUPS_TARGET, IGNORE_TARGET, mappingProblems, REQUIRED_BASE, type ColumnTarget, type MappableAttribute } from "./mapping";

export type ImportAttribute = SchemaAttribute & MappableAttribute;

export interface RowProblem {
  /** The column (index into headers) the problem is in, if one. */
  column?: number;
  message: string;
}

export interface CellEdit {
  row: number;
  column: number;
  value: string;
}

export interface GroupRef {
  id: string;
  name: string;
}
export type GroupResolution = { ok: true; group: GroupRef } | { ok: false; reason: string };

export interface ImportLookups {
  /** Lowercased logins Okta already has -> the existing user's id. */
  existingLogins: ReadonlyMap<string, string>;
  /** Group token as written (trimmed) -> what it is in Okta. */
  groups: ReadonlyMap<string, GroupResolution>;
}

export interface PlannedUser {
  /** 0-based data row (the file's line is row + 2). */
  row: number;
  login: string;
  profile: Record<string, ProfileInputValue>;
  groups: GroupRef[];
}

export interface RowReport {
  row: number;
  line: number;
  login: string;
  cells: string[];
  problems: RowProblem[];
  skipped: boolean;
}

export interface ImportReport {
  /** Problems of the file as a whole (mapping); when present, nothing can run. */
  fileProblems: string[];
  total: number;
  /** Rows that would be created. */
  planned: PlannedUser[];
  /** Rows with problems (not skipped) and skipped rows, in file order. */
  rows: RowReport[];
  badCount: number;
  skippedCount: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A phone number with a leading + (+44 20 7946 0958) is not a formula. */
const PHONE = /^\+[0-9 ().\/-]{4,}$/;
const PHONE_ATTRS = new Set(["mobilePhone", "primaryPhone"]);
export const MAX_GROUPS_PER_ROW = 50;

export function splitGroups(cell: string): string[] {
  return [...new Set(cell.split(";").map((g) => g.trim()).filter(Boolean))];
}

export function applyEdits(rows: readonly string[][], edits: readonly CellEdit[]): string[][] {
  const out = rows.map((r) => [...r]);
  for (const e of edits) {
    const r = out[e.row];
    if (r && e.column >= 0 && e.column < r.length) r[e.column] = e.value.trim();
  }
  return out;
}

/** The logins and group tokens the server must look up in Okta (rows not skipped, edits applied). */
export function lookupsNeeded(rows: readonly string[][], mapping: readonly ColumnTarget[], skip: ReadonlySet<number>): { logins: string[]; groupTokens: string[] } {
  const loginCol = mapping.indexOf("login");
  const groupCol = mapping.indexOf(GROUPS_TARGET);
  const logins = new Set<string>();
  const tokens = new Set<string>();
  rows.forEach((r, i) => {
    if (skip.has(i)) return;
    const login = loginCol >= 0 ? (r[loginCol] ?? "").trim() : "";
    if (EMAIL.test(login) && login.length <= 100) logins.add(login.toLowerCase());
    if (groupCol >= 0) for (const g of splitGroups(r[groupCol] ?? "")) tokens.add(g);
  });
  return { logins: [...logins], groupTokens: [...tokens] };
}

export function validateImport(args: {
  headers: readonly string[];
  rows: readonly string[][];
  mapping: readonly ColumnTarget[];
  attributes: readonly ImportAttribute[];
  skip: ReadonlySet<number>;
  lookups: ImportLookups | null;
}): ImportReport {
  const { headers, rows, mapping, attributes, skip, lookups } = args;
  const fileProblems = mappingProblems(mapping, headers, attributes);
  if (mapping.length !== headers.length) fileProblems.unshift("The column mapping does not match the file's columns; upload the file again.");
  const byName = new Map(attributes.map((a) => [a.name, a]));
  const loginCol = mapping.indexOf("login");

  // Duplicate logins inside the file (case-insensitive, as Okta compares them): every row but the first.
  const firstLine = new Map<string, number>();
  rows.forEach((r, i) => {
    if (skip.has(i) || loginCol < 0) return;
    const l = (r[loginCol] ?? "").trim().toLowerCase();
    if (l && !firstLine.has(l)) firstLine.set(l, i);
  });

  const planned: PlannedUser[] = [];
  const reports: RowReport[] = [];
  let badCount = 0;
  rows.forEach((cells, row) => {
    const login = loginCol >= 0 ? (cells[loginCol] ?? "").trim() : "";
    if (skip.has(row)) {
      reports.push({ row, line: row + 2, login, cells: [...cells], problems: [], skipped: true });
      return;
    }
    const problems: RowProblem[] = [];
    const values: Record<string, ProfileInputValue> = {};
    let groups: GroupRef[] = [];
    mapping.forEach((target, column) => {
      if (target === IGNORE_TARGET) return;
      const cell = (cells[column] ?? "").trim();
      if (cell && looksLikeFormula(cell) && !(PHONE_ATTRS.has(target) && PHONE.test(cell))) {
        problems.push({ column, message: `“${headers[column]}” starts with “${cell[0] === "\t" ? "tab" : cell[0]}”, which a spreadsheet would run as a formula; remove that character or skip the row.` });
        return;
      }
      if (target === GROUPS_TARGET) {
        const tokens = splitGroups(cell);
        if (tokens.length > MAX_GROUPS_PER_ROW) problems.push({ column, message: `At most ${MAX_GROUPS_PER_ROW} groups per person.` });
        for (const t of tokens) {
          const res = lookups?.groups.get(t);
          if (!lookups) continue;
          if (!res) problems.push({ column, message: `Group “${t}” was not looked up.` });
          else if (!res.ok) problems.push({ column, message: res.reason });
          else if (!groups.some((g) => g.id === res.group.id)) groups = [...groups, res.group];
        }
        return;
      }
      if (cell !== "") values[target] = cell;
    });

    for (const name of REQUIRED_BASE) {
      const col = mapping.indexOf(name);
      if (col >= 0 && !(cells[col] ?? "").trim()) problems.push({ column: col, message: `${byName.get(name)?.title ?? name} is empty; Okta requires it.` });
    }
    for (const a of attributes) {
      if (!a.required || a.readOnly || (REQUIRED_BASE as readonly string[]).includes(a.name)) continue;
      const col = mapping.indexOf(a.name);
      if (col >= 0 && !(cells[col] ?? "").trim()) problems.push({ column: col, message: `${a.title} is empty; this org requires it.` });
    }
    if (login) {
      if (!EMAIL.test(login)) problems.push({ column: loginCol, message: `Login “${login}” is not in email format (name@example.com); Okta requires logins shaped like an email address.` });
      else if (login.length < 5 || login.length > 100) problems.push({ column: loginCol, message: "A login has 5 to 100 characters." });
      const first = firstLine.get(login.toLowerCase());
      if (first !== undefined && first !== row) problems.push({ column: loginCol, message: `Login ${login} is also on row ${first + 2} of this file (logins are unique, whatever their case).` });
      const existing = lookups?.existingLogins.get(login.toLowerCase());
      if (existing) problems.push({ column: loginCol, message: `Okta already has a user with login ${login}.` });
    }
    for (const name of ["email", "secondEmail"]) {
      const col = mapping.indexOf(name);
      const v = col >= 0 ? (cells[col] ?? "").trim() : "";
      if (v && (!EMAIL.test(v) || v.length > 100)) problems.push({ column: col, message: `“${v}” is not a valid email address.` });
    }
    // The org's schema: types, enums, lengths, patterns (only values not already refused above).
    const flagged = new Set(problems.map((p) => p.column));
    const toCheck = Object.fromEntries(Object.entries(values).filter(([name]) => !flagged.has(mapping.indexOf(name))));
    const checked = validateProfileValues(attributes, toCheck, "");
    for (const [name, messages] of Object.entries(checked.fieldErrors)) {
      const col = mapping.indexOf(name);
      for (const m of messages) problems.push({ column: col, message: `${headers[col] ?? name}: ${m}` });
    }

    if (problems.length) {
      badCount++;
      reports.push({ row, line: row + 2, login, cells: [...cells], problems, skipped: false });
    } else {
      planned.push({ row, login, profile: checked.values, groups });
    }
  });
  return { fileProblems, total: rows.length, planned, rows: reports, badCount, skippedCount: reports.filter((r) => r.skipped).length };
}
