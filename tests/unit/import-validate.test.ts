// The validation report of an import: required values, email-shaped logins, invalid emails, duplicate
// logins in the file and against Okta, unknown groups, formula injection, schema checks; skipped rows.
import { describe, expect, it } from "vitest";
import { applyEdits, lookupsNeeded, validateImport, type ImportAttribute, type ImportLookups } from "@/lib/import/validate";

const attrs: ImportAttribute[] = [
  { name: "login", title: "Username", required: true, custom: false, type: "string" },
  { name: "firstName", title: "First name", required: true, custom: false, type: "string", maxLength: 50 },
  { name: "lastName", title: "Last name", required: true, custom: false, type: "string" },
  { name: "email", title: "Primary email", required: true, custom: false, type: "string" },
  { name: "mobilePhone", title: "Mobile phone", required: false, custom: false, type: "string" },
  { name: "level", title: "Level", required: false, custom: true, type: "integer" },
];
const headers = ["login", "firstName", "lastName", "email", "mobilePhone", "level", "groups"];
const mapping = ["login", "firstName", "lastName", "email", "mobilePhone", "level", "groups"];
const row = (login: string, over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = { login, firstName: "Ada", lastName: "Lovelace", email: login, mobilePhone: "", level: "", groups: "", ...over };
  return headers.map((h) => base[h]!);
};
const noLookups: ImportLookups = { existingLogins: new Map(), groups: new Map() };
const run = (rows: string[][], lookups: ImportLookups | null = noLookups, skip = new Set<number>()) => validateImport({ headers, rows, mapping, attributes: attrs, skip, lookups });
const messages = (r: ReturnType<typeof run>) => r.rows.map((x) => [x.line, x.problems.map((p) => p.message)]);

describe("validateImport", () => {
  it("good rows are planned with typed values", () => {
    const r = run([row("ada@x.example", { level: "3", mobilePhone: "+44 20 7946 0958" })]);
    expect(r.badCount).toBe(0);
    expect(r.planned).toEqual([{ row: 0, login: "ada@x.example", groups: [], profile: { login: "ada@x.example", firstName: "Ada", lastName: "Lovelace", email: "ada@x.example", mobilePhone: "+44 20 7946 0958", level: 3 } }]);
  });

  it("missing required columns are a file problem", () => {
    const r = validateImport({ headers: ["login", "email"], rows: [["a@x.example", "a@x.example"]], mapping: ["login", "email"], attributes: attrs, skip: new Set(), lookups: noLookups });
    expect(r.fileProblems).toEqual([expect.stringContaining("Required columns missing: First name, Last name")]);
  });

  it("empty required values, invalid emails and logins not shaped like an email", () => {
    const r = run([row("ada@x.example", { firstName: "" }), row("bob@x.example", { email: "bob at x" }), row("carol", { email: "carol@x.example" })]);
    expect(messages(r)).toEqual([
      [2, ["First name is empty; Okta requires it."]],
      [3, ["“bob at x” is not a valid email address."]],
      [4, [expect.stringContaining("Login “carol” is not in email format")]],
    ]);
    expect(r.planned).toEqual([]);
  });

  it("duplicate logins in the file (whatever their case): every row after the first", () => {
    const r = run([row("ada@x.example"), row("ADA@x.example"), row("bob@x.example")]);
    expect(messages(r)).toEqual([[3, ["Login ADA@x.example is also on row 2 of this file (logins are unique, whatever their case)."]]]);
    expect(r.planned.map((p) => p.login)).toEqual(["ada@x.example", "bob@x.example"]);
  });

  it("logins Okta already has", () => {
    const r = run([row("ada@x.example"), row("Bob@x.example")], { existingLogins: new Map([["bob@x.example", "00u1"]]), groups: new Map() });
    expect(messages(r)).toEqual([[3, ["Okta already has a user with login Bob@x.example."]]]);
  });

  it("groups: names or ids separated by ;, unknown and app-imported ones flagged", () => {
    const lookups: ImportLookups = {
      existingLogins: new Map(),
      groups: new Map([
        ["Sales", { ok: true, group: { id: "00g1", name: "Sales" } }],
        ["00g2", { ok: true, group: { id: "00g2", name: "Support" } }],
        ["Nope", { ok: false, reason: "Okta has no group “Nope” in this org." }],
      ]),
    };
    const r = run([row("ada@x.example", { groups: "Sales; 00g2;Sales" }), row("bob@x.example", { groups: "Nope" })], lookups);
    expect(r.planned[0]!.groups).toEqual([{ id: "00g1", name: "Sales" }, { id: "00g2", name: "Support" }]);
    expect(messages(r)).toEqual([[3, ["Okta has no group “Nope” in this org."]]]);
    expect(lookupsNeeded([row("ada@x.example", { groups: "Sales; 00g2;Sales" }), row("bad login")], mapping, new Set())).toEqual({ logins: ["ada@x.example"], groupTokens: ["Sales", "00g2"] });
  });

  it("formula injection: a cell starting with = + - @ is flagged (a phone number with + is not)", () => {
    const r = run([
      row("ada@x.example", { firstName: "=HYPERLINK(\"http://evil\")" }),
      row("bob@x.example", { lastName: "+cmd|' /C calc'!A0" }),
      row("carol@x.example", { lastName: "-2+3" }),
      row("dan@x.example", { firstName: "@SUM(1)" }),
      row("eve@x.example", { mobilePhone: "+1 555 0100" }),
      row("fay@x.example", { mobilePhone: "+1+cmd" }),
    ]);
    expect(r.rows.map((x) => [x.line, x.problems.length, x.problems[0]?.column])).toEqual([
      [2, 1, 1],
      [3, 1, 2],
      [4, 1, 2],
      [5, 1, 1],
      [7, 1, 4],
    ]);
    expect(r.rows[0]!.problems[0]!.message).toContain("starts with “=”, which a spreadsheet would run as a formula");
    expect(r.planned.map((p) => p.login)).toEqual(["eve@x.example"]);
  });

  it("values against the org's schema (an integer attribute, a length)", () => {
    const r = run([row("ada@x.example", { level: "three" }), row("bob@x.example", { firstName: "x".repeat(51) })]);
    expect(messages(r)).toEqual([
      [2, ["level: Enter a whole number."]],
      [3, ["firstName: At most 50 characters."]],
    ]);
  });

  it("skipped rows are listed as skipped and never planned; a fixed cell makes a row good", () => {
    const rows = [row("ada@x.example"), row("bob@x.example", { email: "nope" })];
    const r = run(rows, noLookups, new Set([1]));
    expect(r.rows).toEqual([expect.objectContaining({ line: 3, skipped: true, problems: [] })]);
    expect(r.planned.map((p) => p.login)).toEqual(["ada@x.example"]);
    expect(r.skippedCount).toBe(1);
    const fixed = run(applyEdits(rows, [{ row: 1, column: 3, value: " bob@x.example " }]));
    expect(fixed.badCount).toBe(0);
    expect(fixed.planned).toHaveLength(2);
  });

  it("without Okta lookups yet, groups are not judged", () => {
    const r = run([row("ada@x.example", { groups: "Sales" })], null);
    expect(r.badCount).toBe(0);
  });
});
