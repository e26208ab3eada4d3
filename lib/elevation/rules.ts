// Just-in-time elevation (issue 12): which roles may be asked for, for how long, and what state a
// request is in at a given time. Browser-safe (no server-only): the request form uses the same schema
// and lists as the server.
//
// An approved request counts as a grant of its role in its org while `endsAt > now`, checked on every
// request by lib/rbac/grants.ts effectiveAccess: nothing has to run when it expires.
import { z } from "zod";
import { ROLE_LABELS, rolesAllow, PERMISSIONS, type Permission, type Role } from "@/lib/rbac/permissions";

/**
 * Roles that can be held in ONE org, and so may be asked for there. Administrator and Read-only
 * Administrator always apply to every org and the console (never for a while in one org); Billing
 * sees nothing an elevation would be for.
 */
export const ELEVATABLE_ROLES = ["technician", "technician_no_deeplink", "helpdesk"] as const satisfies readonly Role[];
export type ElevatableRole = (typeof ELEVATABLE_ROLES)[number];

export function isElevatableRole(role: string): role is ElevatableRole {
  return (ELEVATABLE_ROLES as readonly string[]).includes(role);
}

/** The durations on offer, in minutes: 30 min to 8 h. */
export const ELEVATION_DURATIONS = [30, 60, 120, 240, 480] as const;
export const MAX_ELEVATION_MINUTES = 480;
export const REASON_MAX = 500;

/** "30 min", "1 h", "8 h". */
export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export const DURATION_OPTIONS = ELEVATION_DURATIONS.map((m) => ({ value: String(m), label: durationLabel(m) }));
export const ROLE_OPTIONS = ELEVATABLE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** The request form (the Ticket ID is the wrapper's field: required where the org requires tickets). */
export const elevationRequestSchema = z.object({
  role: z.enum(ELEVATABLE_ROLES, { error: "Choose Technician, Technician without Deep Linking or Help Desk." }),
  durationMinutes: z.coerce
    .number({ error: "Choose how long you need it." })
    .int()
    .refine((n) => (ELEVATION_DURATIONS as readonly number[]).includes(n), {
      message: `Choose one of ${ELEVATION_DURATIONS.map(durationLabel).join(", ")} (at most ${durationLabel(MAX_ELEVATION_MINUTES)}).`,
    }),
  reason: z
    .string({ error: "Say why you need it." })
    .trim()
    .min(1, "Say why you need it.")
    .max(REASON_MAX, `At most ${REASON_MAX} characters.`),
});
export type ElevationRequestInput = z.infer<typeof elevationRequestSchema>;

export const elevationIdSchema = z.object({ id: z.string().trim().min(1, "Which request?").max(100) });

export const elevationDecisionSchema = z.object({
  id: z.string().trim().min(1, "Which request?").max(100),
  note: z
    .string()
    .trim()
    .max(REASON_MAX, `At most ${REASON_MAX} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type ElevationStatus = "pending" | "approved" | "denied" | "cancelled" | "ended";
/** What a request is at a moment: an approved one is "active" until endsAt, then "expired". */
export type ElevationState = "pending" | "active" | "expired" | "denied" | "cancelled" | "ended";

export interface ElevationTimes {
  status: string;
  endsAt: Date | null;
}

export function isActiveElevation(r: ElevationTimes, now: Date): boolean {
  return r.status === "approved" && r.endsAt !== null && r.endsAt.getTime() > now.getTime();
}

export function elevationState(r: ElevationTimes, now: Date): ElevationState {
  if (r.status === "approved") return isActiveElevation(r, now) ? "active" : "expired";
  if (r.status === "pending" || r.status === "denied" || r.status === "cancelled" || r.status === "ended") return r.status;
  return "expired";
}

export const STATE_LABELS: Record<ElevationState, string> = {
  pending: "Waiting for approval",
  active: "Active",
  expired: "Expired",
  denied: "Denied",
  cancelled: "Cancelled",
  ended: "Ended early",
};

/** The window an approval opens: from now for the requested duration (never past the maximum). */
export function elevationWindow(now: Date, durationMinutes: number): { startsAt: Date; endsAt: Date } {
  const minutes = Math.min(Math.max(1, Math.floor(durationMinutes)), MAX_ELEVATION_MINUTES);
  return { startsAt: new Date(now.getTime()), endsAt: new Date(now.getTime() + minutes * 60_000) };
}

/** Tenant-scope permissions of a role. */
function tenantPermissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => PERMISSIONS[p].scope === "tenant" && rolesAllow([role], p));
}

/**
 * Why a staff member holding `held` in an org may not ask for `role` there, in a plain sentence, or
 * null when they may. `held` includes roles from active elevations.
 */
export function elevationRefusal(role: string, held: Iterable<Role>, orgName: string): string | null {
  if (!isElevatableRole(role)) return "Only Technician, Technician without Deep Linking or Help Desk can be asked for in one org.";
  const roles = [...held];
  const label = ROLE_LABELS[role];
  if (roles.includes(role)) return `You already hold ${label} in ${orgName}.`;
  const missing = tenantPermissionsOf(role).filter((p) => !rolesAllow(roles, p));
  if (missing.length === 0) return `Your roles in ${orgName} already allow everything ${label} allows.`;
  return null;
}
