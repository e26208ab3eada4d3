"use server";

// Server actions of the org settings pages. Every export is a public endpoint: each one is a single
// call into the action wrapper (lib/actions), which parses the input with the shared schema, checks the
// session and the permission table, and writes the audit row (with Okta request ids for connection
// tests). The bodies call lib/tenants; nothing here touches a credential beyond passing it through.
import { consoleAction } from "@/lib/actions";
import {
  tenantArchiveSchema,
  tenantCreateSchema,
  tenantRotateCredentialSchema,
  tenantUpdateSchema,
  testConnectionDraftSchema,
  testConnectionSavedSchema,
} from "@/lib/tenants/schemas";
import {
  archiveTenant,
  createTenant,
  CREDENTIAL_SET_AUDIT_FLAG,
  rotateTenantCredential,
  TENANT_AUDIT_ACTIONS,
  testDraftTenantConnection,
  testSavedTenantConnection,
  unarchiveTenant,
  updateTenant,
} from "@/lib/tenants/service";

const EXAMPLE_TOKEN = `00${"x".repeat(40)}`;
const target = (t: { id: string; slug: string }) => ({ type: "tenant", id: t.id, name: t.slug });
/** The org fields an audit row keeps (allowlist; never the credential). */
const orgDetails = (i: { name: string; slug: string; orgUrl: string; mastery: string; tags: string[]; ticketRequired: boolean; callerVerification?: string | undefined }) => ({
  name: i.name,
  slug: i.slug,
  orgUrl: i.orgUrl,
  mastery: i.mastery,
  tags: i.tags,
  ticketRequired: i.ticketRequired,
  ...(i.callerVerification ? { callerVerification: i.callerVerification } : {}),
});

const createOrg = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.create,
    permission: "settings.tenants.manage",
    input: tenantCreateSchema,
    // The credential never reaches the audit row (the redactor would hide it too): only its type.
    auditInput: (i) => ({ ...orgDetails(i), authType: i.credential.type }),
    example: { name: "Example", slug: "example", orgUrl: "https://example.okta.com", mastery: "okta", credentialType: "ssws", apiToken: EXAMPLE_TOKEN },
  },
  async (ctx, input) => {
    const tenant = await createTenant(input, { db: ctx.db });
    ctx.setTarget(target(tenant));
    return { id: tenant.id, slug: tenant.slug };
  },
);

const updateOrg = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.update,
    permission: "settings.tenants.manage",
    input: tenantUpdateSchema,
    target: (input) => ({ type: "tenant", id: input.id, name: input.slug }),
    // A new org URL comes with the credential entered again: the audit row says so, without it.
    auditInput: (i) => ({ id: i.id, ...orgDetails(i), ...(i.credential ? { authType: i.credential.type, [CREDENTIAL_SET_AUDIT_FLAG]: true } : {}) }),
    example: { id: "example", name: "Example", slug: "example", orgUrl: "https://example.okta.com", mastery: "okta" },
  },
  async (ctx, input) => {
    const tenant = await updateTenant(input, { db: ctx.db });
    return { id: tenant.id };
  },
);

const rotateOrgCredential = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.rotateCredential,
    permission: "settings.tenants.manage",
    input: tenantRotateCredentialSchema,
    target: (input) => ({ type: "tenant", id: input.id }),
    auditInput: (i) => ({ id: i.id, authType: i.credential.type }),
    example: { id: "example", credentialType: "ssws", apiToken: EXAMPLE_TOKEN },
  },
  async (ctx, input) => {
    const tenant = await rotateTenantCredential(input, { db: ctx.db });
    ctx.setTarget(target(tenant));
    return { credentialType: tenant.credentialType, keyId: tenant.credentialKeyId };
  },
);

const archiveOrg = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.archive,
    permission: "settings.tenants.manage",
    input: tenantArchiveSchema,
    target: (input) => ({ type: "tenant", id: input.id }),
    auditFields: ["id"],
    example: { id: "example" },
  },
  async (ctx, input) => {
    const tenant = await archiveTenant(input, { db: ctx.db });
    ctx.setTarget(target(tenant));
    return { archived: true };
  },
);

const unarchiveOrg = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.unarchive,
    permission: "settings.tenants.manage",
    input: tenantArchiveSchema,
    target: (input) => ({ type: "tenant", id: input.id }),
    auditFields: ["id"],
    example: { id: "example" },
  },
  async (ctx, input) => {
    const tenant = await unarchiveTenant(input, { db: ctx.db });
    ctx.setTarget(target(tenant));
    return { archived: false };
  },
);

/** Before saving: the URL and credential typed in the form. Makes Okta calls with that credential. */
const testDraftConnection = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.testConnection,
    permission: "settings.tenants.manage",
    input: testConnectionDraftSchema,
    auditInput: ({ orgUrl, credential }) => ({ orgUrl, authType: credential.type }),
    // Calls Okta: no database transaction is held across the network.
    dbTransaction: false,
    example: { orgUrl: "https://example.okta.com", credentialType: "ssws", apiToken: EXAMPLE_TOKEN },
  },
  async (ctx, input) => testDraftTenantConnection({ orgUrl: input.orgUrl, credential: input.credential }, { db: ctx.db }),
);

/** A saved org, with its stored credential (decrypted server-side, never returned). */
const testSavedConnection = consoleAction(
  {
    name: TENANT_AUDIT_ACTIONS.testSavedConnection,
    permission: "settings.tenants.read",
    input: testConnectionSavedSchema,
    target: (input) => ({ type: "tenant", id: input.id }),
    auditFields: ["id"],
    // Calls Okta: no database transaction is held across the network.
    dbTransaction: false,
    example: { id: "example" },
  },
  async (ctx, input) => testSavedTenantConnection(input.id, { db: ctx.db }),
);

export async function createOrgAction(input: unknown) {
  return createOrg(input);
}
export async function updateOrgAction(input: unknown) {
  return updateOrg(input);
}
export async function rotateOrgCredentialAction(input: unknown) {
  return rotateOrgCredential(input);
}
export async function archiveOrgAction(input: unknown) {
  return archiveOrg(input);
}
export async function unarchiveOrgAction(input: unknown) {
  return unarchiveOrg(input);
}
export async function testDraftConnectionAction(input: unknown) {
  return testDraftConnection(input);
}
export async function testSavedConnectionAction(input: unknown) {
  return testSavedConnection(input);
}
