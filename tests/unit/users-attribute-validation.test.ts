// Custom profile values checked against the org's user schema before any Okta write.
import { describe, expect, it } from "vitest";
import { coerceToSchema, missingRequired, validateProfileValues, type SchemaAttribute } from "@/lib/users/attribute-validation";

const schema: SchemaAttribute[] = [
  { name: "department", type: "string", custom: false },
  { name: "workplace", type: "string", enum: ["Office", "Hybrid", "Remote"], custom: true },
  { name: "startDate", type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", custom: true },
  { name: "badgeNumber", type: "integer", custom: true, required: true },
  { name: "remote", type: "boolean", custom: true },
  { name: "tags", type: "array", itemType: "string", custom: true },
  { name: "code", type: "string", minLength: 2, maxLength: 4, custom: true },
  { name: "employeeId", type: "string", readOnly: true, custom: true },
];

describe("validateProfileValues", () => {
  it("accepts good values and coerces form text to the schema's types", () => {
    const r = validateProfileValues(schema, { workplace: "Remote", startDate: "2026-01-05", badgeNumber: "42", remote: "true", tags: "a, b", code: "AB" }, "custom.");
    expect(r.fieldErrors).toEqual({});
    expect(r.values).toEqual({ workplace: "Remote", startDate: "2026-01-05", badgeNumber: 42, remote: true, tags: ["a", "b"], code: "AB" });
  });

  it("refuses unknown attributes, read-only ones, bad enums, patterns, types and lengths, keyed with the prefix", () => {
    const r = validateProfileValues(schema, { nope: "x", employeeId: "1", workplace: "Mars", startDate: "soon", badgeNumber: "4.5", remote: "maybe", code: "ABCDE" }, "changes.");
    expect(r.fieldErrors).toEqual({
      "changes.nope": ["This org's user profile has no such attribute."],
      "changes.employeeId": ["Okta does not let this attribute be changed."],
      "changes.workplace": ["Choose one of: Office, Hybrid, Remote."],
      "changes.startDate": ["This value does not have the format this org expects."],
      "changes.badgeNumber": ["Enter a whole number."],
      "changes.remote": ["Enter true or false."],
      "changes.code": ["At most 4 characters."],
    });
    expect(r.values).toEqual({});
  });

  it("empty clears an optional attribute (null) but not a required one", () => {
    const r = validateProfileValues(schema, { workplace: "", badgeNumber: null }, "custom.");
    expect(r.values).toEqual({ workplace: null });
    expect(r.fieldErrors).toEqual({ "custom.badgeNumber": ["This field is required."] });
  });

  it("a pattern the console cannot compile is left to Okta", () => {
    const odd: SchemaAttribute[] = [{ name: "x", type: "string", pattern: "(?<", custom: true }];
    expect(validateProfileValues(odd, { x: "anything" }, "").fieldErrors).toEqual({});
  });
});

describe("missingRequired / coerceToSchema", () => {
  it("names the required custom attributes left out", () => {
    expect(missingRequired(schema, { workplace: "Office" }, "custom.")).toEqual({ "custom.badgeNumber": ["This field is required."] });
    expect(missingRequired(schema, { badgeNumber: 7 }, "custom.")).toEqual({});
  });

  it("leaves text that is not a number or boolean for the type check to refuse", () => {
    expect(coerceToSchema(schema[3]!, "forty")).toBe("forty");
    expect(coerceToSchema(schema[4]!, "yes")).toBe("yes");
    expect(coerceToSchema(schema[5]!, "")).toEqual([]);
  });
});
