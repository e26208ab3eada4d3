// Staff administration: the list, one member's grants and memberships, pre-adding by email, direct
// grants, enabling and disabling. Authorisation is NOT decided here: callers are the wrapper-defined
// actions in app/(console)/settings/staff/actions.ts and the pages, which check the permission table.
import "server-only";
import type { Db } from "@/lib/db";
import { ROLE_LABELS, isRole, type Role } from "@/lib/rbac/permissions";
import { ActionError } from "@/lib/actions/errors";
import type { GrantAddInput, GrantRemoveInput, StaffAddInput, StaffListFilter, StaffStatusInput } from "@/lib/staff/schemas";
import { isAllOrgRole } from "@/lib/staff/schemas";
import { withAdministratorGuard } from "@/lib/staff/admin-guard";
import { staffDisplayEmail } from "@/lib/staff/display";

/** Where a role comes from, as shown next to it. */
export type GrantSource =
  | { kind: "direct"; grantId: string }
  | { kind: "team"; teamId: string; teamName: string; viaGroup: string | null };

/** Which orgs a grant covers. */
export type GrantScope =
  | { kind: "all" }
  | { kind: "orgs"; orgs: Array<{ slug: string; name: string; archived: boolean }> }
  | { kind: "tag"; tag: string };

export interface GrantSummary {
  role: Role;
  roleLabel: string;
  scope: GrantScope;
  source: GrantSource;
}

export interface StaffListItem {
  id: string;
  name: string;
  /** staffDisplayEmail: the verified email, else the unverified one Okta sent (see emailVerified). */
  email: string;
  /** false when `email` is only what Okta sent unverified (it does not occupy the unique column). */
  emailVerified: boolean;
  status: "active" | "disabled";
  /** false until the first OIDC sign-in (pre-added by an administrator). */
  signedIn: boolean;
  lastSignInAt: Date | null;
  grants: GrantSummary[];
}

export interface StaffDetail extends StaffListItem {
  createdAt: Date;
  oidcGroups: string[];
  activeSessions: number;
  teams: Array<{ teamId: string; teamName: string; role: Role; source: "manual" | "oidc"; viaGroup: string | null }>;
}

const tenantSelect = { slug: true, name: true, archivedAt: true } as const;

const staffInclude = {
  grants: { include: { tenant: { select: tenantSelect } }, orderBy: { createdAt: "asc" } },
  memberships: {
    include: { team: { include: { tenants: { include: { tenant: { select: tenantSelect } } } } } },
  },
} as const;

type StaffRow = Awaited<ReturnType<typeof loadStaffRows>>[number];

function loadStaffRows(db: Db, where: NonNullable<Parameters<Db["staffUser"]["findMany"]>[0]>["where"]) {
  return db.staffUser.findMany({ where, include: staffInclude, orderBy: [{ name: "asc" }, { email: "asc" }] });
}

function asRole(value: string): Role | null {
  return isRole(value) ? value : null;
}

export function teamScope(team: { scopeType: string; scopeTag: string | null; tenants: Array<{ tenant: { slug: string; name: string; archivedAt: Date | null } }> }): GrantScope {
  if (team.scopeType === "all") return { kind: "all" };
  if (team.scopeType === "tag") return { kind: "tag", tag: team.scopeTag ?? "" };
  return {
    kind: "orgs",
    orgs: team.tenants
      .map((t) => ({ slug: t.tenant.slug, name: t.tenant.name, archived: t.tenant.archivedAt !== null }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function summarise(row: StaffRow): GrantSummary[] {
  const out: GrantSummary[] = [];
  for (const g of row.grants) {
    const role = asRole(g.role);
    if (!role) continue;
    out.push({
      role,
      roleLabel: ROLE_LABELS[role],
      scope: g.tenant ? { kind: "orgs", orgs: [{ slug: g.tenant.slug, name: g.tenant.name, archived: g.tenant.archivedAt !== null }] } : { kind: "all" },
      source: { kind: "direct", grantId: g.id },
    });
  }
  for (const m of row.memberships) {
    const role = asRole(m.team.role);
    if (!role) continue;
    out.push({
      role,
      roleLabel: ROLE_LABELS[role],
      scope: teamScope(m.team),
      source: { kind: "team", teamId: m.team.id, teamName: m.team.name, viaGroup: m.source === "oidc" ? m.team.oidcGroup : null },
    });
  }
  return out;
}

function toListItem(row: StaffRow): StaffListItem {
  return {
    id: row.id,
    name: row.name,
    email: staffDisplayEmail(row),
    emailVerified: row.email !== null,
    status: row.status === "disabled" ? "disabled" : "active",
    signedIn: row.subject !== null,
    lastSignInAt: row.lastSignInAt,
    grants: summarise(row),
  };
}

export async function listStaff(db: Db, filter: StaffListFilter): Promise<StaffListItem[]> {
  const q = filter.q?.toLowerCase();
  const rows = await loadStaffRows(db, filter.status === "all" ? {} : { status: filter.status });
  // Filtered in memory: staff lists are small and SQLite's `contains` is case-sensitive on some columns.
  return rows
    .filter((r) => !q || r.name.toLowerCase().includes(q) || staffDisplayEmail(r).toLowerCase().includes(q))
    .map(toListItem);
}

export async function getStaffDetail(db: Db, staffId: string): Promise<StaffDetail | null> {
  const [row] = await loadStaffRows(db, { id: staffId });
  if (!row) return null;
  const activeSessions = await db.staffSession.count({ where: { staffId, revokedAt: null, expiresAt: { gt: new Date() } } });
  let oidcGroups: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.oidcGroups);
    if (Array.isArray(parsed)) oidcGroups = parsed.filter((g): g is string => typeof g === "string");
  } catch {
    oidcGroups = [];
  }
  return {
    ...toListItem(row),
    createdAt: row.createdAt,
    oidcGroups,
    activeSessions,
    teams: row.memberships
      .map((m) => ({
        teamId: m.team.id,
        teamName: m.team.name,
        role: asRole(m.team.role) ?? "billing",
        source: m.source === "oidc" ? ("oidc" as const) : ("manual" as const),
        viaGroup: m.source === "oidc" ? m.team.oidcGroup : null,
      }))
      .sort((a, b) => a.teamName.localeCompare(b.teamName)),
  };
}

/** Pre-adds a staff member by email so grants can be prepared; their first sign-in links by email. */
export async function addStaff(db: Db, input: StaffAddInput): Promise<{ id: string; email: string; name: string }> {
  const existing = await db.staffUser.findUnique({ where: { email: input.email } });
  if (existing) throw new ActionError("A staff member with this email already exists.", "invalid", { email: ["Already a staff member"] }, "conflict");
  const created = await db.staffUser.create({ data: { email: input.email, name: input.name ?? input.email } });
  return { id: created.id, email: input.email, name: created.name };
}

async function requireStaff(db: Db, staffId: string) {
  const staff = await db.staffUser.findUnique({ where: { id: staffId } });
  if (!staff) throw new ActionError("This staff member does not exist.", "not_found");
  return staff;
}

export async function addGrant(db: Db, input: GrantAddInput) {
  const staff = await requireStaff(db, input.staffId);
  let tenant: { id: string; slug: string; name: string } | null = null;
  if (input.tenantId) {
    const row = await db.tenant.findUnique({ where: { id: input.tenantId } });
    if (!row || row.archivedAt) throw new ActionError("Choose an active org.", "invalid", { tenantId: ["Choose an active org"] });
    tenant = { id: row.id, slug: row.slug, name: row.name };
  } else if (!isAllOrgRole(input.role) && input.tenantId !== null) {
    throw new ActionError("Choose an org.", "invalid");
  }
  const duplicate = await db.staffGrant.findFirst({ where: { staffId: staff.id, role: input.role, tenantId: tenant?.id ?? null } });
  if (duplicate) throw new ActionError("This grant already exists.", "invalid", undefined, "conflict");
  const grant = await db.staffGrant.create({ data: { staffId: staff.id, role: input.role, tenantId: tenant?.id ?? null } });
  return { grantId: grant.id, staff: { id: staff.id, email: staffDisplayEmail(staff) }, role: input.role, tenant };
}

/**
 * Removes a direct grant. Refused when it is the last active Administrator's admin power (yours or
 * anyone's; lib/staff/admin-guard.ts). Stepping down is allowed while another Administrator remains.
 */
export async function removeGrant(db: Db, input: GrantRemoveInput) {
  const grant = await db.staffGrant.findUnique({ where: { id: input.grantId }, include: { staff: true, tenant: { select: { id: true, slug: true } } } });
  if (!grant) throw new ActionError("This grant no longer exists.", "not_found");
  await withAdministratorGuard(db, async (tx) => {
    const { count } = await tx.staffGrant.deleteMany({ where: { id: grant.id } });
    if (count === 0) throw new ActionError("This grant no longer exists.", "not_found");
  });
  return { grantId: grant.id, staff: { id: grant.staffId, email: staffDisplayEmail(grant.staff) }, role: grant.role, tenant: grant.tenant };
}

/**
 * Enables or disables a staff member. Disabling revokes every open StaffSession in the same
 * transaction, so their access ends on their next request. Nobody can disable themself (it would end the
 * session they are using), and disabling the last active Administrator is refused
 * (lib/staff/admin-guard.ts).
 */
export async function setStaffStatus(db: Db, actorStaffId: string, input: StaffStatusInput) {
  const staff = await requireStaff(db, input.staffId);
  if (input.status === "disabled" && staff.id === actorStaffId) {
    throw new ActionError("You can't disable yourself. Ask another Administrator.", "forbidden");
  }
  const revokedSessions = await withAdministratorGuard(db, async (tx) => {
    await tx.staffUser.update({ where: { id: staff.id }, data: { status: input.status } });
    if (input.status !== "disabled") return 0;
    const revoked = await tx.staffSession.updateMany({ where: { staffId: staff.id, revokedAt: null }, data: { revokedAt: new Date(), refreshTokenCiphertext: null } });
    return revoked.count;
  });
  return { staff: { id: staff.id, email: staffDisplayEmail(staff) }, status: input.status, revokedSessions };
}

/** Non-archived orgs, for grant and team scope pickers. */
export function listActiveTenants(db: Db) {
  return db.tenant.findMany({ where: { archivedAt: null }, select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } });
}
