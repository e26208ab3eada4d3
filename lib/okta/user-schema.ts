import "server-only";
// The org's user profile schema (GET /api/v1/meta/schemas/user/default) as the console uses it: the
// attribute list of the advanced search builder, the custom fields of the create and edit forms, and
// the server-side check of custom values before any write.
//
// Read as wire JSON through the SDK's own HTTP client (same executor: network guard, pacing, request
// ids, attribution), not through SchemaApi.getUserSchema: SDK 8.1.0 deserializes `enum` and `oneOf`
// wrongly (each string becomes a character map, `const` becomes `_const`; see
// tests/emulator/user-schema.test.ts).
//
// Cached per tenant for SCHEMA_TTL_MS: pages and forms read it often and it changes rarely (an admin
// editing the Profile Editor). Concurrent readers share one request; failures are not cached.
import { describeOktaError, type OktaGateway } from "./gateway";

export type SchemaMasterType = "PROFILE_MASTER" | "OKTA" | "OVERRIDE";

export interface UserSchemaAttribute {
  /** The profile property name (`department`, `employeeNumber`, a custom `costCentre`...). */
  name: string;
  /** Okta's display title, or the name when Okta gives none. */
  title: string;
  /** JSON type: string, boolean, integer, number, array (anything else is passed through). */
  type: string;
  /** For arrays: the item type. */
  itemType?: string;
  required: boolean;
  /** true: under definitions.custom; false: Okta's base profile. */
  custom: boolean;
  /** Allowed values (Okta's `enum`, else the `const` values of `oneOf`), in Okta's order. */
  enum?: ReadonlyArray<string | number>;
  /** The same values with their display titles (oneOf), for pickers. */
  options?: ReadonlyArray<{ value: string | number; label: string }>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  unique: boolean;
  /** Okta's mutability (READ_WRITE when absent). */
  mutability: string;
  /** Who owns the value: the user's profile master (PROFILE_MASTER), Okta (OKTA), or a priority list. */
  master: SchemaMasterType;
  /** Okta owns it even for users imported from AD / an HR app (attribute-level mastering). */
  oktaMastered: boolean;
  /** The schema itself forbids edits (mutability READ_ONLY / IMMUTABLE). */
  readOnly: boolean;
  /** Why readOnly, in a sentence for the form. */
  readOnlyReason?: string;
}

export const SCHEMA_TTL_MS = 60_000;
export const USER_SCHEMA_PATH = "/api/v1/meta/schemas/user/default";

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function masterOf(v: unknown): SchemaMasterType {
  const t = isRec(v) ? v.type : undefined;
  return t === "OKTA" || t === "OVERRIDE" ? t : "PROFILE_MASTER";
}

function readOnlyReasonOf(mutability: string): string | undefined {
  if (mutability === "READ_ONLY") return "Read-only in this org's Okta profile schema.";
  if (mutability === "IMMUTABLE") return "Set when the user is created; Okta does not allow changing it.";
  return undefined;
}

function attributeOf(name: string, raw: unknown, custom: boolean, requiredNames: ReadonlySet<string>): UserSchemaAttribute | null {
  if (!isRec(raw)) return null;
  const type = str(raw.type) ?? "string";
  const oneOf = Array.isArray(raw.oneOf) ? raw.oneOf.filter(isRec) : [];
  const fromOneOf = oneOf.map((o) => o.const).filter((c): c is string | number => typeof c === "string" || typeof c === "number");
  const enumValues = Array.isArray(raw.enum) ? raw.enum.filter((e): e is string | number => typeof e === "string" || typeof e === "number") : fromOneOf.length ? fromOneOf : undefined;
  const titles = new Map(oneOf.filter((o) => typeof o.const === "string" || typeof o.const === "number").map((o) => [o.const as string | number, str(o.title) ?? String(o.const)]));
  const items = isRec(raw.items) ? raw.items : undefined;
  const mutability = str(raw.mutability) ?? "READ_WRITE";
  const master = masterOf(raw.master);
  const readOnlyReason = readOnlyReasonOf(mutability);
  return {
    name,
    title: str(raw.title) ?? name,
    type,
    ...(type === "array" && items && str(items.type) ? { itemType: str(items.type) } : {}),
    required: raw.required === true || requiredNames.has(name),
    custom,
    ...(enumValues ? { enum: enumValues, options: enumValues.map((v) => ({ value: v, label: titles.get(v) ?? String(v) })) } : {}),
    ...(num(raw.minLength) !== undefined ? { minLength: num(raw.minLength) } : {}),
    ...(num(raw.maxLength) !== undefined ? { maxLength: num(raw.maxLength) } : {}),
    ...(str(raw.pattern) ? { pattern: str(raw.pattern) } : {}),
    ...(str(raw.format) ? { format: str(raw.format) } : {}),
    unique: raw.unique === true || raw.unique === "UNIQUE_VALIDATED",
    mutability,
    master,
    oktaMastered: master === "OKTA",
    readOnly: readOnlyReason !== undefined,
    ...(readOnlyReason ? { readOnlyReason } : {}),
  };
}

/** Base attributes first (Okta's order), then custom ones. Pure: tests and other readers use it. */
export function parseUserSchema(doc: unknown): UserSchemaAttribute[] {
  const defs = isRec(doc) && isRec(doc.definitions) ? doc.definitions : {};
  const out: UserSchemaAttribute[] = [];
  for (const [key, custom] of [
    ["base", false],
    ["custom", true],
  ] as const) {
    const sub = isRec(defs[key]) ? defs[key] : {};
    const props = isRec(sub.properties) ? sub.properties : {};
    const required = new Set(Array.isArray(sub.required) ? sub.required.filter((r): r is string => typeof r === "string") : []);
    for (const [name, raw] of Object.entries(props)) {
      const attr = attributeOf(name, raw, custom, required);
      if (attr) out.push(attr);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Per-tenant cache

interface Entry {
  at: number;
  value: Promise<UserSchemaAttribute[]>;
}

const globalCache = globalThis as unknown as { __oktaUserSchemas?: Map<string, Entry> };
const cache = (globalCache.__oktaUserSchemas ??= new Map());

/**
 * The org's profile attributes. Cached per tenant (and org URL) for SCHEMA_TTL_MS; an Okta error
 * (403 for a token without a schema-reading role, 429, 5xx) is thrown and not cached.
 */
export async function readUserSchema(okta: OktaGateway, options: { now?: number; fresh?: boolean } = {}): Promise<UserSchemaAttribute[]> {
  const now = options.now ?? Date.now();
  const key = `${okta.tenantId}|${okta.orgUrl}`;
  const hit = cache.get(key);
  if (hit && !options.fresh && now - hit.at < SCHEMA_TTL_MS) return hit.value;
  const value = (okta.client.http.getJson(`${okta.orgUrl}${USER_SCHEMA_PATH}`) as Promise<unknown>).then(parseUserSchema);
  const entry: Entry = { at: now, value };
  cache.set(key, entry);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

/** Forget a tenant's schema (after its credential or org URL changed), or every tenant's. */
export function clearUserSchemaCache(tenantId?: string): void {
  if (tenantId === undefined) cache.clear();
  else for (const key of [...cache.keys()]) if (key.startsWith(`${tenantId}|`)) cache.delete(key);
}

export type UserSchemaRead = { ok: true; attributes: UserSchemaAttribute[] } | { ok: false; attributes: UserSchemaAttribute[]; error: string };

/**
 * For pages that work without the org's schema (the base fields): the schema, or the base attributes
 * with a sentence saying why the custom ones are missing. Errors that are not Okta's are rethrown.
 */
export async function readUserSchemaOrBase(okta: OktaGateway): Promise<UserSchemaRead> {
  try {
    return { ok: true, attributes: await readUserSchema(okta) };
  } catch (err) {
    const d = describeOktaError(err);
    if (!d) throw err;
    return { ok: false, attributes: BASE_FALLBACK, error: `The org's custom attributes could not be read (${d.sentence}) Only the standard fields are shown.` };
  }
}

const fallback = (name: string, title: string, required = false): UserSchemaAttribute => ({
  name,
  title,
  type: "string",
  required,
  custom: false,
  unique: name === "login",
  mutability: "READ_WRITE",
  master: "PROFILE_MASTER",
  oktaMastered: false,
  readOnly: false,
});

/** Okta's base profile attributes, for when the schema cannot be read. */
export const BASE_FALLBACK: UserSchemaAttribute[] = [
  fallback("login", "Username", true),
  fallback("firstName", "First name", true),
  fallback("lastName", "Last name", true),
  fallback("middleName", "Middle name"),
  fallback("honorificPrefix", "Honorific prefix"),
  fallback("honorificSuffix", "Honorific suffix"),
  fallback("email", "Primary email", true),
  fallback("title", "Title"),
  fallback("displayName", "Display name"),
  fallback("nickName", "Nickname"),
  fallback("profileUrl", "Profile Url"),
  fallback("secondEmail", "Secondary email"),
  fallback("mobilePhone", "Mobile phone"),
  fallback("primaryPhone", "Primary phone"),
  fallback("streetAddress", "Street address"),
  fallback("city", "City"),
  fallback("state", "State"),
  fallback("zipCode", "Zip code"),
  fallback("countryCode", "Country code"),
  fallback("postalAddress", "Postal Address"),
  fallback("preferredLanguage", "Preferred language"),
  fallback("locale", "Locale"),
  fallback("timezone", "Time zone"),
  fallback("userType", "User type"),
  fallback("employeeNumber", "Employee number"),
  fallback("costCenter", "Cost center"),
  fallback("organization", "Organization"),
  fallback("division", "Division"),
  fallback("department", "Department"),
  fallback("managerId", "ManagerId"),
  fallback("manager", "Manager"),
];

/** The custom attributes only. */
export function customAttributes(attributes: readonly UserSchemaAttribute[]): UserSchemaAttribute[] {
  return attributes.filter((a) => a.custom);
}

/** Names Okta masters even for imported users: lib/users/mastery.ts attributeLock's `oktaMasteredAttributes`. */
export function oktaMasteredAttributes(attributes: readonly UserSchemaAttribute[]): string[] {
  return attributes.filter((a) => a.oktaMastered).map((a) => a.name);
}
