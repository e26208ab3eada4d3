// The create / edit forms' model: schema attributes -> controls, control text -> Okta values, and
// which server field errors have no field of their own.
import { describe, expect, it } from "vitest";
import { formSchemaFromAttributes, sameValue, textToValue, toFormAttribute, unplacedErrors, valueToText, type SchemaAttributeLike } from "@/lib/users/form-model";

const attr = (over: Partial<SchemaAttributeLike>): SchemaAttributeLike => ({
  name: "x",
  title: "X",
  type: "string",
  required: false,
  custom: true,
  oktaMastered: false,
  readOnly: false,
  ...over,
});

describe("formSchemaFromAttributes", () => {
  it("keeps the console's labels for base fields, defaults missing ones, sorts custom ones by title", () => {
    const s = formSchemaFromAttributes([
      attr({ name: "login", title: "Username", custom: false, required: true }),
      attr({ name: "department", title: "Department", custom: false, oktaMastered: true }),
      attr({ name: "zeta", title: "Zeta" }),
      attr({ name: "costCentre", title: "Cost centre", readOnly: true, readOnlyReason: "Read-only in this org's Okta profile schema." }),
      attr({ name: "bad name", title: "Bad" }),
    ]);
    expect(s.base.login).toMatchObject({ title: "Username (login)", required: true, base: true });
    expect(s.base.department.oktaMastered).toBe(true);
    expect(s.base.firstName).toMatchObject({ title: "First name", required: true, kind: "string" });
    expect(s.custom.map((a) => a.name)).toEqual(["costCentre", "zeta"]);
    expect(s.custom[0]!.schemaReadOnly).toMatch(/Read-only/);
    expect(s.unavailable).toBeUndefined();
    expect(formSchemaFromAttributes([], "no schema").unavailable).toBe("no schema");
  });

  it("maps enums, arrays and date patterns", () => {
    expect(toFormAttribute(attr({ type: "string", options: [{ value: "HQ", label: "Head office" }] })).options).toEqual([{ value: "HQ", label: "Head office" }]);
    expect(toFormAttribute(attr({ type: "array", itemType: "integer" }))).toMatchObject({ kind: "array", itemKind: "integer" });
    expect(toFormAttribute(attr({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })).date).toBe(true);
  });
});

describe("textToValue", () => {
  const a = (over: Partial<SchemaAttributeLike>) => toFormAttribute(attr(over));
  it("empty is absent on create and null (cleared) on edit", () => {
    expect(textToValue(a({}), "  ")).toEqual({ ok: true, value: undefined });
    expect(textToValue(a({}), "", "null")).toEqual({ ok: true, value: null });
  });
  it("parses numbers, booleans and lists, refusing what does not fit", () => {
    expect(textToValue(a({ type: "integer" }), "42")).toEqual({ ok: true, value: 42 });
    expect(textToValue(a({ type: "integer" }), "4.2")).toMatchObject({ ok: false, error: "Enter a whole number." });
    expect(textToValue(a({ type: "number" }), "4.2")).toEqual({ ok: true, value: 4.2 });
    expect(textToValue(a({ type: "boolean" }), "true")).toEqual({ ok: true, value: true });
    expect(textToValue(a({ type: "array" }), "a, b,,c")).toEqual({ ok: true, value: ["a", "b", "c"] });
    expect(textToValue(a({ type: "array", itemType: "number" }), "1, x")).toMatchObject({ ok: false });
  });
  it("checks enum, length and Okta's pattern before sending", () => {
    expect(textToValue(a({ options: [{ value: "HQ", label: "HQ" }] }), "Remote")).toMatchObject({ ok: false });
    expect(textToValue(a({ maxLength: 3 }), "abcd")).toMatchObject({ ok: false, error: "At most 3 characters." });
    expect(textToValue(a({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), "01/02/2026")).toMatchObject({ ok: false, error: "Enter a date as YYYY-MM-DD." });
    expect(textToValue(a({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), "2026-02-01")).toEqual({ ok: true, value: "2026-02-01" });
    // A pattern the browser cannot compile is left to Okta.
    expect(textToValue(a({ pattern: "(?<" }), "x")).toEqual({ ok: true, value: "x" });
  });
});

describe("values and errors", () => {
  it("shows values as text and compares them as Okta would store them", () => {
    expect(valueToText(["a", "b"])).toBe("a, b");
    expect(valueToText(null)).toBe("");
    expect(sameValue("", null)).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue("a", "b")).toBe(false);
  });
  it("finds the server's field errors no visible field shows", () => {
    expect(unplacedErrors({ "profile.login": ["taken"], "custom.hidden": ["bad"], _form: ["Password rules"] }, new Set(["profile.login"]))).toEqual(["bad", "Password rules"]);
  });
});
