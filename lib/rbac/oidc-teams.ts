import "server-only";
import type { Db } from "@/lib/db";

/**
 * Teams bound to an MSP group name follow the ID token's `groups` claim: at each sign-in the staff
 * member joins every bound team whose group they are in and leaves the bound teams they are no longer
 * in. Manual memberships are never touched.
 */
export async function syncOidcTeamMemberships(db: Db, staffId: string, groups: readonly string[]): Promise<void> {
  const boundTeams = await db.team.findMany({ where: { oidcGroup: { not: null } }, select: { id: true, oidcGroup: true } });
  const wanted = new Set(boundTeams.filter((t) => t.oidcGroup && groups.includes(t.oidcGroup)).map((t) => t.id));
  const current = await db.teamMember.findMany({ where: { staffId }, select: { teamId: true, source: true } });
  const currentIds = new Set(current.map((m) => m.teamId));
  const stale = current.filter((m) => m.source === "oidc" && !wanted.has(m.teamId)).map((m) => m.teamId);
  await db.$transaction([
    ...[...wanted]
      .filter((teamId) => !currentIds.has(teamId))
      .map((teamId) => db.teamMember.create({ data: { teamId, staffId, source: "oidc" } })),
    db.teamMember.deleteMany({ where: { staffId, source: "oidc", teamId: { in: stale } } }),
  ]);
}
