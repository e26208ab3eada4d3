/**
 * The default user type's profile schema (`GET /api/v1/meta/schemas/user/default`) and the profile
 * validation Okta derives from it on user create and update.
 *
 * Base properties are Okta's (the SCIM-derived `#base` subschema, identical in every org; only their
 * `master` differs where an org masters some attributes in Okta). Custom properties (`#custom`) are
 * per org, seeded in emulator/seeds/customer.ts to match what the seeded profiles carry.
 *
 * Attribute-level mastering: `master.type` PROFILE_MASTER = the user's profile master (Okta for
 * Okta-sourced users, AD or the HR app for imported ones) owns the attribute; OKTA = Okta owns it even
 * for imported users; OVERRIDE = a priority list decides.
 */
import { OktaError } from "./http.ts";
import type { OrgState, UserSchemaAttributeRecord, UserSchemaMaster } from "./model.ts";

const SELF_RW = [{ principal: "SELF", action: "READ_WRITE" }];
const SELF_RO = [{ principal: "SELF", action: "READ_ONLY" }];

function str(title: string, extra: Partial<UserSchemaAttributeRecord> = {}): UserSchemaAttributeRecord {
  return { title, type: "string", mutability: "READ_WRITE", scope: "NONE", permissions: SELF_RW, master: { type: "PROFILE_MASTER" }, ...extra };
}

/** Okta's base user profile (the order Okta lists it in). */
export const BASE_PROPERTIES: Readonly<Record<string, UserSchemaAttributeRecord>> = {
  login: str("Username", { required: true, minLength: 5, maxLength: 100, pattern: ".+", unique: true }),
  firstName: str("First name", { required: true, minLength: 1, maxLength: 50 }),
  lastName: str("Last name", { required: true, minLength: 1, maxLength: 50 }),
  middleName: str("Middle name"),
  honorificPrefix: str("Honorific prefix"),
  honorificSuffix: str("Honorific suffix"),
  email: str("Primary email", { required: true, format: "email" }),
  title: str("Title"),
  displayName: str("Display name"),
  nickName: str("Nickname"),
  profileUrl: str("Profile Url", { format: "uri" }),
  secondEmail: str("Secondary email", { format: "email" }),
  mobilePhone: str("Mobile phone", { maxLength: 100 }),
  primaryPhone: str("Primary phone", { maxLength: 100 }),
  streetAddress: str("Street address"),
  city: str("City"),
  state: str("State"),
  zipCode: str("Zip code"),
  countryCode: str("Country code", { format: "country-code" }),
  postalAddress: str("Postal Address"),
  preferredLanguage: str("Preferred language", { format: "language-code" }),
  locale: str("Locale", { format: "locale" }),
  timezone: str("Time zone", { format: "timezone" }),
  userType: str("User type"),
  employeeNumber: str("Employee number"),
  costCenter: str("Cost center"),
  organization: str("Organization"),
  division: str("Division"),
  department: str("Department"),
  managerId: str("ManagerId"),
  manager: str("Manager"),
};

export const BASE_REQUIRED = ["login", "firstName", "lastName", "email"];

/** A custom attribute definition for seeds: defaults as Okta's Profile Editor creates them. */
export function customAttribute(title: string, extra: Partial<UserSchemaAttributeRecord> = {}): UserSchemaAttributeRecord {
  return { title, type: "string", mutability: "READ_WRITE", scope: "NONE", permissions: SELF_RO, master: { type: "PROFILE_MASTER" }, ...extra };
}

/** The id Okta gives the default user type's schema ("osc..."), stable per org without using the seed PRNG. */
export function schemaIdFor(slug: string): string {
  let x = 0x811c9dc5;
  for (const c of `schema:${slug}`) x = Math.imul(x ^ c.charCodeAt(0), 0x01000193);
  const h = (x >>> 0).toString(36);
  return `osc${h.padStart(7, "0")}${"0".repeat(10)}`.slice(0, 20);
}

function attribute(attr: UserSchemaAttributeRecord, master: UserSchemaMaster | undefined) {
  // Okta omits unset keywords; `required` is always present.
  const out: Record<string, unknown> = { title: attr.title, type: attr.type, required: attr.required ?? false };
  for (const key of ["enum", "oneOf", "items", "minLength", "maxLength", "pattern", "format", "unique", "mutability", "scope", "permissions"] as const) {
    if (attr[key] !== undefined) out[key] = structuredClone(attr[key]);
  }
  out.master = structuredClone(master ?? attr.master);
  return out;
}

/** The wire shape of GET /api/v1/meta/schemas/user/default. */
export function serializeUserSchema(org: OrgState, orgUrl: string) {
  const schema = org.userSchema;
  const base: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(BASE_PROPERTIES)) base[name] = attribute(attr, schema?.baseMasters?.[name]);
  const custom: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(schema?.custom ?? {})) custom[name] = attribute(attr, undefined);
  const id = schemaIdFor(org.slug);
  return {
    id: `${orgUrl}/meta/schemas/user/${id}`,
    $schema: "http://json-schema.org/draft-04/schema#",
    name: "user",
    title: "User",
    lastUpdated: schema?.lastUpdated ?? "2015-01-01T00:00:00.000Z",
    created: schema?.created ?? "2015-01-01T00:00:00.000Z",
    definitions: {
      base: { id: "#base", type: "object", properties: base, required: [...BASE_REQUIRED] },
      custom: {
        id: "#custom",
        type: "object",
        properties: custom,
        required: Object.entries(schema?.custom ?? {})
          .filter(([, a]) => a.required)
          .map(([n]) => n),
      },
    },
    type: "object",
    properties: { profile: { allOf: [{ $ref: "#/definitions/base" }, { $ref: "#/definitions/custom" }] } },
    _links: { self: { href: `${orgUrl}/api/v1/meta/schemas/user/${id}`, method: "GET" } },
  };
}

/** Accepts `default` and the schema's own id, as Okta does. */
export function isUserSchemaId(org: OrgState, schemaId: string): boolean {
  return schemaId === "default" || schemaId === schemaIdFor(org.slug);
}

function typeMatches(attr: UserSchemaAttributeRecord, v: unknown): boolean {
  switch (attr.type) {
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "array": {
      if (!Array.isArray(v)) return false;
      const itemType = attr.items?.type;
      return !itemType || v.every((x) => typeMatches({ ...attr, type: itemType as UserSchemaAttributeRecord["type"] }, x));
    }
  }
}

/**
 * Okta checks a profile against the schema: every property must be defined (base or custom), of its
 * type, within its enum and length bounds, and unique where the schema says so. Returns the causes
 * ("<attribute>: <sentence>", the shape the emulator uses for every validation cause). Required base
 * attributes and the login rules are checked by the users handler. Null clears a non-required value.
 *
 * The exact cause sentences Okta sends are not documented; the summary of an undefined custom
 * property on create ("Api validation failed: newUser") is what terraform-provider-okta's tests expect.
 */
export function schemaViolations(org: OrgState, profile: Record<string, unknown>, selfId: string | undefined, usersByValue: (attr: string, value: unknown) => string | undefined): { causes: string[]; undefinedProperty: boolean } {
  const custom = org.userSchema?.custom ?? {};
  const causes: string[] = [];
  let undefinedProperty = false;
  for (const [name, value] of Object.entries(profile)) {
    const attr = BASE_PROPERTIES[name] ?? custom[name];
    if (!attr) {
      undefinedProperty = true;
      causes.push(`${name}: Property name '${name}' is not defined in the schema`);
      continue;
    }
    if (value === null || value === undefined) {
      if (attr.required && !BASE_PROPERTIES[name]) causes.push(`${name}: The field cannot be left blank`);
      continue;
    }
    if (name === "login" || name === "email" || name === "firstName" || name === "lastName") continue; // the users handler's rules
    if (!typeMatches(attr, value)) {
      causes.push(`${name}: Does not match required type ${attr.type}`);
      continue;
    }
    if (attr.enum && !(Array.isArray(value) ? value : [value]).every((v) => attr.enum!.includes(v as string))) {
      causes.push(`${name}: Does not match any of the allowed values`);
      continue;
    }
    if (typeof value === "string") {
      if (attr.minLength != null && value.length < attr.minLength) causes.push(`${name}: Must be at least ${attr.minLength} characters`);
      else if (attr.maxLength != null && value.length > attr.maxLength) causes.push(`${name}: Must be at most ${attr.maxLength} characters`);
      else if (attr.pattern && !BASE_PROPERTIES[name] && !new RegExp(attr.pattern).test(value)) causes.push(`${name}: Does not match required pattern`);
    }
    if (attr.unique && !BASE_PROPERTIES[name]) {
      const holder = usersByValue(name, value);
      if (holder && holder !== selfId) causes.push(`${name}: An object with this field already exists in the current organization`);
    }
  }
  for (const [name, attr] of Object.entries(custom)) {
    if (attr.required && !(name in profile)) causes.push(`${name}: The field cannot be left blank`);
  }
  return { causes, undefinedProperty };
}

/** Throws Okta's E0000001 for a profile that breaks the schema. */
export function assertProfileMatchesSchema(org: OrgState, profile: Record<string, unknown>, opts: { selfId?: string; creating: boolean; users: Iterable<{ id: string; profile: Record<string, unknown> }> }): void {
  const { causes, undefinedProperty } = schemaViolations(org, profile, opts.selfId, (attr, value) => {
    for (const u of opts.users) if (u.profile[attr] === value) return u.id;
    return undefined;
  });
  if (causes.length === 0) return;
  const first = causes[0]!.slice(0, causes[0]!.indexOf(":"));
  const summaryField = opts.creating && undefinedProperty ? "newUser" : first;
  throw new OktaError(400, "E0000001", `Api validation failed: ${summaryField}`, causes.map((c) => ({ errorSummary: c })));
}

