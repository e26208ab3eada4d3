import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { db, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { staffDisplayEmail } from "@/lib/staff/display";
import { authOptions } from "./options";

export interface StaffIdentity {
  staffId: string;
  sessionId: string;
  /** For display and audit rows only (staffDisplayEmail: verified, else unverified, else ""). */
  email: string;
  name: string;
  oidcGroups: string[];
}

/** lastSeenAt is written at most this often, so busy pages do not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionCheck = { ok: true; staff: StaffIdentity } | { ok: false; reason: "none" | "expired" | "idle" | "revoked" | "disabled" };

export interface SessionLimits {
  idleMinutes: number;
}

/**
 * Checks one StaffSession row: revoked, disabled staff, absolute expiry (expiresAt, set at sign-in
 * from SESSION_MAX_AGE_HOURS) and idle limit. Touches lastSeenAt (throttled) when it passes.
 */
export async function checkStaffSession(database: Db, sessionId: string, limits: SessionLimits, now = new Date()): Promise<SessionCheck> {
  const row = await database.staffSession.findUnique({ where: { id: sessionId }, include: { staff: true } });
  if (!row) return { ok: false, reason: "none" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.staff.status !== "active") return { ok: false, reason: "disabled" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (idleMs > limits.idleMinutes * 60_000) return { ok: false, reason: "idle" };
  if (idleMs > TOUCH_INTERVAL_MS) {
    await database.staffSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  let oidcGroups: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.staff.oidcGroups);
    if (Array.isArray(parsed)) oidcGroups = parsed.filter((g): g is string => typeof g === "string");
  } catch {
    oidcGroups = [];
  }
  return {
    ok: true,
    staff: { staffId: row.staff.id, sessionId: row.id, email: staffDisplayEmail(row.staff), name: row.staff.name, oidcGroups },
  };
}

/**
 * The signed-in staff member for this request, or null. Checked against the database on every call
 * (cached per request): session limits, revocation and disabled staff take effect on the next request.
 */
export const getStaff = cache(async (): Promise<StaffIdentity | null> => {
  // Per-request by nature: never prerender a page at build time (and never read config then).
  await connection();
  const session = await getServerSession(authOptions());
  const sessionId = (session as { sessionId?: string } | null)?.sessionId;
  if (!sessionId) return null;
  const check = await checkStaffSession(db(), sessionId, { idleMinutes: env().SESSION_IDLE_MINUTES });
  return check.ok ? check.staff : null;
});

/** For pages: the staff member, or a redirect to the sign-in page. */
export async function requireStaffPage(): Promise<StaffIdentity> {
  const staff = await getStaff();
  if (!staff) redirect("/sign-in");
  return staff;
}
