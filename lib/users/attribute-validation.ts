// Checks profile values against the org's user schema (GET /api/v1/meta/schemas/user/default) before
// anything is sent to Okta: unknown attributes, wrong types, enums, lengths, patterns, read-only
// attributes. Pure and browser-safe; the server reads the schema (lib/okta/user-schema.ts, whose
// UserSchemaAttribute fits this small shape) and passes it in.

export interface SchemaAttribute {
  name: string;
  /** JSON schema type Okta declares: string, number, integer, boolean, array. */
  type: string;
  title?: string;
  required?: boolean;
  /** Allowed values (Okta's `enum`, or the values of `oneOf` const entries). */
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  /** Okta's regular expression for string values. */
  pattern?: string;
  /** For arrays: the item type. */
  itemType?: string;
  /** Okta's `mutability: "READ_ONLY"` (or a base attribute the console may not set). */
  readOnly?: boolean;
  /** true: under definitions.custom; false: Okta's base profile. */
  custom: boolean;
}

export type ProfileInputValue = string | number | boolean | null | ReadonlyArray<string | number>;

const typeOk = (type: string, v: unknown): boolean => {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "array":
      return Array.isArray(v);
    default:
      // A type the console does not know: let Okta judge.
      return true;
  }
};

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  boolean: "true or false",
  integer: "a whole number",
  number: "a number",
  array: "a list",
};

/** Form values arrive as text: "42" for a number attribute, "true" for a boolean. */
export function coerceToSchema(attr: SchemaAttribute, v: ProfileInputValue): ProfileInputValue {
  if (v === null || typeof v !== "string") return v;
  const t = v.trim();
  if ((attr.type === "integer" || attr.type === "number") && t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (attr.type === "boolean" && (t === "true" || t === "false")) return t === "true";
  if (attr.type === "array") return t === "" ? [] : t.split(",").map((x) => x.trim()).filter(Boolean);
  return v;
}

/** Okta's pattern (a JavaScript-compatible regular expression); one the console cannot compile is left to Okta. */
function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

/**
 * Validates `values` (attribute -> value) against the schema. Returns the coerced values and field
 * errors keyed `${prefix}${attribute}`. `null` or "" clears an optional attribute.
 */
export function validateProfileValues(
  schema: readonly SchemaAttribute[],
  values: Record<string, ProfileInputValue>,
  prefix: string,
): { values: Record<string, ProfileInputValue>; fieldErrors: Record<string, string[]> } {
  const byName = new Map(schema.map((a) => [a.name, a]));
  const out: Record<string, ProfileInputValue> = {};
  const fieldErrors: Record<string, string[]> = {};
  const fail = (name: string, message: string) => (fieldErrors[`${prefix}${name}`] ??= []).push(message);
  for (const [name, raw] of Object.entries(values)) {
    const attr = byName.get(name);
    if (!attr) {
      fail(name, "This org's user profile has no such attribute.");
      continue;
    }
    if (attr.readOnly) {
      fail(name, "Okta does not let this attribute be changed.");
      continue;
    }
    const v = coerceToSchema(attr, raw);
    if (v === null || v === "") {
      if (attr.required) fail(name, "This field is required.");
      else out[name] = null;
      continue;
    }
    if (!typeOk(attr.type, v)) {
      fail(name, `Enter ${TYPE_WORDS[attr.type] ?? attr.type}.`);
      continue;
    }
    if (typeof v === "string") {
      if (attr.minLength !== undefined && v.length < attr.minLength) fail(name, `At least ${attr.minLength} characters.`);
      if (attr.maxLength !== undefined && v.length > attr.maxLength) fail(name, `At most ${attr.maxLength} characters.`);
      if (attr.pattern && !matchesPattern(attr.pattern, v)) fail(name, "This value does not have the format this org expects.");
    }
    if (Array.isArray(v) && attr.itemType) {
      if (!v.every((x) => typeOk(attr.itemType!, x))) fail(name, `Every item must be ${TYPE_WORDS[attr.itemType] ?? attr.itemType}.`);
    }
    if (attr.enum && attr.enum.length) {
      const items = Array.isArray(v) ? v : [v];
      if (!items.every((x) => attr.enum!.includes(x))) fail(name, `Choose one of: ${attr.enum.map(String).join(", ")}.`);
    }
    if (!fieldErrors[`${prefix}${name}`]) out[name] = v;
  }
  return { values: out, fieldErrors };
}

/** Custom attributes the schema requires that `values` leaves out (create only). */
export function missingRequired(schema: readonly SchemaAttribute[], values: Record<string, unknown>, prefix: string): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const a of schema) {
    if (!a.custom || !a.required || a.readOnly) continue;
    const v = values[a.name];
    if (v === undefined || v === null || v === "") fieldErrors[`${prefix}${a.name}`] = ["This field is required."];
  }
  return fieldErrors;
}
