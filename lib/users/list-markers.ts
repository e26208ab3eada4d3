// The users list's privileged marker, decided from org-wide facts read beside the page (see
// lib/users/list.ts readPrivilegeMarkers). Browser-safe and pure: the marker column computes it per row.
import { serviceAccountReasons, type ServiceAccountContext } from "./service-accounts";

export interface PrivilegeMarkers {
  /** Users holding an Okta admin role; null when Okta could not be asked (then: unknown). */
  admins: { ids: string[]; complete: boolean } | null;
  /** The org's service-account facts; null when they could not be read. */
  serviceAccounts: {
    groupMemberIds: string[];
    groupName: string | null;
    /** False when the service-account group had more members than one read holds. */
    groupComplete: boolean;
    consolePrincipalId: string | null;
    manualMarks: Array<{ id: string; purpose: string | null }>;
  } | null;
}

export interface MarkerUser {
  id: string;
  login: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName?: string | null;
  userType: string | null;
}

export interface RowPrivilege {
  admin: boolean | null;
  /** Why it is a service account (empty: not one, as far as known). */
  serviceAccount: string[];
  /** The console could not find out everything (an unread source): shown as "unknown" when nothing else is known. */
  unknown: boolean;
  /** Short label for the column. */
  label: string;
  /** Sentence(s) for the hover. */
  detail: string;
}

export function serviceAccountContextOf(markers: PrivilegeMarkers): ServiceAccountContext {
  const sa = markers.serviceAccounts;
  if (!sa) return {};
  return {
    serviceAccountGroupMemberIds: new Set(sa.groupMemberIds),
    serviceAccountGroupName: sa.groupName ?? undefined,
    consolePrincipalId: sa.consolePrincipalId,
    manualMarks: new Map(sa.manualMarks.map((m) => [m.id, { purpose: m.purpose }])),
  };
}

/**
 * One row's marker. What is known positively is always shown (an admin listed by Okta, a service
 * account by its user type or name even when the org's group could not be read); "unknown" only
 * when nothing positive is known and a source of the answer is missing.
 */
export function rowPrivilege(user: MarkerUser, markers: PrivilegeMarkers, ctx: ServiceAccountContext = serviceAccountContextOf(markers)): RowPrivilege {
  const reasons = serviceAccountReasons(
    { id: user.id, profile: { login: user.login, email: user.email, firstName: user.firstName, lastName: user.lastName, displayName: user.displayName, userType: user.userType } },
    ctx,
  ).map((r) => r.sentence);
  const admins = markers.admins;
  const admin = admins === null ? null : admins.ids.includes(user.id) ? true : admins.complete ? false : null;
  const saComplete = markers.serviceAccounts !== null && markers.serviceAccounts.groupComplete;
  const unknown = admin === null || (!saComplete && reasons.length === 0);
  const parts: string[] = [];
  if (admin) parts.push("Holds an Okta admin role.");
  parts.push(...reasons);
  if (admin && reasons.length > 0) return { admin, serviceAccount: reasons, unknown, label: "Admin · Service", detail: parts.join(" ") };
  if (admin) return { admin, serviceAccount: reasons, unknown, label: "Admin", detail: parts.join(" ") };
  if (reasons.length > 0) {
    const more = admin === null ? " Whether it also holds an Okta admin role could not be read." : "";
    return { admin, serviceAccount: reasons, unknown, label: "Service account", detail: parts.join(" ") + more };
  }
  if (unknown) {
    const missing = [
      admin === null ? (admins === null ? "Okta's list of admins could not be read" : "Okta's list of admins is longer than the console reads for a page") : null,
      !saComplete ? (markers.serviceAccounts === null ? "the org's service accounts could not be read" : "the service-account group is larger than the console reads for a page") : null,
    ].filter(Boolean);
    return { admin, serviceAccount: reasons, unknown, label: "unknown", detail: `Not known: ${missing.join("; ")}. Open the user to see their roles.` };
  }
  return { admin, serviceAccount: reasons, unknown, label: "", detail: "" };
}

/** Whether any row's marker is unknown (the list then says why, once). */
export function markersIncomplete(markers: PrivilegeMarkers): boolean {
  return markers.admins === null || !markers.admins.complete || markers.serviceAccounts === null || !markers.serviceAccounts.groupComplete;
}
