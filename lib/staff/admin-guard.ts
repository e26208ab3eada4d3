// The console must always keep an active Administrator. Every change that can take the Administrator
// role away from someone (removing a direct grant, disabling a staff member, deleting or editing a team,
// removing a team member) runs inside `withAdministratorGuard`, which refuses it when it would take the
// number of active Administrators who can sign in (countActiveAdministrators) from one or more to none.
//
// Race safety: the guarded transactions serialise, so two Administrators removing each other at the
// same moment cannot both succeed (each would otherwise still see the other's uncommitted power).
// PostgreSQL: a transaction-level advisory lock taken as the first statement (READ COMMITTED: every later
// statement then sees what the previous holder committed). SQLite: BEGIN is deferred, so the first
// statement is a no-op write that takes the database's single write lock for the whole transaction
// (within one process Prisma's SQLite adapter already runs one transaction at a time).
import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { isPostgres } from "@/lib/audit/append";
import { ActionError } from "@/lib/actions/errors";

/** Arbitrary constant shared by every console instance (727001: migrations, 727002: audit chain). */
const ADMIN_LOCK_KEY = 727003;

export const LAST_ADMINISTRATOR_MESSAGE =
  "This would leave the console without an active Administrator. Make someone else an Administrator first.";

type Tx = Prisma.TransactionClient;

/**
 * Administrators who can sign in: active staff holding the Administrator role through a direct grant
 * (any scope; admin always applies to every org, see lib/rbac/grants.ts) or through membership, manual
 * or OIDC, in a team whose role is admin. A row counts only if someone can sign in as it: it has an
 * Okta subject (signed in before), or a verified email its owner's first sign-in can claim
 * (lib/auth/staff.ts). A never-signed-in row without a verified email is nobody's yet.
 */
export function countActiveAdministrators(db: Db | Tx): Promise<number> {
  return db.staffUser.count({
    where: {
      status: "active",
      AND: [
        { OR: [{ subject: { not: null } }, { email: { not: null } }] },
        { OR: [{ grants: { some: { role: "admin" } } }, { memberships: { some: { team: { role: "admin" } } } }] },
      ],
    },
  });
}

/** Throws when `before` active Administrators became none. Call inside the transaction that made the change. */
export async function assertAnAdministratorRemains(tx: Tx, before: number): Promise<void> {
  if (before > 0 && (await countActiveAdministrators(tx)) === 0) {
    throw new ActionError(LAST_ADMINISTRATOR_MESSAGE, "forbidden", undefined, "last_administrator");
  }
}

/**
 * Runs `change` in a transaction that is serialised with every other guarded change, and rolls it back
 * with a "forbidden" ActionError when it would leave no active Administrator. A console with no
 * Administrator yet (before the bootstrap admins' first sign-in) is not blocked.
 */
export async function withAdministratorGuard<T>(db: Db, change: (tx: Tx) => Promise<T>): Promise<T> {
  const pg = isPostgres(db);
  return db.$transaction(
    async (tx) => {
      if (pg) await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})::text AS locked`);
      else await tx.$executeRawUnsafe(`UPDATE "StaffUser" SET "id" = "id" WHERE 0`);
      const before = await countActiveAdministrators(tx);
      const result = await change(tx);
      await assertAnAdministratorRemains(tx, before);
      return result;
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}
