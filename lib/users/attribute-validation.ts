// Checks profile values against the org's user schema (GET /api/v1/meta/schemas/user/default) before
// anything is sent to Okta: unknown attributes, wrong types, enums, lengths, read-only attributes.
// Pure and browser-safe; the schema is read by the server (lib/okta/user-schema.ts when present, else
// the reader in lib/users/actions.ts) and passed in as this small shape.

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

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Okta's user schema document (JSON, as GET /api/v1/meta/schemas/user/default answers) as the list of
 * attributes above. Tolerant of what it does not know.
 */
export function schemaAttributes(doc: unknown): SchemaAttribute[] {
  const out: SchemaAttribute[] = [];
  const defs = isRec(doc) && isRec(doc.definitions) ? doc.definitions : {};
  for (const [section, custom] of [["base", false], ["custom", true]] as const) {
    const sec = isRec(defs[section]) ? defs[section] : {};
    const props = isRec(sec.properties) ? sec.properties : {};
    const required = Array.isArray(sec.required) ? sec.required.filter((x): x is string => typeof x === "string") : [];
    for (const [name, p] of Object.entries(props)) {
      if (!isRec(p)) continue;
      const items = isRec(p.items) ? p.items : {};
      const oneOf = Array.isArray(p.oneOf) ? p.oneOf.filter(isRec).map((o) => o.const) : [];
      const en = Array.isArray(p.enum) ? p.enum : oneOf.length ? oneOf : undefined;
      out.push({
        name,
        type: typeof p.type === "string" ? p.type : Array.isArray(p.type) ? String(p.type.find((t) => t !== "null") ?? "string") : "string",
        title: typeof p.title === "string" ? p.title : undefined,
        required: required.includes(name) || p.required === true,
        enum: en,
        minLength: typeof p.minLength === "number" ? p.minLength : undefined,
        maxLength: typeof p.maxLength === "number" ? p.maxLength : undefined,
        itemType: typeof items.type === "string" ? items.type : undefined,
        readOnly: p.mutability === "READ_ONLY",
        custom,
      });
    }
  }
  return out;
}
