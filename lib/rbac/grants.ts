// Grant resolution: which roles a staff member holds in which org, and why.
//
// Sources: direct StaffGrants (tenantId null = all orgs), team memberships (manual or OIDC-bound;
// the team's scope is all orgs, chosen orgs via TeamTenant, or the orgs carrying a tag via TenantTag),
// and approved just-in-time elevations (issue 12: one role in one org until endsAt, judged against the
// elevation clock on every request, so an expired one stops counting without any job running).
// Rules:
//  - Union: every role from every applicable source holds in that org.
//  - ALL_ORG_ROLES (admin, readonly_admin) apply to every org and to the console wherever they are
//    granted, even through a grant or team scoped to one org.
//  - Console roles = all-org roles from any source, plus any role granted with all-org scope (a direct
//    grant with tenantId null, or a team scoped to all): e.g. Billing for all orgs may see per-org user
//    counts (billing.userCounts). Roles scoped to some orgs never count for console permissions.
//  - Archived orgs are never accessible (console-scope views such as settings and audit are separate).
//  - Disabled (or unknown) staff have no access at all.
import "server-only";
import type { Db } from "@/lib/db/client";
import { elevationNow } from "@/lib/elevation/clock";
import { isElevatableRole } from "@/lib/elevation/rules";
import { staffDisplayEmail, type StaffEmailColumns } from "@/lib/staff/display";
import { ALL_ORG_ROLES, PERMISSIONS, ROLE_LABELS, isRole, rolesAllow, type Permission, type Role } from "./permissions";

export type AccessSource =
  | { kind: "direct"; grantId: string; role: Role; scope: "org" | "all" }
  | {
      kind: "team";
      teamId: string;
      teamName: string;
      role: Role;
      scope: "all" | "orgs" | "tag";
      tag?: string;
      membership: "manual" | "oidc";
    }
  | {
      /** An approved just-in-time elevation (lib/elevation), in one org until endsAt (ISO time). */
      kind: "elevation";
      requestId: string;
      role: Role;
      endsAt: string;
      ticketId: string | null;
    };

export interface VisibleTenant {
  id: string;
  slug: string;
  name: string;
  roles: Role[];
  /** The grants and teams that give these roles in this org ("explain why"). */
  sources: AccessSource[];
}

export interface StaffAccess {
  staffId: string;
  /** Roles that count for console-scope permissions. */
  consoleRoles: Set<Role>;
  /** Roles in one org; empty for unknown, archived or ungranted orgs. */
  rolesFor(tenantId: string): Set<Role>;
  /** The "explain why" entries for one org (empty when it is not visible). */
  sourcesFor(tenantId: string): AccessSource[];
  /** Non-archived orgs where the staff member holds any role, by name. */
  visibleTenants: VisibleTenant[];
  /**
   * Console permission: by consoleRoles. Tenant permission with a tenantId: by the roles in that org.
   * Tenant permission without a tenantId: whether it holds in at least one visible org (navigation).
   */
  can(permission: Permission, tenantId?: string): boolean;
}

/** "Help Desk, Technician" — roles in table order, for audit rows and sentences. */
export function roleLabels(roles: Iterable<Role>): string {
  const set = new Set(roles);
  return Object.keys(ROLE_LABELS)
    .filter((r): r is Role => isRole(r) && set.has(r))
    .map((r) => ROLE_LABELS[r])
    .join(", ");
}

const isAllOrgRole = (role: Role) => ALL_ORG_ROLES.includes(role);

function membershipOf(source: string): "manual" | "oidc" {
  return source === "oidc" ? "oidc" : "manual";
}

function scopeOf(scopeType: string): "all" | "orgs" | "tag" {
  return scopeType === "all" || scopeType === "tag" ? scopeType : "orgs";
}

/** A grant after normalisation: which orgs it covers ("all" or a set of tenant ids). */
interface ResolvedGrant {
  role: Role;
  orgs: "all" | Set<string>;
  /** Held with all-org scope (counts for the console). */
  allScope: boolean;
  source: AccessSource;
}

function emptyAccess(staffId: string): StaffAccess {
  return {
    staffId,
    consoleRoles: new Set(),
    rolesFor: () => new Set(),
    sourcesFor: () => [],
    visibleTenants: [],
    can: () => false,
  };
}

/**
 * Everything a staff member may access, in four queries regardless of the number of orgs: the staff
 * row with its direct grants and team memberships (with each team's chosen orgs), active elevations,
 * tag→org links for tag-scoped teams, and the non-archived orgs. `now` (default: the elevation clock) decides
 * which approved elevations are still running.
 */
export async function effectiveAccess(db: Db, staffId: string, options: { now?: Date } = {}): Promise<StaffAccess> {
  const now = options.now ?? elevationNow();
  // One parallel round of three queries (every page pays for them before its first Okta request, and
  // each Prisma query costs about a millisecond of CPU before SQLite sees it): the staff row with its
  // direct grants and team memberships, the orgs, the running elevations. Nothing is granted unless
  // the row says active.
  const [staffRow, tenants, elevations] = await Promise.all([
    db.staffUser.findUnique({
      where: { id: staffId },
      select: {
        id: true,
        status: true,
        grants: { select: { id: true, role: true, tenantId: true } },
        memberships: {
          select: {
            source: true,
            team: { select: { id: true, name: true, role: true, scopeType: true, scopeTag: true, tenants: { select: { tenantId: true } } } },
          },
        },
      },
    }),
    db.tenant.findMany({ where: { archivedAt: null }, select: { id: true, slug: true, name: true }, orderBy: { name: "asc" } }),
    db.elevationRequest.findMany({
      where: { requesterId: staffId, status: "approved", endsAt: { gt: now } },
      select: { id: true, tenantId: true, role: true, endsAt: true, ticketId: true },
    }),
  ]);
  if (!staffRow || staffRow.status !== "active") return emptyAccess(staffId);
  const { grants, memberships } = staffRow;

  const tags = [
    ...new Set(memberships.filter((m) => scopeOf(m.team.scopeType) === "tag" && m.team.scopeTag).map((m) => m.team.scopeTag as string)),
  ];
  const tagLinks = tags.length
    ? await db.tenantTag.findMany({ where: { tag: { in: tags } }, select: { tenantId: true, tag: true } })
    : [];
  const orgsByTag = new Map<string, Set<string>>();
  for (const link of tagLinks) {
    const set = orgsByTag.get(link.tag) ?? new Set<string>();
    set.add(link.tenantId);
    orgsByTag.set(link.tag, set);
  }

  const resolved: ResolvedGrant[] = [];
  for (const g of grants) {
    if (!isRole(g.role)) continue;
    const allScope = g.tenantId === null;
    resolved.push({
      role: g.role,
      orgs: allScope || isAllOrgRole(g.role) ? "all" : new Set([g.tenantId as string]),
      allScope,
      source: { kind: "direct", grantId: g.id, role: g.role, scope: allScope ? "all" : "org" },
    });
  }
  for (const m of memberships) {
    const team = m.team;
    if (!isRole(team.role)) continue;
    const scope = scopeOf(team.scopeType);
    let orgs: "all" | Set<string>;
    if (scope === "all" || isAllOrgRole(team.role)) orgs = "all";
    else if (scope === "tag") orgs = (team.scopeTag && orgsByTag.get(team.scopeTag)) || new Set();
    else orgs = new Set(team.tenants.map((t) => t.tenantId));
    resolved.push({
      role: team.role,
      orgs,
      allScope: scope === "all",
      source: {
        kind: "team",
        teamId: team.id,
        teamName: team.name,
        role: team.role,
        scope,
        ...(scope === "tag" && team.scopeTag ? { tag: team.scopeTag } : {}),
        membership: membershipOf(m.source),
      },
    });
  }

  for (const e of elevations) {
    // Only org-scoped roles can be elevated to (never an all-org role, whatever the row says), and
    // an elevation never counts for the console.
    if (!isElevatableRole(e.role) || !e.endsAt) continue;
    resolved.push({
      role: e.role,
      orgs: new Set([e.tenantId]),
      allScope: false,
      source: { kind: "elevation", requestId: e.id, role: e.role, endsAt: e.endsAt.toISOString(), ticketId: e.ticketId },
    });
  }

  const consoleRoles = new Set<Role>();
  for (const r of resolved) if (r.allScope || isAllOrgRole(r.role)) consoleRoles.add(r.role);

  const byTenant = new Map<string, { roles: Set<Role>; sources: AccessSource[] }>();
  const visibleTenants: VisibleTenant[] = [];
  for (const t of tenants) {
    const roles = new Set<Role>();
    const sources: AccessSource[] = [];
    for (const r of resolved) {
      if (r.orgs === "all" || r.orgs.has(t.id)) {
        roles.add(r.role);
        sources.push(r.source);
      }
    }
    if (roles.size === 0) continue;
    byTenant.set(t.id, { roles, sources });
    visibleTenants.push({ id: t.id, slug: t.slug, name: t.name, roles: [...roles], sources });
  }

  const rolesFor = (tenantId: string) => new Set(byTenant.get(tenantId)?.roles ?? []);
  return {
    staffId,
    consoleRoles,
    rolesFor,
    sourcesFor: (tenantId) => [...(byTenant.get(tenantId)?.sources ?? [])],
    visibleTenants,
    can(permission, tenantId) {
      const rule = PERMISSIONS[permission];
      if (rule.scope === "console") return rolesAllow(consoleRoles, permission);
      if (tenantId !== undefined) return rolesAllow(rolesFor(tenantId), permission);
      for (const entry of byTenant.values()) if (rolesAllow(entry.roles, permission)) return true;
      return false;
    },
  };
}

export interface OrgAccessEntry {
  staffId: string;
  name: string;
  email: string;
  roles: Role[];
  /** Where each role comes from: a direct grant or a team (by name). */
  sources: AccessSource[];
  /** Tenant-scope permissions these roles give in this org (from PERMISSIONS). */
  permissions: Permission[];
}

/** Tenant-scope permissions that `roles` give, in table order. */
export function tenantPermissionsFor(roles: Iterable<Role>): Permission[] {
  const list = [...roles];
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => PERMISSIONS[p].scope === "tenant" && rolesAllow(list, p));
}

/**
 * "Who can do what in org X": every active staff member holding a role there, with the sources and the
 * permissions it gives (active elevations included, with their end time). Empty for unknown or
 * archived orgs. Four queries, a fifth when elevations are active.
 */
export async function whoCanDoWhat(db: Db, tenantId: string, options: { now?: Date } = {}): Promise<OrgAccessEntry[]> {
  const now = options.now ?? elevationNow();
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { archivedAt: true, tags: { select: { tag: true } } } });
  if (!tenant || tenant.archivedAt) return [];
  const tags = tenant.tags.map((t) => t.tag);
  const allOrgRoles = [...ALL_ORG_ROLES] as string[];

  const [grants, teams, elevations] = await Promise.all([
    db.staffGrant.findMany({
      where: { staff: { status: "active" }, OR: [{ tenantId }, { tenantId: null }, { role: { in: allOrgRoles } }] },
      select: { id: true, role: true, tenantId: true, staff: { select: { id: true, name: true, email: true, unverifiedEmail: true } } },
    }),
    db.team.findMany({
      where: {
        OR: [
          { scopeType: "all" },
          { role: { in: allOrgRoles } },
          { scopeType: "orgs", tenants: { some: { tenantId } } },
          ...(tags.length ? [{ scopeType: "tag", scopeTag: { in: tags } }] : []),
        ],
      },
      select: {
        id: true,
        name: true,
        role: true,
        scopeType: true,
        scopeTag: true,
        members: { where: { staff: { status: "active" } }, select: { source: true, staff: { select: { id: true, name: true, email: true, unverifiedEmail: true } } } },
      },
    }),
    // Active elevations in this org (the requester is not a relation: their rows are read below).
    db.elevationRequest.findMany({
      where: { tenantId, status: "approved", endsAt: { gt: now } },
      select: { id: true, requesterId: true, role: true, endsAt: true, ticketId: true },
      orderBy: { endsAt: "asc" },
    }),
  ]);
  const elevated = elevations.length
    ? await db.staffUser.findMany({
        where: { id: { in: [...new Set(elevations.map((e) => e.requesterId))] }, status: "active" },
        select: { id: true, name: true, email: true, unverifiedEmail: true },
      })
    : [];

  const entries = new Map<string, { name: string; email: string; roles: Set<Role>; sources: AccessSource[] }>();
  const add = (staff: { id: string; name: string } & StaffEmailColumns, role: Role, source: AccessSource) => {
    const e = entries.get(staff.id) ?? { name: staff.name, email: staffDisplayEmail(staff), roles: new Set<Role>(), sources: [] };
    e.roles.add(role);
    e.sources.push(source);
    entries.set(staff.id, e);
  };
  for (const g of grants) {
    if (!isRole(g.role)) continue;
    add(g.staff, g.role, { kind: "direct", grantId: g.id, role: g.role, scope: g.tenantId === null ? "all" : "org" });
  }
  for (const team of teams) {
    if (!isRole(team.role)) continue;
    const scope = scopeOf(team.scopeType);
    for (const m of team.members) {
      add(m.staff, team.role, {
        kind: "team",
        teamId: team.id,
        teamName: team.name,
        role: team.role,
        scope,
        ...(scope === "tag" && team.scopeTag ? { tag: team.scopeTag } : {}),
        membership: membershipOf(m.source),
      });
    }
  }

  const elevatedById = new Map(elevated.map((s) => [s.id, s]));
  for (const e of elevations) {
    const who = elevatedById.get(e.requesterId);
    if (!who || !isElevatableRole(e.role) || !e.endsAt) continue;
    add(who, e.role, { kind: "elevation", requestId: e.id, role: e.role, endsAt: e.endsAt.toISOString(), ticketId: e.ticketId });
  }

  return [...entries.entries()]
    .map(([staffId, e]) => ({
      staffId,
      name: e.name,
      email: e.email,
      roles: [...e.roles],
      sources: e.sources,
      permissions: tenantPermissionsFor(e.roles),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
