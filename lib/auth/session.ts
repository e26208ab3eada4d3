import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { db, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { staffDisplayEmail } from "@/lib/staff/display";
import { recheckIdentity, type IdentityRecheck } from "./identity-recheck";
import { oidcRefresher, type IdentityRefresher } from "./oidc-refresh";

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

export type SessionCheck =
  | { ok: true; staff: StaffIdentity }
  | { ok: false; reason: "none" | "expired" | "idle" | "revoked" | "disabled" | "identity_refused" | "identity_unconfirmed" };

export interface SessionLimits {
  idleMinutes: number;
  /** Re-check with the MSP's Okta (lib/auth/identity-recheck.ts); absent = limits only. */
  identity?: IdentityRecheck;
}

function storedGroups(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Checks one StaffSession row: revoked, disabled staff, absolute expiry (expiresAt, set at sign-in
 * from SESSION_MAX_AGE_HOURS) and idle limit, then (when due) the identity with the MSP's Okta.
 * Touches lastSeenAt (throttled) when it passes.
 */
export async function checkStaffSession(database: Db, sessionId: string, limits: SessionLimits, now = new Date()): Promise<SessionCheck> {
  const row = await database.staffSession.findUnique({ where: { id: sessionId }, include: { staff: true } });
  if (!row) return { ok: false, reason: "none" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.staff.status !== "active") return { ok: false, reason: "disabled" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (idleMs > limits.idleMinutes * 60_000) return { ok: false, reason: "idle" };
  let renewedGroups: string[] | null = null;
  if (limits.identity) {
    const recheck = await recheckIdentity(database, row, limits.identity, now);
    if (!recheck.ok) return { ok: false, reason: recheck.reason };
    renewedGroups = recheck.groups;
  }
  if (idleMs > TOUCH_INTERVAL_MS) {
    await database.staffSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  const oidcGroups = renewedGroups ?? storedGroups(row.staff.oidcGroups);
  return {
    ok: true,
    staff: { staffId: row.staff.id, sessionId: row.id, email: staffDisplayEmail(row.staff), name: row.staff.name, oidcGroups },
  };
}

/**
 * next-auth's session cookie as its SessionStore reads it: every cookie whose name starts with the
 * session cookie's name (`__Secure-` prefixed on https, as next-auth names it), chunks (`.0`, `.1`...)
 * joined in order.
 */
export function sessionCookieValue(all: ReadonlyArray<{ name: string; value: string }>, consoleUrl: string): string {
  const name = `${consoleUrl.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
  const suffix = (n: string) => parseInt(n.split(".").pop() ?? "0") || 0;
  return all
    .filter((c) => c.name.startsWith(name))
    .sort((a, b) => suffix(a.name) - suffix(b.name))
    .map((c) => c.value)
    .join("");
}

/**
 * The StaffSession id inside the session cookie (a JWT encrypted with a key derived from
 * NEXTAUTH_SECRET; next-auth's own decode, which also refuses an expired token), or null. This is what
 * getServerSession returned through our session callback, without its work for a response a server
 * component cannot send (a re-encrypted cookie with a new expiry, a CSRF token, the callbacks):
 * a key derivation and an encryption less on every page.
 */
export async function sessionIdFromCookies(all: ReadonlyArray<{ name: string; value: string }>, secret: string, consoleUrl: string): Promise<string | null> {
  const token = sessionCookieValue(all, consoleUrl);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sessionId === "string" && payload.sessionId ? payload.sessionId : null;
  } catch {
    // Not ours, tampered with, or expired: no session (getServerSession answered null too).
    return null;
  }
}

/**
 * The signed-in staff member for this request, or null. Checked against the database on every call
 * (cached per request): session limits, revocation and disabled staff take effect on the next request.
 */
export const getStaff = cache(async (): Promise<StaffIdentity | null> => {
  // Per-request by nature: never prerender a page at build time (and never read config then).
  await connection();
  const config = env();
  const sessionId = await sessionIdFromCookies((await cookies()).getAll(), config.NEXTAUTH_SECRET, config.NEXTAUTH_URL);
  if (!sessionId) return null;
  const check = await checkStaffSession(db(), sessionId, {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    identity: { recheckMinutes: config.IDENTITY_RECHECK_MINUTES, issuer: config.OKTA_ISSUER, refresher: mspRefresher() },
  });
  return check.ok ? check.staff : null;
});

let refresher: IdentityRefresher | undefined;
/** One refresher per process: it caches the issuer's discovery document and keys. */
function mspRefresher(): IdentityRefresher {
  const config = env();
  refresher ??= oidcRefresher({ issuer: config.OKTA_ISSUER, clientId: config.OKTA_CLIENT_ID, clientSecret: config.OKTA_CLIENT_SECRET });
  return refresher;
}

/** For pages: the staff member, or a redirect to the sign-in page. */
export async function requireStaffPage(): Promise<StaffIdentity> {
  const staff = await getStaff();
  if (!staff) redirect("/sign-in");
  return staff;
}
