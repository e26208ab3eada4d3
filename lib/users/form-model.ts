// What the create and edit forms show, derived from the org's user schema and the user's mastery.
// Browser-safe and pure: the pages read Okta on the server and hand these plain objects to the forms.
import type { z } from "zod";
import { BASE_PROFILE_FIELDS, BASE_PROFILE_LABELS, customValueSchema, type BaseProfileField } from "./schemas";

export type AttributeKind = "string" | "boolean" | "integer" | "number" | "array";

export interface FormAttribute {
  /** Okta's attribute name (profile key). */
  name: string;
  /** The label shown. */
  title: string;
  description?: string;
  kind: AttributeKind;
  /** For arrays: the element type. */
  itemKind?: "string" | "integer" | "number";
  required: boolean;
  /** A base (Okta-defined) attribute rather than one of the org's custom ones. */
  base: boolean;
  /** Allowed values (enum / oneOf). */
  options?: ReadonlyArray<{ value: string; label: string }>;
  maxLength?: number;
  /** Okta's pattern (a JSON-schema regular expression), checked before sending. */
  pattern?: string;
  /** A date held as YYYY-MM-DD text (its pattern says so): a date picker. */
  date?: boolean;
  /** Read-only in the org's schema whatever the user's source (mutability READ_ONLY): the reason. */
  schemaReadOnly?: string;
  /** Okta's attribute-level mastering says Okta owns it, even for imported users. */
  oktaMastered?: boolean;
}

/** The schema the forms need: the base fields they show by name, and the org's custom attributes. */
export interface FormSchema {
  base: Record<BaseProfileField, FormAttribute>;
  custom: FormAttribute[];
  /** The schema could not be read: the forms still work with the base fields only. */
  unavailable?: string;
}

export const SCHEMA_READ_ONLY_REASON = "Read-only in this org's user schema: Okta does not accept changes to it.";

/**
 * One attribute of the org's schema as lib/okta/user-schema.ts parses it (structurally: this file stays
 * browser-safe and does not import the server module).
 */
export interface SchemaAttributeLike {
  name: string;
  title: string;
  type: string;
  itemType?: string;
  required: boolean;
  custom: boolean;
  options?: ReadonlyArray<{ value: string | number; label: string }>;
  maxLength?: number;
  pattern?: string;
  oktaMastered: boolean;
  readOnly: boolean;
  readOnlyReason?: string;
}

const DATE_PATTERNS = new Set(["^\\d{4}-\\d{2}-\\d{2}$", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]);

function kindOf(type: string | undefined): AttributeKind {
  return type === "boolean" || type === "integer" || type === "number" || type === "array" ? type : "string";
}

/** One schema attribute as a form attribute (base fields keep the console's labels). */
export function toFormAttribute(a: SchemaAttributeLike): FormAttribute {
  const kind = kindOf(a.type);
  const baseLabel = a.custom ? undefined : (BASE_PROFILE_LABELS as Record<string, string>)[a.name];
  return {
    name: a.name,
    title: baseLabel ?? a.title ?? a.name,
    kind,
    ...(kind === "array" ? { itemKind: a.itemType === "integer" || a.itemType === "number" ? a.itemType : "string" } : {}),
    required: a.required,
    base: !a.custom,
    ...(a.options?.length ? { options: a.options.map((o) => ({ value: String(o.value), label: o.label })) } : {}),
    ...(a.maxLength !== undefined ? { maxLength: a.maxLength } : {}),
    ...(a.pattern ? { pattern: a.pattern } : {}),
    ...(kind === "string" && a.pattern && DATE_PATTERNS.has(a.pattern) ? { date: true } : {}),
    ...(a.readOnly ? { schemaReadOnly: a.readOnlyReason ?? SCHEMA_READ_ONLY_REASON } : {}),
    ...(a.oktaMastered ? { oktaMastered: true } : {}),
  };
}

function defaultBase(name: BaseProfileField): FormAttribute {
  const required = name === "firstName" || name === "lastName" || name === "login" || name === "email";
  return { name, title: BASE_PROFILE_LABELS[name], kind: "string", required, base: true };
}

/**
 * The org's schema attributes (lib/okta/user-schema.ts readUserSchema) -> the forms' model: the base
 * fields the forms show by name (Okta's defaults where the schema lacks one) and the custom ones.
 */
export function formSchemaFromAttributes(attributes: readonly SchemaAttributeLike[], unavailable?: string): FormSchema {
  const byName = new Map(attributes.filter((a) => !a.custom).map((a) => [a.name, a]));
  const base = Object.fromEntries(
    BASE_PROFILE_FIELDS.map((name) => {
      const a = byName.get(name);
      return [name, a ? { ...toFormAttribute(a), title: BASE_PROFILE_LABELS[name] } : defaultBase(name)];
    }),
  ) as Record<BaseProfileField, FormAttribute>;
  const custom = attributes
    .filter((a) => a.custom && /^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(a.name))
    .map(toFormAttribute)
    .sort((x, y) => x.title.localeCompare(y.title));
  return { base, custom, ...(unavailable ? { unavailable } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Values: the text a control holds <-> the JSON value Okta stores

/** How a profile value is shown in a text control. */
export function valueToText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((v) => String(v)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export type ConvertResult = { ok: true; value: z.infer<typeof customValueSchema> | undefined } | { ok: false; error: string };

/**
 * The text of a control as the value to send for `attr`: empty -> undefined (create: absent) or
 * null (edit: cleared, see `emptyAs`); numbers parsed; booleans from "true"/"false"; arrays split on
 * commas.
 */
export function textToValue(attr: FormAttribute, text: string, emptyAs: "absent" | "null" = "absent"): ConvertResult {
  const t = text.trim();
  if (t === "") return { ok: true, value: emptyAs === "null" ? null : undefined };
  switch (attr.kind) {
    case "boolean":
      if (t === "true" || t === "false") return { ok: true, value: t === "true" };
      return { ok: false, error: "Choose yes or no." };
    case "integer":
    case "number": {
      const n = Number(t);
      if (!Number.isFinite(n) || (attr.kind === "integer" && !Number.isInteger(n))) return { ok: false, error: attr.kind === "integer" ? "Enter a whole number." : "Enter a number." };
      return { ok: true, value: n };
    }
    case "array": {
      const parts = t
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (attr.itemKind === "integer" || attr.itemKind === "number") {
        const nums = parts.map(Number);
        if (nums.some((n) => !Number.isFinite(n))) return { ok: false, error: "Enter numbers separated by commas." };
        return { ok: true, value: nums };
      }
      return { ok: true, value: parts };
    }
    default:
      if (attr.maxLength !== undefined && t.length > attr.maxLength) return { ok: false, error: `At most ${attr.maxLength} characters.` };
      if (attr.options && !attr.options.some((o) => o.value === t)) return { ok: false, error: "Choose one of the listed values." };
      if (attr.pattern && !matches(attr.pattern, t)) return { ok: false, error: attr.date ? "Enter a date as YYYY-MM-DD." : "This value does not have the format the org requires." };
      return { ok: true, value: t };
  }
}

/** Okta's pattern; one the browser cannot compile is left to Okta to check. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}

/** Whether two profile values are the same for "did the technician change it?". */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === "" ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Keys of the server's fieldErrors that belong to no visible field are shown at the top of the form
 * (e.g. Okta's cause named an attribute the form does not show).
 */
export function unplacedErrors(fieldErrors: Record<string, string[] | undefined>, placed: ReadonlySet<string>): string[] {
  return Object.entries(fieldErrors)
    .filter(([k, v]) => v?.length && !placed.has(k))
    .flatMap(([, v]) => v ?? []);
}
