// One zod schema per tenant form, shared by the server actions (authoritative) and the forms (labels,
// hints). No server-only imports here: the browser bundle includes this file. Inputs arrive as plain
// objects built from FormData, so every field accepts strings ("on" checkboxes, comma-separated tags).
import { CALLER_RULES } from "@/lib/verification/rule";
import { z } from "zod";
import { ticketIdField } from "@/lib/actions/ticket";
import { CREDENTIAL_TYPES, MASTERY_VALUES } from "./labels";

// The masteries and credential types with their labels: labels.ts (browser code reads them there,
// without zod).
export { CREDENTIAL_TYPE_LABELS, CREDENTIAL_TYPES, MASTERY_LABELS, MASTERY_VALUES, type CredentialType, type Mastery } from "./labels";

export const DEFAULT_OAUTH_SCOPES = [
  "okta.users.manage",
  "okta.groups.manage",
  "okta.apps.manage",
  "okta.logs.read",
  "okta.roles.read",
  "okta.factors.manage",
  "okta.orgs.read",
  "okta.schemas.read",
] as const;

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Normalises an Okta org URL, or explains what is wrong with it.
 * - https only; plain http is accepted for localhost/127.0.0.1, where the local emulator and dev orgs
 *   run (a token sent over http anywhere else would cross the network in clear).
 * - No trailing slash (the SDK would otherwise request `//api/v1/...`).
 * - Not the Admin Console host (`acme-admin.okta.com`): API calls go to the org host.
 * - No path on real hosts (`/api/v1`, `/oauth2/default`...); the local emulator serves several orgs
 *   under paths (`http://127.0.0.1:8484/orgs/acme`), so local URLs may keep theirs.
 */
export function normalizeOrgUrl(input: string): { ok: true; url: string } | { ok: false; error: string } {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "Enter the org URL, e.g. https://acme.okta.com" };
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return { ok: false, error: "This is not a valid URL. Enter the org URL, e.g. https://acme.okta.com" };
  }
  const host = url.hostname.toLowerCase();
  const local = LOCAL_HOSTS.has(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    return { ok: false, error: "Use https:// (plain http is only accepted for localhost and 127.0.0.1)." };
  }
  if (url.username || url.password) return { ok: false, error: "Remove the user name and password from the URL." };
  if (url.search || url.hash) return { ok: false, error: "Remove the query string or fragment from the URL." };
  const label = host.split(".")[0] ?? "";
  if (label.endsWith("-admin")) {
    const fixed = `${url.protocol}//${host.replace(/^([^.]+)-admin\./, "$1.")}${url.port ? `:${url.port}` : ""}`;
    return {
      ok: false,
      error: `That is the Okta Admin Console address. Use the org URL without "-admin": ${fixed}`,
    };
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (path && !local) {
    return {
      ok: false,
      error: `Use the org's base URL only, without a path (for example ${url.protocol}//${host}).`,
    };
  }
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/**
 * Loopback hosts: localhost (and *.localhost), 127.0.0.0/8, ::1, the unspecified addresses, and
 * IPv4-mapped loopback. `hostname` as URL parses it (IPv4 forms like 127.1 are already normalised).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === "0.0.0.0" ||
    h === "[::1]" ||
    h === "[::]" ||
    /^\[::ffff:(127\.|7f[0-9a-f]{2}:)/.test(h)
  );
}

export const LOCAL_ORG_URL_REFUSED =
  "This server does not accept local or plain-http org URLs (ALLOW_LOCAL_ORG_URLS is off). Use the org's https:// address, e.g. https://acme.okta.com";

/**
 * The server-side half of the org URL rules (the schema above is syntactic and runs in the browser
 * too, where the setting is unknown): plain http and loopback hosts only where the server setting
 * ALLOW_LOCAL_ORG_URLS is on (the local emulator). Returns the field error, or undefined.
 */
export function localOrgUrlError(orgUrl: string, allowLocalOrgUrls: boolean): string | undefined {
  if (allowLocalOrgUrls) return undefined;
  let url: URL;
  try {
    url = new URL(orgUrl.trim());
  } catch {
    return LOCAL_ORG_URL_REFUSED;
  }
  return url.protocol !== "https:" || isLoopbackHost(url.hostname) ? LOCAL_ORG_URL_REFUSED : undefined;
}

/** Field error when an edit changes the org URL without entering the credential again. */
export const CREDENTIAL_REQUIRED_FOR_URL_CHANGE =
  "Enter the credential again when you change the org URL: the stored one is tied to the old URL.";

// Checked in a refinement and normalised in a transform: a failing transform would stop the other
// checks (credential fields) from reporting in the same round.
const orgUrlField = z
  .string({ error: "Enter the org URL" })
  .superRefine((value, ctx) => {
    const result = normalizeOrgUrl(value);
    if (!result.ok) ctx.addIssue({ code: "custom", message: result.error });
  })
  .transform((value) => {
    const result = normalizeOrgUrl(value);
    return result.ok ? result.url : value;
  });

const nameField = z
  .string({ error: "Enter a display name" })
  .trim()
  .min(1, "Enter a display name")
  .max(100, "Use at most 100 characters");

const slugField = z
  .string({ error: "Enter a slug" })
  .trim()
  .min(2, "Use 2 to 40 characters")
  .max(40, "Use 2 to 40 characters")
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and hyphens (not at the start or end)");

const masteryField = z.enum(MASTERY_VALUES, { error: "Choose where users are mastered" });

/** Comma-separated string or array -> unique, trimmed, lowercase tags. */
const tagsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const list = Array.isArray(v) ? v : (v ?? "").split(",");
    return [...new Set(list.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  })
  .pipe(
    z
      .array(z.string().max(40, "Tags are at most 40 characters").regex(/^[a-z0-9][a-z0-9 _.-]*$/, "Tags use letters, digits, spaces, dots, dashes and underscores"))
      .max(20, "Use at most 20 tags"),
  );

/** HTML checkboxes send "on" when checked and nothing otherwise. */
const checkboxField = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

const optionalText = z
  .string()
  .optional()
  .transform((v) => {
    const t = v?.trim();
    return t ? t : undefined;
  });

const idField = z.string({ error: "Missing org id" }).trim().min(1, "Missing org id").max(64);


function looksLikePrivateKey(value: string): boolean {
  const v = value.trim();
  if (/^-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+-----END (RSA |EC )?PRIVATE KEY-----$/.test(v)) return true;
  try {
    const jwk = JSON.parse(v) as Record<string, unknown>;
    return (jwk.kty === "RSA" || jwk.kty === "EC") && typeof jwk.d === "string";
  } catch {
    return false;
  }
}

/** Credential fields as the forms send them (flat). */
export const credentialFieldsSchema = z.object({
  credentialType: z.enum(CREDENTIAL_TYPES, { error: "Choose how the console signs in to Okta" }),
  apiToken: optionalText,
  oauthClientId: optionalText,
  oauthPrivateKey: optionalText,
  oauthKeyId: optionalText,
  oauthScopes: optionalText,
});

/** The decrypted credential (the plaintext inside the envelope). */
export type OktaCredential =
  | { type: "ssws"; token: string }
  | { type: "oauth"; clientId: string; privateKey: string; keyId?: string; scopes: string[] };

export const oktaCredentialSchema: z.ZodType<OktaCredential> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ssws"), token: z.string().min(1) }),
  z.object({
    type: z.literal("oauth"),
    clientId: z.string().min(1),
    privateKey: z.string().min(1),
    keyId: z.string().min(1).optional(),
    scopes: z.array(z.string().min(1)).min(1),
  }),
]);

export function parseScopes(value: string | undefined): string[] {
  return [...new Set((value ?? "").split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

type CredentialFields = z.infer<typeof credentialFieldsSchema>;

/** Checks the flat credential fields and builds the credential; adds field errors to `ctx`. */
function credentialFromFields(fields: CredentialFields, ctx: z.RefinementCtx): OktaCredential | undefined {
  if (fields.credentialType === "ssws") {
    const token = fields.apiToken?.replace(/^SSWS\s+/i, "");
    if (!token) {
      ctx.addIssue({ code: "custom", path: ["apiToken"], message: "Paste the API token" });
      return undefined;
    }
    if (/\s/.test(token) || token.length < 20 || token.length > 200) {
      ctx.addIssue({ code: "custom", path: ["apiToken"], message: "This does not look like an Okta API token" });
      return undefined;
    }
    return { type: "ssws", token };
  }
  let ok = true;
  if (!fields.oauthClientId) {
    ctx.addIssue({ code: "custom", path: ["oauthClientId"], message: "Enter the service app's client id" });
    ok = false;
  }
  if (!fields.oauthPrivateKey) {
    ctx.addIssue({ code: "custom", path: ["oauthPrivateKey"], message: "Paste the private key (PEM or JWK)" });
    ok = false;
  } else if (!looksLikePrivateKey(fields.oauthPrivateKey)) {
    ctx.addIssue({
      code: "custom",
      path: ["oauthPrivateKey"],
      message: "Paste a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK (JSON with kty and d)",
    });
    ok = false;
  }
  const scopes = parseScopes(fields.oauthScopes);
  if (scopes.length === 0) {
    ctx.addIssue({ code: "custom", path: ["oauthScopes"], message: "Enter at least one scope, e.g. okta.users.read" });
    ok = false;
  } else if (scopes.some((s) => !/^okta\.[A-Za-z.]+$/.test(s))) {
    ctx.addIssue({ code: "custom", path: ["oauthScopes"], message: "Okta management scopes look like okta.users.manage" });
    ok = false;
  }
  if (!ok) return undefined;
  return {
    type: "oauth",
    clientId: fields.oauthClientId!,
    privateKey: fields.oauthPrivateKey!.trim(),
    ...(fields.oauthKeyId ? { keyId: fields.oauthKeyId } : {}),
    scopes,
  };
}

/**
 * Drops the flat secret fields, so nothing downstream (audit input, logs) sees them except inside
 * `credential`, which the actions leave out of their audit input.
 */
function withoutCredentialFields<T extends Partial<CredentialFields>>(v: T): Omit<T, keyof CredentialFields> {
  const { apiToken: _t, oauthPrivateKey: _k, oauthClientId: _c, oauthKeyId: _i, oauthScopes: _s, credentialType: _ty, ...rest } = v;
  void _t; void _k; void _c; void _i; void _s; void _ty;
  return rest;
}

function withCredential<S extends z.ZodObject>(schema: S) {
  return (
    schema
      .extend(credentialFieldsSchema.shape)
      // A refinement (not only the transform) so credential errors show together with the other
      // fields' errors: a transform does not run while any field is invalid.
      .superRefine((value, ctx) => {
        const v = value as unknown as CredentialFields;
        if (!(CREDENTIAL_TYPES as readonly unknown[]).includes(v.credentialType)) return;
        credentialFromFields(v, ctx);
      })
      .transform((value, ctx) => {
        const v = value as z.infer<S> & CredentialFields;
        const credential = credentialFromFields(v, ctx);
        if (!credential) return z.NEVER;
        return { ...(withoutCredentialFields(v) as Omit<z.infer<S>, keyof CredentialFields>), credential };
      })
  );
}

/** As withCredential, but the credential may be left out (no `credentialType`): `credential` is then undefined. */
function withOptionalCredential<S extends z.ZodObject>(schema: S) {
  return schema
    .extend({
      ...credentialFieldsSchema.shape,
      credentialType: z.preprocess(
        (v) => (v === "" || v === null ? undefined : v),
        z.enum(CREDENTIAL_TYPES, { error: "Choose how the console signs in to Okta" }).optional(),
      ),
    })
    .superRefine((value, ctx) => {
      const v = value as unknown as Partial<CredentialFields>;
      if (v.credentialType === undefined) return;
      credentialFromFields(v as CredentialFields, ctx);
    })
    .transform((value, ctx) => {
      const v = value as z.infer<S> & Partial<CredentialFields>;
      let credential: OktaCredential | undefined;
      if (v.credentialType !== undefined) {
        credential = credentialFromFields(v as CredentialFields, ctx);
        if (!credential) return z.NEVER;
      }
      return { ...(withoutCredentialFields(v) as Omit<z.infer<S>, keyof CredentialFields>), credential };
    });
}

const tenantDetailsShape = z.object({
  name: nameField,
  slug: slugField,
  orgUrl: orgUrlField,
  mastery: masteryField,
  tags: tagsField,
  ticketRequired: checkboxField,
  /** Caller verification before unlock / password / MFA resets. Absent: "off" for a new org, unchanged on edit. */
  callerVerification: z.enum(CALLER_RULES, { error: "Choose off, recommended or required" }).optional(),
});

/** "Add org" form. */
export const tenantCreateSchema = withCredential(tenantDetailsShape);
export type TenantCreateInput = z.infer<typeof tenantCreateSchema>;

/**
 * Edit form. The credential is optional, except that the service requires it when the org URL
 * changes: a stored credential is bound to the URL it was entered for (see envelope.ts).
 */
export const tenantUpdateSchema = withOptionalCredential(tenantDetailsShape.extend({ id: idField, ticketId: ticketIdField }));
export type TenantUpdateInput = z.infer<typeof tenantUpdateSchema>;

/** Rotate credential form (the only way to change a saved credential). */
export const tenantRotateCredentialSchema = withCredential(z.object({ id: idField, ticketId: ticketIdField }));
export type TenantRotateCredentialInput = z.infer<typeof tenantRotateCredentialSchema>;

/** Archive / unarchive confirmation. */
export const tenantArchiveSchema = z.object({ id: idField, ticketId: ticketIdField });
export type TenantArchiveInput = z.infer<typeof tenantArchiveSchema>;

/** "Test connection" before saving (URL + credential typed in the form). */
export const testConnectionDraftSchema = withCredential(z.object({ orgUrl: orgUrlField }));
export type TestConnectionDraftInput = z.infer<typeof testConnectionDraftSchema>;

/** "Test connection" for a saved org (uses its stored credential, server-side only). */
export const testConnectionSavedSchema = z.object({ id: idField });

/** List filters (search params). */
export const tenantListFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  tag: z.string().trim().max(40).optional().catch(undefined),
  mastery: z.enum(MASTERY_VALUES).optional().catch(undefined),
  archived: z.enum(["active", "archived", "all"]).default("active").catch("active"),
});
export type TenantListFilter = z.infer<typeof tenantListFilterSchema>;
