import "server-only";
// Customer orgs (tenants): CRUD, credential rotation, archive. Reads never select the credential
// ciphertext: TenantRecord / TenantSummary are built from an explicit select, so a page or action
// cannot leak what it never received. The credential is written only by createTenant,
// rotateTenantCredential and updateTenant (when the org URL changes, the credential must be entered
// again), encrypted bound to the tenant's id and org URL (see envelope.ts).
import type { Db } from "@/lib/db";
import { isRecordNotFound, isUniqueViolation } from "@/lib/db/errors";
import { literalOrgUrlRefusal } from "@/lib/net/address";
import { invalidateOktaGateway } from "@/lib/okta/gateway";
import { callerRuleOf, type CallerRule } from "@/lib/verification/rule";
import { bindingOrgUrl, decryptWithKeys, encryptWithKeys, keyIdOf, type CredentialKey } from "./crypto";
import { testConnection, type ConnectionReport } from "./connection";
import { TenantInputError, TenantNotFoundError } from "./errors";
import {
  CREDENTIAL_REQUIRED_FOR_URL_CHANGE,
  localOrgUrlError,
  oktaCredentialSchema,
  parseScopes,
  type CredentialType,
  type Mastery,
  type OktaCredential,
  type TenantArchiveInput,
  type TenantCreateInput,
  type TenantListFilter,
  type TenantRotateCredentialInput,
  type TenantUpdateInput,
} from "./schemas";

export interface TenantDeps {
  db: Db;
  keys: readonly CredentialKey[];
  /** ALLOW_LOCAL_ORG_URLS: whether plain-http / localhost org URLs may be saved and called. */
  allowLocalOrgUrls: boolean;
}

/** The app's database, CREDENTIAL_KEYS and ALLOW_LOCAL_ORG_URLS; tests pass their own. */
export async function defaultTenantDeps(): Promise<TenantDeps> {
  const [{ db }, { env }] = await Promise.all([import("@/lib/db"), import("@/lib/env")]);
  const config = env();
  return { db: db(), keys: config.CREDENTIAL_KEYS, allowLocalOrgUrls: config.ALLOW_LOCAL_ORG_URLS };
}

/**
 * Missing deps come from the app's configuration. A caller that brings its own database and keys
 * (scripts, tests) does not read the environment at all, so local org URLs stay refused unless it
 * says `allowLocalOrgUrls: true`.
 */
async function resolve(deps?: Partial<TenantDeps>): Promise<TenantDeps> {
  if (deps?.db && deps.keys) return { db: deps.db, keys: deps.keys, allowLocalOrgUrls: deps.allowLocalOrgUrls ?? false };
  const d = await defaultTenantDeps();
  return { db: deps?.db ?? d.db, keys: deps?.keys ?? d.keys, allowLocalOrgUrls: deps?.allowLocalOrgUrls ?? d.allowLocalOrgUrls };
}

export { TenantInputError, TenantNotFoundError } from "./errors";

/** Every column except the ciphertext. Keep in sync with TenantRecord. */
const tenantSelect = {
  id: true,
  slug: true,
  name: true,
  orgUrl: true,
  credentialType: true,
  credentialKeyId: true,
  oauthClientId: true,
  oauthScopes: true,
  mastery: true,
  ticketRequired: true,
  callerVerification: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  tags: { select: { tag: true }, orderBy: { tag: "asc" } },
} as const;

export interface TenantRecord {
  id: string;
  slug: string;
  name: string;
  orgUrl: string;
  credentialType: CredentialType;
  /** Which CREDENTIAL_KEYS entry encrypts the credential (not secret). */
  credentialKeyId: string;
  oauthClientId: string | null;
  oauthScopes: string[];
  mastery: Mastery;
  ticketRequired: boolean;
  /** Caller verification before unlock / password / MFA resets: off, recommended or required (lib/verification/rule.ts). */
  callerVerification: CallerRule;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  tags: string[];
}

export type TenantSummary = Pick<
  TenantRecord,
  "id" | "slug" | "name" | "orgUrl" | "mastery" | "tags" | "archivedAt" | "ticketRequired" | "credentialType"
>;

type SelectedRow = {
  id: string;
  slug: string;
  name: string;
  orgUrl: string;
  credentialType: string;
  credentialKeyId: string;
  oauthClientId: string | null;
  oauthScopes: string | null;
  mastery: string;
  ticketRequired: boolean;
  callerVerification: string;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  tags: { tag: string }[];
};

function toRecord(row: SelectedRow): TenantRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    orgUrl: row.orgUrl,
    credentialType: row.credentialType === "oauth" ? "oauth" : "ssws",
    credentialKeyId: row.credentialKeyId,
    oauthClientId: row.oauthClientId,
    oauthScopes: parseScopes(row.oauthScopes ?? ""),
    mastery: row.mastery as Mastery,
    ticketRequired: row.ticketRequired,
    callerVerification: callerRuleOf(row.callerVerification),
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    tags: row.tags.map((t) => t.tag),
  };
}

export function toSummary(r: TenantRecord): TenantSummary {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    orgUrl: r.orgUrl,
    mastery: r.mastery,
    tags: r.tags,
    archivedAt: r.archivedAt,
    ticketRequired: r.ticketRequired,
    credentialType: r.credentialType,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reads

export async function listTenants(filter: Partial<TenantListFilter> = {}, deps?: Partial<TenantDeps>): Promise<TenantSummary[]> {
  const { db } = await resolve(deps);
  const archived = filter.archived ?? "active";
  const rows = await db.tenant.findMany({
    where: {
      ...(archived === "active" ? { archivedAt: null } : archived === "archived" ? { archivedAt: { not: null } } : {}),
      ...(filter.mastery ? { mastery: filter.mastery } : {}),
      ...(filter.tag ? { tags: { some: { tag: filter.tag.toLowerCase() } } } : {}),
    },
    select: tenantSelect,
    orderBy: { name: "asc" },
  });
  // Text search in memory: case-insensitive the same way on SQLite and PostgreSQL, and an MSP has
  // hundreds of orgs, not millions.
  const q = filter.q?.trim().toLowerCase();
  return rows
    .map(toRecord)
    .filter((r) => !q || [r.name, r.slug, r.orgUrl, ...r.tags].some((v) => v.toLowerCase().includes(q)))
    .map(toSummary);
}

/** Active orgs for pickers (archived orgs vanish from pickers; their history stays). */
export async function listTenantsForPicker(deps?: Partial<TenantDeps>): Promise<TenantSummary[]> {
  return listTenants({ archived: "active" }, deps);
}

export async function listTenantTags(deps?: Partial<TenantDeps>): Promise<string[]> {
  const { db } = await resolve(deps);
  const rows = await db.tenantTag.findMany({ distinct: ["tag"], select: { tag: true }, orderBy: { tag: "asc" } });
  return rows.map((r) => r.tag);
}

export async function getTenant(id: string, deps?: Partial<TenantDeps>): Promise<TenantRecord | null> {
  const { db } = await resolve(deps);
  const row = await db.tenant.findUnique({ where: { id }, select: tenantSelect });
  return row ? toRecord(row) : null;
}

export async function getTenantBySlug(slug: string, deps?: Partial<TenantDeps>): Promise<TenantRecord | null> {
  const { db } = await resolve(deps);
  const row = await db.tenant.findUnique({ where: { slug }, select: tenantSelect });
  return row ? toRecord(row) : null;
}

/** Set in the audit input of tenant.update when the edit also set the credential (never the credential itself). */
export const CREDENTIAL_SET_AUDIT_FLAG = "authReplaced"; // not "credential…": the audit redactor hides such keys

/** Audit action names of the org settings actions (app/(console)/settings/orgs/actions.ts). */
export const TENANT_AUDIT_ACTIONS = {
  create: "tenant.create",
  update: "tenant.update",
  rotateCredential: "tenant.rotateCredential",
  archive: "tenant.archive",
  unarchive: "tenant.unarchive",
  testConnection: "tenant.testConnection",
  testSavedConnection: "tenant.testSavedConnection",
} as const;

export interface TenantCredentialInfo {
  type: CredentialType;
  keyId: string;
  oauthClientId: string | null;
  oauthScopes: string[];
  /** When the credential was last set (creation or rotation), from the audit log; else creation. */
  lastRotatedAt: Date;
}

/** What the edit page may show about the credential: never the credential itself. */
export async function getTenantCredentialInfo(id: string, deps?: Partial<TenantDeps>): Promise<TenantCredentialInfo | null> {
  const { db } = await resolve(deps);
  const tenant = await getTenant(id, { db, keys: [] });
  if (!tenant) return null;
  const last = await db.auditEvent.findFirst({
    // Settings actions are console actions: the org is the audit row's target (tenantId may be unset).
    // An edit that changed the org URL set the credential too (its audit input says authReplaced).
    where: {
      AND: [
        {
          OR: [
            { action: { in: [TENANT_AUDIT_ACTIONS.create, TENANT_AUDIT_ACTIONS.rotateCredential] } },
            { action: TENANT_AUDIT_ACTIONS.update, input: { contains: `"${CREDENTIAL_SET_AUDIT_FLAG}":true` } },
          ],
        },
        { OR: [{ tenantId: id }, { targetType: "tenant", targetId: id }] },
      ],
      outcome: "success",
    },
    orderBy: { seq: "desc" },
    select: { at: true },
  });
  return {
    type: tenant.credentialType,
    keyId: tenant.credentialKeyId,
    oauthClientId: tenant.oauthClientId,
    oauthScopes: tenant.oauthScopes,
    lastRotatedAt: last?.at ?? tenant.createdAt,
  };
}

// ---------------------------------------------------------------------------------------------------
// Writes

/** The credential columns, the envelope bound to this tenant and this org URL. */
function credentialColumns(keys: readonly CredentialKey[], binding: { tenantId: string; orgUrl: string }, credential: OktaCredential) {
  const plaintext = JSON.stringify(oktaCredentialSchema.parse(credential));
  const envelope = encryptWithKeys(keys, binding, plaintext);
  return {
    credentialType: credential.type,
    credentialCiphertext: envelope,
    credentialKeyId: keyIdOf(envelope),
    oauthClientId: credential.type === "oauth" ? credential.clientId : null,
    oauthScopes: credential.type === "oauth" ? credential.scopes.join(" ") : null,
  };
}

async function assertUnique(db: Db, fields: { slug: string; orgUrl: string }, exceptId?: string): Promise<void> {
  const clash = await db.tenant.findMany({
    where: { OR: [{ slug: fields.slug }, { orgUrl: fields.orgUrl }], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { slug: true, orgUrl: true, name: true },
  });
  const errors: Record<string, string[]> = {};
  for (const t of clash) {
    if (t.slug === fields.slug) errors.slug = [`The slug "${fields.slug}" is already used by ${t.name}.`];
    if (t.orgUrl === fields.orgUrl) errors.orgUrl = [`${t.name} (${t.slug}) already uses this org URL.`];
  }
  if (Object.keys(errors).length) throw new TenantInputError("Fix the highlighted fields.", errors);
}

/** ALLOW_LOCAL_ORG_URLS, enforced here because the shared schema (browser too) cannot know it. */
function assertOrgUrlAllowed(orgUrl: string, allowLocalOrgUrls: boolean): void {
  // An IP-literal host that the network guard would refuse anyway is refused as a field error now.
  const refused = localOrgUrlError(orgUrl, allowLocalOrgUrls) ?? literalOrgUrlRefusal(orgUrl, { allowLocal: allowLocalOrgUrls });
  if (refused) throw new TenantInputError("Fix the highlighted fields.", { orgUrl: [refused] });
}

export async function createTenant(input: TenantCreateInput, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  const { db, keys, allowLocalOrgUrls } = await resolve(deps);
  assertOrgUrlAllowed(input.orgUrl, allowLocalOrgUrls);
  await assertUnique(db, input);
  try {
    const id = await db.$transaction(async (tx) => {
      // The envelope's AAD holds the tenant id, so the row exists before the credential is encrypted.
      const created = await tx.tenant.create({
        data: {
          slug: input.slug,
          name: input.name,
          orgUrl: input.orgUrl,
          mastery: input.mastery,
          ticketRequired: input.ticketRequired,
          ...(input.callerVerification ? { callerVerification: input.callerVerification } : {}),
          tags: { create: input.tags.map((tag) => ({ tag })) },
        },
        select: { id: true },
      });
      await tx.tenant.update({ where: { id: created.id }, data: credentialColumns(keys, { tenantId: created.id, orgUrl: input.orgUrl }, input.credential) });
      return created.id;
    });
    return (await getTenant(id, { db, keys }))!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new TenantInputError("Fix the highlighted fields.", { slug: [`The slug "${input.slug}" is already used.`] });
    throw err;
  }
}

/**
 * The org's details. A new org URL needs the credential entered again in the same save: the stored
 * envelope is bound to the old URL (it would not decrypt for the new one, and must never be sent
 * there). With `input.credential` the credential is replaced too, bound to the (new) URL.
 */
export async function updateTenant(input: TenantUpdateInput, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  const { db, keys, allowLocalOrgUrls } = await resolve(deps);
  const existing = await db.tenant.findUnique({ where: { id: input.id }, select: { id: true, orgUrl: true } });
  if (!existing) throw new TenantNotFoundError();
  assertOrgUrlAllowed(input.orgUrl, allowLocalOrgUrls);
  const urlChanged = bindingOrgUrl(input.orgUrl) !== bindingOrgUrl(existing.orgUrl);
  if (urlChanged && !input.credential) {
    throw new TenantInputError("Fix the highlighted fields.", { orgUrl: [CREDENTIAL_REQUIRED_FOR_URL_CHANGE] });
  }
  await assertUnique(db, input, input.id);
  try {
    await db.$transaction(async (tx) => {
      await tx.tenant.update({
        // Only if the URL is still the one checked above: a concurrent URL change fails this save
        // instead of leaving a credential next to a URL it was not entered for.
        where: { id: input.id, orgUrl: existing.orgUrl },
        data: {
          slug: input.slug,
          name: input.name,
          orgUrl: input.orgUrl,
          mastery: input.mastery,
          ticketRequired: input.ticketRequired,
          // Absent (older callers, API): unchanged.
          ...(input.callerVerification ? { callerVerification: input.callerVerification } : {}),
          ...(input.credential ? credentialColumns(keys, { tenantId: input.id, orgUrl: input.orgUrl }, input.credential) : {}),
        },
      });
      await tx.tenantTag.deleteMany({ where: { tenantId: input.id } });
      if (input.tags.length) await tx.tenantTag.createMany({ data: input.tags.map((tag) => ({ tenantId: input.id, tag })) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new TenantInputError("Fix the highlighted fields.", { slug: [`The slug "${input.slug}" is already used.`] });
    if (isRecordNotFound(err)) throw new TenantInputError("The org URL changed while you were saving; reload the page and try again.");
    throw err;
  }
  invalidateOktaGateway(input.id);
  return (await getTenant(input.id, { db, keys }))!;
}

/** Replaces the credential for the org's current URL. */
export async function rotateTenantCredential(input: TenantRotateCredentialInput, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  const { db, keys } = await resolve(deps);
  const existing = await db.tenant.findUnique({ where: { id: input.id }, select: { id: true, orgUrl: true } });
  if (!existing) throw new TenantNotFoundError();
  // Bound to the URL read here, and written only while the row still has it (else P2025 below).
  await db.tenant
    .update({
      where: { id: input.id, orgUrl: existing.orgUrl },
      data: credentialColumns(keys, { tenantId: input.id, orgUrl: existing.orgUrl }, input.credential),
    })
    .catch((err: unknown) => {
      if (isRecordNotFound(err)) throw new TenantInputError("The org URL changed while you were saving; reload the page and try again.");
      throw err;
    });
  invalidateOktaGateway(input.id);
  return (await getTenant(input.id, { db, keys }))!;
}

async function setArchived(id: string, archived: boolean, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  const { db, keys } = await resolve(deps);
  const existing = await db.tenant.findUnique({ where: { id }, select: { id: true, archivedAt: true } });
  if (!existing) throw new TenantNotFoundError();
  if (archived && !existing.archivedAt) await db.tenant.update({ where: { id }, data: { archivedAt: new Date() } });
  if (!archived && existing.archivedAt) await db.tenant.update({ where: { id }, data: { archivedAt: null } });
  invalidateOktaGateway(id);
  return (await getTenant(id, { db, keys }))!;
}

/** Archived orgs vanish from pickers and refuse Okta calls; grants, teams and audit history stay. */
export async function archiveTenant(input: TenantArchiveInput | { id: string }, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  return setArchived(input.id, true, deps);
}

export async function unarchiveTenant(input: TenantArchiveInput | { id: string }, deps?: Partial<TenantDeps>): Promise<TenantRecord> {
  return setArchived(input.id, false, deps);
}

// ---------------------------------------------------------------------------------------------------
// Test connection

export { testConnection, type ConnectionReport, type ConnectionStep } from "./connection";

/** Test connection before saving: the URL and credential typed in the form. */
export async function testDraftTenantConnection(
  input: { orgUrl: string; credential: OktaCredential },
  deps?: Partial<TenantDeps>,
): Promise<ConnectionReport> {
  const { allowLocalOrgUrls } = await resolve(deps);
  return testConnection({ orgUrl: input.orgUrl, credential: input.credential, allowLocalOrgUrls });
}

export const ARCHIVED_TEST_REFUSED = "This org is archived: the console does not connect to it. Unarchive it first to test its connection.";

/** Test connection for a saved org, with its stored credential (decrypted here, never returned). */
export async function testSavedTenantConnection(id: string, deps?: Partial<TenantDeps>): Promise<ConnectionReport> {
  const { db, keys, allowLocalOrgUrls } = await resolve(deps);
  const row = await db.tenant.findUnique({ where: { id }, select: { id: true, orgUrl: true, credentialCiphertext: true, archivedAt: true } });
  if (!row) throw new TenantNotFoundError();
  // An archived org is out of service: nothing calls it, not even a test (no decryption, no network).
  if (row.archivedAt) throw new TenantInputError(ARCHIVED_TEST_REFUSED);
  if (!row.credentialCiphertext) throw new TenantInputError("This org has no credential; rotate the credential first.");
  // Decrypted for the row's URL and sent to exactly that URL (the envelope is bound to it).
  const orgUrl = bindingOrgUrl(row.orgUrl);
  let plaintext: string;
  try {
    plaintext = decryptWithKeys(keys, { tenantId: row.id, orgUrl }, row.credentialCiphertext);
  } catch (err) {
    if ((err as Error).name !== "CredentialCryptoError") throw err;
    throw new TenantInputError(`The stored credential cannot be used. ${(err as Error).message} Replace the credential.`);
  }
  const credential = oktaCredentialSchema.parse(JSON.parse(plaintext));
  return testConnection({ orgUrl, credential, tenantId: row.id, allowLocalOrgUrls });
}

export { reencryptAllCredentials, type KeyRotationReport } from "./key-rotation";
