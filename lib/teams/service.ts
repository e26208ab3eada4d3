// Teams: a role in a set of orgs (all, chosen, or those carrying a tag) for their members. Members are
// added by hand ("manual") or follow a group of the MSP's own Okta ("oidc", see lib/rbac/oidc-teams.ts).
// Authorisation is decided by the callers (wrapper-defined actions, pages), not here.
import "server-only";
import type { Db } from "@/lib/db";
import { ALL_ORG_ROLES, ROLE_LABELS, isRole, type Role } from "@/lib/rbac/permissions";
import { ActionError } from "@/lib/actions/errors";
import { teamScope, type GrantScope } from "@/lib/staff/service";
import { withAdministratorGuard } from "@/lib/staff/admin-guard";
import { staffDisplayEmail } from "@/lib/staff/display";
import type { TeamCreateInput, TeamDeleteInput, TeamMemberInput, TeamScopeType, TeamUpdateInput } from "@/lib/teams/schemas";

export interface TeamListItem {
  id: string;
  name: string;
  description: string;
  role: Role;
  roleLabel: string;
  scope: GrantScope;
  oidcGroup: string | null;
  memberCount: number;
}

export interface TeamMemberView {
  staffId: string;
  name: string;
  email: string;
  status: string;
  source: "manual" | "oidc";
}

export interface TeamDetail extends TeamListItem {
  scopeType: TeamScopeType;
  scopeTag: string | null;
  tenantIds: string[];
  members: TeamMemberView[];
}

const teamInclude = {
  tenants: { include: { tenant: { select: { id: true, slug: true, name: true, archivedAt: true } } } },
  _count: { select: { members: true } },
} as const;

type TeamRow = Awaited<ReturnType<typeof loadTeams>>[number];

function loadTeams(db: Db, where: { id?: string } = {}) {
  return db.team.findMany({ where, include: teamInclude, orderBy: { name: "asc" } });
}

function toListItem(row: TeamRow): TeamListItem {
  const role: Role = isRole(row.role) ? row.role : "billing";
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    role,
    roleLabel: ROLE_LABELS[role],
    scope: teamScope(row),
    oidcGroup: row.oidcGroup,
    memberCount: row._count.members,
  };
}

export async function listTeams(db: Db): Promise<TeamListItem[]> {
  return (await loadTeams(db)).map(toListItem);
}

export async function getTeam(db: Db, id: string): Promise<TeamDetail | null> {
  const [row] = await loadTeams(db, { id });
  if (!row) return null;
  const members = await db.teamMember.findMany({
    where: { teamId: id },
    include: { staff: { select: { id: true, name: true, email: true, unverifiedEmail: true, status: true } } },
  });
  return {
    ...toListItem(row),
    scopeType: (["all", "orgs", "tag"] as const).find((s) => s === row.scopeType) ?? "orgs",
    scopeTag: row.scopeTag,
    tenantIds: row.tenants.map((t) => t.tenantId),
    members: members
      .map((m) => ({
        staffId: m.staff.id,
        name: m.staff.name,
        email: staffDisplayEmail(m.staff),
        status: m.staff.status,
        source: m.source === "oidc" ? ("oidc" as const) : ("manual" as const),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Every tag carried by a non-archived org (for the "orgs carrying a tag" scope). */
export async function listTenantTags(db: Db): Promise<string[]> {
  const rows = await db.tenantTag.findMany({ where: { tenant: { archivedAt: null } }, select: { tag: true }, distinct: ["tag"], orderBy: { tag: "asc" } });
  return rows.map((r) => r.tag);
}

type TeamFields = Omit<TeamCreateInput, "ticketId">;

/** Checks the scope against the database and normalises it (all-org roles always cover every org). */
async function resolveScope(db: Db, input: TeamFields) {
  const scopeType: TeamScopeType = ALL_ORG_ROLES.includes(input.role) ? "all" : input.scopeType;
  if (scopeType === "orgs") {
    const found = await db.tenant.findMany({ where: { id: { in: input.tenantIds }, archivedAt: null }, select: { id: true } });
    if (found.length !== input.tenantIds.length) {
      throw new ActionError("Some of the chosen orgs do not exist or are archived.", "invalid", { tenantIds: ["Choose active orgs only"] });
    }
    return { scopeType, scopeTag: null, tenantIds: found.map((t) => t.id) };
  }
  if (scopeType === "tag") {
    const tag = input.scopeTag?.toLowerCase() ?? "";
    const exists = await db.tenantTag.findFirst({ where: { tag } });
    if (!exists) throw new ActionError("No org carries this tag.", "invalid", { scopeTag: ["Choose an existing tag"] });
    return { scopeType, scopeTag: tag, tenantIds: [] };
  }
  return { scopeType, scopeTag: null, tenantIds: [] };
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const clash = await db.team.findFirst({ where: { name, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (clash) throw new ActionError("A team with this name already exists.", "invalid", { name: ["Choose another name"] }, "conflict");
}

function parseGroups(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Brings a bound team's "oidc" members in line with the `groups` claim each staff member presented at
 * their last sign-in, so a new or changed binding takes effect now rather than at everyone's next
 * sign-in. Manual members are never touched.
 */
async function resyncOidcMembers(tx: Tx, teamId: string, group: string | null) {
  const staff = group ? await tx.staffUser.findMany({ select: { id: true, oidcGroups: true } }) : [];
  const wanted = new Set(staff.filter((s) => parseGroups(s.oidcGroups).includes(group as string)).map((s) => s.id));
  const current = await tx.teamMember.findMany({ where: { teamId }, select: { staffId: true, source: true } });
  const stale = current.filter((m) => m.source === "oidc" && !wanted.has(m.staffId)).map((m) => m.staffId);
  if (stale.length) await tx.teamMember.deleteMany({ where: { teamId, source: "oidc", staffId: { in: stale } } });
  const present = new Set(current.map((m) => m.staffId));
  for (const staffId of wanted) {
    if (!present.has(staffId)) await tx.teamMember.create({ data: { teamId, staffId, source: "oidc" } });
  }
}

export async function createTeam(db: Db, input: TeamCreateInput) {
  await assertNameFree(db, input.name);
  const scope = await resolveScope(db, input);
  const team = await db.$transaction(async (tx) => {
    const created = await tx.team.create({
      data: {
        name: input.name,
        description: input.description,
        role: input.role,
        scopeType: scope.scopeType,
        scopeTag: scope.scopeTag,
        oidcGroup: input.oidcGroup ?? null,
        tenants: { create: scope.tenantIds.map((tenantId) => ({ tenantId })) },
      },
    });
    if (created.oidcGroup) await resyncOidcMembers(tx, created.id, created.oidcGroup);
    return created;
  });
  return { id: team.id, name: team.name };
}

/**
 * Edits a team. Refused when the change (role, or a new OIDC group that drops its members) would leave
 * no active Administrator (lib/staff/admin-guard.ts).
 */
export async function updateTeam(db: Db, input: TeamUpdateInput) {
  const before = await db.team.findUnique({ where: { id: input.id } });
  if (!before) throw new ActionError("This team no longer exists.", "not_found");
  await assertNameFree(db, input.name, input.id);
  const scope = await resolveScope(db, input);
  const oidcGroup = input.oidcGroup ?? null;
  await withAdministratorGuard(db, async (tx) => {
    await tx.teamTenant.deleteMany({ where: { teamId: input.id } });
    await tx.team.update({
      where: { id: input.id },
      data: {
        name: input.name,
        description: input.description,
        role: input.role,
        scopeType: scope.scopeType,
        scopeTag: scope.scopeTag,
        oidcGroup,
        tenants: { create: scope.tenantIds.map((tenantId) => ({ tenantId })) },
      },
    });
    if (oidcGroup !== before.oidcGroup) await resyncOidcMembers(tx, input.id, oidcGroup);
  });
  return { id: input.id, name: input.name, before: { role: before.role, scopeType: before.scopeType, oidcGroup: before.oidcGroup } };
}

/** Deletes a team (memberships cascade). Refused when it would leave no active Administrator. */
export async function deleteTeam(db: Db, input: TeamDeleteInput) {
  const team = await db.team.findUnique({ where: { id: input.id }, include: { _count: { select: { members: true } } } });
  if (!team) throw new ActionError("This team no longer exists.", "not_found");
  await withAdministratorGuard(db, async (tx) => {
    const { count } = await tx.team.deleteMany({ where: { id: team.id } });
    if (count === 0) throw new ActionError("This team no longer exists.", "not_found");
  });
  return { id: team.id, name: team.name, role: team.role, members: team._count.members };
}

export async function addTeamMember(db: Db, input: TeamMemberInput) {
  const [team, staff] = await Promise.all([
    db.team.findUnique({ where: { id: input.teamId } }),
    db.staffUser.findUnique({ where: { id: input.staffId } }),
  ]);
  if (!team) throw new ActionError("This team no longer exists.", "not_found");
  if (!staff) throw new ActionError("This staff member does not exist.", "not_found", { staffId: ["Choose a staff member"] });
  const existing = await db.teamMember.findUnique({ where: { teamId_staffId: { teamId: team.id, staffId: staff.id } } });
  if (existing) {
    const how = existing.source === "oidc" ? ` (via ${team.oidcGroup ?? "their MSP group"})` : "";
    throw new ActionError(`${staff.name} is already a member${how}.`, "invalid", { staffId: ["Already a member"] }, "conflict");
  }
  await db.teamMember.create({ data: { teamId: team.id, staffId: staff.id, source: "manual" } });
  return { team: { id: team.id, name: team.name }, staff: { id: staff.id, email: staffDisplayEmail(staff) } };
}

/** Removes a manual member. Refused when it would leave no active Administrator (yourself included). */
export async function removeTeamMember(db: Db, input: TeamMemberInput) {
  const member = await db.teamMember.findUnique({
    where: { teamId_staffId: { teamId: input.teamId, staffId: input.staffId } },
    include: { team: true, staff: { select: { id: true, email: true, unverifiedEmail: true } } },
  });
  if (!member) throw new ActionError("This membership no longer exists.", "not_found");
  if (member.source === "oidc") {
    throw new ActionError(`This membership follows the group "${member.team.oidcGroup ?? ""}" in your MSP's Okta; remove them from that group instead.`, "forbidden");
  }
  await withAdministratorGuard(db, async (tx) => {
    const { count } = await tx.teamMember.deleteMany({ where: { teamId: input.teamId, staffId: input.staffId, source: "manual" } });
    if (count === 0) throw new ActionError("This membership no longer exists.", "not_found");
  });
  return { team: { id: member.team.id, name: member.team.name }, staff: { id: member.staff.id, email: staffDisplayEmail(member.staff) } };
}
