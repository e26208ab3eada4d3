// THE permission table. The server wrapper (lib/actions), the UI (hide what a role cannot do) and the
// authorization tests all read this one object; nothing else decides who may do what.
//
// Roles are granted per customer org (directly or through teams). Where several grants apply to the
// same org, the union of their permissions holds.

export const ROLES = ["admin", "readonly_admin", "technician", "technician_no_deeplink", "helpdesk", "billing"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  readonly_admin: "Read-only Administrator",
  technician: "Technician",
  technician_no_deeplink: "Technician without Deep Linking",
  helpdesk: "Help Desk",
  billing: "Billing",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, in all orgs: console settings, staff and teams.",
  readonly_admin: "Sees everything in all orgs, changes nothing.",
  technician: "Day-to-day user, group, app and rule management, admin-level functions and deep links into the Okta Admin Console.",
  technician_no_deeplink: "As Technician, without deep links into the Okta Admin Console.",
  helpdesk: "Unlock, password and MFA resets, clear sessions, group membership and app assignment; never on privileged users.",
  billing: "No Okta data: per-org user counts only.",
};

/** Roles that always apply to every org (their grants carry no org scope). */
export const ALL_ORG_ROLES: readonly Role[] = ["admin", "readonly_admin"];

/**
 * `console` permissions are about the console itself (settings, staff, audit across orgs) and are held
 * through all-org roles. `tenant` permissions are checked against the roles granted in that org.
 */
export type PermissionScope = "console" | "tenant";

export interface PermissionRule {
  scope: PermissionScope;
  roles: readonly Role[];
  /**
   * For actions on an Okta user: roles that may act even when the target is privileged (holds an Okta
   * admin role, or is a service account). Roles in `roles` but not here are refused on such targets.
   * Absent = the permission has no target-privilege rule.
   */
  privilegedTargetRoles?: readonly Role[];
  description: string;
}

const MANAGERS: readonly Role[] = ["admin", "technician", "technician_no_deeplink"];
const FRONTLINE: readonly Role[] = [...MANAGERS, "helpdesk"];
const READERS: readonly Role[] = ["admin", "readonly_admin", "technician", "technician_no_deeplink", "helpdesk"];

export const PERMISSIONS = {
  // Console administration
  "settings.tenants.read": { scope: "console", roles: ["admin", "readonly_admin"], description: "See customer org settings" },
  "settings.tenants.manage": { scope: "console", roles: ["admin"], description: "Add, edit, archive orgs and rotate credentials" },
  "settings.staff.read": { scope: "console", roles: ["admin", "readonly_admin"], description: "See staff, teams and grants" },
  "settings.staff.manage": { scope: "console", roles: ["admin"], description: "Disable staff, edit teams and grants" },
  "audit.read.all": { scope: "console", roles: ["admin", "readonly_admin"], description: "Read the audit log of every org" },
  "elevation.approve": { scope: "console", roles: ["admin"], description: "Approve or deny requests for time-bound roles" },
  "billing.userCounts": { scope: "console", roles: ["admin", "readonly_admin", "billing"], description: "See per-org user counts" },

  // In a customer org
  "tenant.view": { scope: "tenant", roles: [...READERS, "billing"], description: "Know the org exists and open it" },
  // Everyone who works in the org reads what the MSP did there (issue 10): a Technician follows up on a
  // colleague's change, and Help Desk too, because it acts on the same people (unlocks, resets) and must
  // see that a reset was already done, by whom and under which ticket, before doing it again. The rows
  // hold no secrets (redacted by allowlist when written) and no Okta data beyond ids and logins Help Desk
  // already reads. Billing sees no Okta data, so none of this.
  "audit.read": { scope: "tenant", roles: READERS, description: "Read this org's audit log" },
  "users.read": { scope: "tenant", roles: READERS, description: "Find and view users" },
  "users.create": { scope: "tenant", roles: MANAGERS, description: "Create users" },
  "users.update": { scope: "tenant", roles: MANAGERS, privilegedTargetRoles: MANAGERS, description: "Edit user profiles" },
  "users.lifecycle": { scope: "tenant", roles: MANAGERS, privilegedTargetRoles: MANAGERS, description: "Activate, suspend, deactivate users" },
  "users.delete": { scope: "tenant", roles: MANAGERS, privilegedTargetRoles: MANAGERS, description: "Delete users" },
  "users.unlock": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Unlock users" },
  "users.resetPassword": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Reset and expire passwords" },
  "users.resetMfa": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Reset MFA factors" },
  "users.clearSessions": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Clear user sessions" },
  // Caller verification (issue 12): whoever may unlock or reset may challenge the caller first.
  "users.verifyCaller": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Verify a caller through one of their factors" },
  // Break glass: a caller with no usable factor is let through by a Technician or Administrator (never
  // the one who asked), with a Ticket ID.
  "users.verifyCaller.breakGlass": { scope: "tenant", roles: MANAGERS, description: "Approve a reset without caller verification (break glass)" },
  "users.serviceAccounts.manage": { scope: "tenant", roles: ["admin"], description: "Mark and unmark service accounts" },
  // Every role is refused changes to a service account; this permission may go ahead anyway, with a
  // Ticket ID and the account's login typed (audited as an override).
  "users.serviceAccounts.override": { scope: "tenant", roles: ["admin"], description: "Override the service-account guard (Ticket ID and typed login)" },
  "groups.read": { scope: "tenant", roles: READERS, description: "View groups and members" },
  "groups.manage": { scope: "tenant", roles: MANAGERS, description: "Create, edit and delete groups" },
  "groups.membership": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Add and remove group members" },
  "rules.read": { scope: "tenant", roles: ["admin", "readonly_admin", "technician", "technician_no_deeplink"], description: "View group rules" },
  "rules.manage": { scope: "tenant", roles: MANAGERS, description: "Create, edit, activate and delete group rules" },
  "apps.read": { scope: "tenant", roles: READERS, description: "View apps and assignments" },
  "apps.assign": { scope: "tenant", roles: FRONTLINE, privilegedTargetRoles: MANAGERS, description: "Assign and unassign apps" },
  "logs.read": { scope: "tenant", roles: READERS, description: "Search the Okta System Log" },
  "okta.adminRoles": { scope: "tenant", roles: MANAGERS, description: "View and manage Okta admin roles" },
  "okta.deepLink": { scope: "tenant", roles: ["admin", "technician"], description: "Open objects in the Okta Admin Console" },
  // Just-in-time elevation (issue 12): anyone who works in an org may ask for more there, for a while.
  "elevation.request": { scope: "tenant", roles: [...READERS, "billing"], description: "Ask for a role in this org for a limited time" },
  // Bulk jobs (issue 11): each item is still checked against its own permission when it runs.
  "jobs.read": { scope: "tenant", roles: READERS, description: "See bulk jobs and their reports" },
  "jobs.cancel": { scope: "tenant", roles: FRONTLINE, description: "Cancel a bulk job" },
  "users.import": { scope: "tenant", roles: MANAGERS, description: "Create users in bulk from a CSV file" },
  "users.offboard": { scope: "tenant", roles: MANAGERS, privilegedTargetRoles: MANAGERS, description: "Offboard leavers (sessions, factors, groups, apps, deactivation)" },
  "users.offboard.defaults": { scope: "tenant", roles: ["admin"], description: "Save this org's default offboarding steps" },
  "tenant.userCount": { scope: "tenant", roles: [...READERS, "billing"], description: "See this org's user count" },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

export function permissionRule(permission: Permission): PermissionRule {
  return PERMISSIONS[permission];
}

/** Whether any of `roles` grants `permission` (the union rule). */
export function rolesAllow(roles: Iterable<Role>, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission].roles;
  for (const role of roles) if (allowed.includes(role)) return true;
  return false;
}

/** Whether any of `roles` may act on a privileged target (Okta admin or service account). */
export function rolesAllowOnPrivilegedTarget(roles: Iterable<Role>, permission: Permission): boolean {
  const rule: PermissionRule = PERMISSIONS[permission];
  if (!rule.privilegedTargetRoles) return rolesAllow(roles, permission);
  for (const role of roles) if (rule.privilegedTargetRoles.includes(role)) return true;
  return false;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
