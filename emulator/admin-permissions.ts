/**
 * What each standard admin role may do, for the Management API routes the emulator serves.
 *
 * Okta: an API token acts with the admin permissions of the user who created it, and follows that user's
 * roles as they change ("API tokens are generated with the permissions of the user that created the
 * token. If a user's permissions change, then so do the token's." - help.okta.com, Manage Okta API
 * tokens). An OAuth service app acts with the admin roles assigned to the app (its scopes only bound
 * which endpoints it may call; emulator/scopes.ts). A call outside the principal's roles is refused with
 * 403 E0000006 "You do not have permission to perform the requested action".
 *
 * The mapping is deliberately coarse and lives in this one table (tests/emulator/admin-permissions.test.ts
 * reads it too). Permissions carry Okta's custom-role permission names where Okta has one
 * (okta.users.lifecycle.unlock, okta.groups.members.manage ...); `okta.logs.read`, `okta.orgs.read` and
 * `okta.roles.read` borrow the OAuth scope names for things custom roles do not list. Not modelled:
 * role targets (a Help Desk or Group admin limited to some groups), custom roles, and ORG_ADMIN's
 * limits around super admins (it may not manage super admins or their roles; the emulator serves no
 * role-assignment writes and treats ORG_ADMIN like SUPER_ADMIN for everything it serves).
 */
import type { AdminRoleType } from "./model.ts";

export type AdminPermission =
  | "okta.users.read"
  | "okta.users.create"
  | "okta.users.userprofile.manage"
  | "okta.users.lifecycle.activate"
  | "okta.users.lifecycle.deactivate"
  | "okta.users.lifecycle.suspend"
  | "okta.users.lifecycle.unsuspend"
  | "okta.users.lifecycle.unlock"
  | "okta.users.lifecycle.delete"
  | "okta.users.lifecycle.clearSessions"
  | "okta.users.lifecycle.manage"
  | "okta.users.credentials.resetPassword"
  | "okta.users.credentials.expirePassword"
  | "okta.users.credentials.resetFactors"
  | "okta.users.credentials.manage"
  | "okta.groups.read"
  | "okta.groups.create"
  | "okta.groups.manage"
  | "okta.groups.members.manage"
  | "okta.apps.read"
  | "okta.apps.assignment.manage"
  | "okta.logs.read"
  | "okta.orgs.read"
  | "okta.roles.read"
  | "okta.schemas.read"
  | "okta.policies.read"
  | "okta.networkZones.read";

const READ_PERMISSIONS = ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.logs.read", "okta.orgs.read", "okta.roles.read", "okta.schemas.read", "okta.policies.read", "okta.networkZones.read"] as const satisfies readonly AdminPermission[];

const USER_MANAGEMENT = [
  "okta.users.read",
  "okta.users.create",
  "okta.users.userprofile.manage",
  "okta.users.lifecycle.activate",
  "okta.users.lifecycle.deactivate",
  "okta.users.lifecycle.suspend",
  "okta.users.lifecycle.unsuspend",
  "okta.users.lifecycle.unlock",
  "okta.users.lifecycle.delete",
  "okta.users.lifecycle.clearSessions",
  "okta.users.lifecycle.manage",
  "okta.users.credentials.resetPassword",
  "okta.users.credentials.expirePassword",
  "okta.users.credentials.resetFactors",
  "okta.users.credentials.manage",
] as const satisfies readonly AdminPermission[];

/** Each standard role's permissions on the served endpoints; "*" = all of them. */
export const ROLE_PERMISSIONS: Record<AdminRoleType, "*" | readonly AdminPermission[]> = {
  SUPER_ADMIN: "*",
  // Also limited around super admins in Okta (see above); not reachable through the served endpoints.
  ORG_ADMIN: "*",
  // Reads everything, changes nothing.
  READ_ONLY_ADMIN: READ_PERMISSIONS,
  // Views users, groups, apps and the System Log; unlocks, resets or expires passwords, resets MFA
  // (all factors, or one factor), clears sessions. No profile edits or other lifecycle changes.
  HELP_DESK_ADMIN: [
    "okta.users.read",
    "okta.groups.read",
    "okta.apps.read",
    "okta.logs.read",
    "okta.users.lifecycle.unlock",
    "okta.users.credentials.resetPassword",
    "okta.users.credentials.expirePassword",
    "okta.users.credentials.resetFactors",
    "okta.users.credentials.manage",
    "okta.users.lifecycle.clearSessions",
  ],
  // Okta's "Group Administrator": manages users and their group memberships, not apps.
  USER_ADMIN: [...USER_MANAGEMENT, "okta.groups.read", "okta.groups.members.manage"],
  GROUP_MEMBERSHIP_ADMIN: ["okta.users.read", "okta.groups.read", "okta.groups.members.manage"],
  // Apps and their user/group assignments only (in Okta an app admin also creates and configures apps,
  // which the emulator does not serve). The spec lists APP_ADMIN among the roles that read user schemas.
  APP_ADMIN: ["okta.apps.read", "okta.apps.assignment.manage", "okta.schemas.read"],
  // Reports and the System Log.
  REPORT_ADMIN: ["okta.logs.read"],
  // Authorization servers and devices; the spec lists it among the roles that read user schemas.
  API_ACCESS_MANAGEMENT_ADMIN: ["okta.schemas.read"],
  MOBILE_ADMIN: [],
};

const LIFECYCLE_PERMISSION: Record<string, AdminPermission> = {
  activate: "okta.users.lifecycle.activate",
  reactivate: "okta.users.lifecycle.activate",
  deactivate: "okta.users.lifecycle.deactivate",
  suspend: "okta.users.lifecycle.suspend",
  unsuspend: "okta.users.lifecycle.unsuspend",
  unlock: "okta.users.lifecycle.unlock",
  reset_password: "okta.users.credentials.resetPassword",
  expire_password: "okta.users.credentials.expirePassword",
  expire_password_with_temp_password: "okta.users.credentials.expirePassword",
  reset_factors: "okta.users.credentials.resetFactors",
};

/** The permission each served route needs, keyed "METHOD template" (every route must be listed: see the test). */
export const ROUTE_PERMISSIONS: Record<string, AdminPermission | ((params: Record<string, string>) => AdminPermission)> = {
  "GET /api/v1/users": "okta.users.read",
  "POST /api/v1/users": "okta.users.create",
  "GET /api/v1/users/:id": "okta.users.read",
  "POST /api/v1/users/:id": "okta.users.userprofile.manage",
  "PUT /api/v1/users/:id": "okta.users.userprofile.manage",
  "DELETE /api/v1/users/:id": "okta.users.lifecycle.delete",
  "POST /api/v1/users/:id/lifecycle/:op": (p) => LIFECYCLE_PERMISSION[p.op ?? ""] ?? "okta.users.lifecycle.manage",
  "GET /api/v1/users/:id/groups": "okta.users.read",
  "GET /api/v1/users/:id/appLinks": "okta.users.read",
  "GET /api/v1/users/:id/factors": "okta.users.read",
  "GET /api/v1/users/:id/factors/:factorId": "okta.users.read",
  "DELETE /api/v1/users/:id/factors/:factorId": "okta.users.credentials.resetFactors",
  // Challenging a user's factor (verify a caller's identity): Okta's help desk verification is open to
  // Help Desk admins; the permission name is Okta's custom-role "manage authenticators" one.
  "POST /api/v1/users/:id/factors/:factorId/verify": "okta.users.credentials.manage",
  "GET /api/v1/users/:id/factors/:factorId/transactions/:transactionId": "okta.users.read",
  "GET /api/v1/users/:id/roles": "okta.roles.read",
  "DELETE /api/v1/users/:id/sessions": "okta.users.lifecycle.clearSessions",
  "GET /api/v1/groups": "okta.groups.read",
  "POST /api/v1/groups": "okta.groups.create",
  "GET /api/v1/groups/:groupId": "okta.groups.read",
  "PUT /api/v1/groups/:groupId": "okta.groups.manage",
  "DELETE /api/v1/groups/:groupId": "okta.groups.manage",
  "GET /api/v1/groups/:groupId/users": "okta.groups.read",
  "PUT /api/v1/groups/:groupId/users/:userId": "okta.groups.members.manage",
  "DELETE /api/v1/groups/:groupId/users/:userId": "okta.groups.members.manage",
  "GET /api/v1/groups/:groupId/apps": "okta.groups.read",
  "GET /api/v1/groups/:groupId/roles": "okta.roles.read",
  "GET /api/v1/groups/rules": "okta.groups.read",
  "POST /api/v1/groups/rules": "okta.groups.manage",
  "GET /api/v1/groups/rules/:ruleId": "okta.groups.read",
  "PUT /api/v1/groups/rules/:ruleId": "okta.groups.manage",
  "DELETE /api/v1/groups/rules/:ruleId": "okta.groups.manage",
  "POST /api/v1/groups/rules/:ruleId/lifecycle/activate": "okta.groups.manage",
  "POST /api/v1/groups/rules/:ruleId/lifecycle/deactivate": "okta.groups.manage",
  "GET /api/v1/apps": "okta.apps.read",
  "GET /api/v1/apps/:appId": "okta.apps.read",
  "GET /api/v1/apps/:appId/users": "okta.apps.read",
  "POST /api/v1/apps/:appId/users": "okta.apps.assignment.manage",
  "GET /api/v1/apps/:appId/users/:userId": "okta.apps.read",
  "DELETE /api/v1/apps/:appId/users/:userId": "okta.apps.assignment.manage",
  "GET /api/v1/apps/:appId/groups": "okta.apps.read",
  "GET /api/v1/apps/:appId/groups/:groupId": "okta.apps.read",
  "PUT /api/v1/apps/:appId/groups/:groupId": "okta.apps.assignment.manage",
  "DELETE /api/v1/apps/:appId/groups/:groupId": "okta.apps.assignment.manage",
  "GET /api/v1/logs": "okta.logs.read",
  "GET /api/v1/org": "okta.orgs.read",
  "GET /oauth2/v1/clients/:clientId/roles": "okta.roles.read",
  // The spec's x-okta-iam-admin-roles for getUserSchema: API_ACCESS_MANAGEMENT_ADMIN, APP_ADMIN,
  // ORG_ADMIN (and SUPER_ADMIN); READ_ONLY_ADMIN reads everything (it sees the Profile Editor). Help
  // Desk and Group admins are refused (E0000006): callers must cope with a schema they may not read.
  "GET /api/v1/meta/schemas/user/:schemaId": "okta.schemas.read",
  "GET /api/v1/iam/assignees/users": "okta.roles.read",
  // Security > Authentication policies and Networks: super and org admins, and the read-only admin who
  // sees everything; Help Desk, Group and App admins do not see policies (E0000006).
  "GET /api/v1/policies": "okta.policies.read",
  "GET /api/v1/policies/:policyId": "okta.policies.read",
  "GET /api/v1/policies/:policyId/rules": "okta.policies.read",
  "GET /api/v1/policies/:policyId/rules/:ruleId": "okta.policies.read",
  "GET /api/v1/zones": "okta.networkZones.read",
  "GET /api/v1/zones/:zoneId": "okta.networkZones.read",
};

/** The permission a route needs; undefined for a route missing from the table (refused to all but "*" roles). */
export function permissionFor(method: string, template: string, params: Record<string, string>): AdminPermission | undefined {
  const entry = ROUTE_PERMISSIONS[`${method === "HEAD" ? "GET" : method} ${template}`];
  return typeof entry === "function" ? entry(params) : entry;
}

export function roleAllows(role: AdminRoleType, permission: AdminPermission | undefined): boolean {
  const granted = ROLE_PERMISSIONS[role];
  if (granted === "*") return true;
  return permission !== undefined && granted.includes(permission);
}

export interface AccessRequest {
  method: string;
  template: string;
  params: Record<string, string>;
  /** The admin roles of the token's user, or of the service app. */
  roles: readonly AdminRoleType[];
  /** The path parameter names the caller itself: "me", its own user id or login, its own client id. */
  isSelf: (value: string) => boolean;
}

/**
 * Whether the caller may make the call. Beside the roles:
 * - Reading yourself (`GET /api/v1/users/me`, or your own id) is allowed to every token, admin or not:
 *   Okta lets any signed-in user read their own user. For everything else a token whose user holds no
 *   admin role is refused (403 E0000006); Okta only lets admins create tokens, and a token follows its
 *   user's roles, so a user who lost every role keeps a token that may do nothing but this.
 * - Reading your own admin roles (`GET /api/v1/users/{self}/roles`, `GET /oauth2/v1/clients/{self}/roles`)
 *   is allowed to every admin. Okta does not document who may list a principal's roles; reports from
 *   real orgs say non-super admins get E0000006 listing roles (okta/terraform-provider-okta#1541), which
 *   may well include their own. The emulator lets an admin read its own roles so that the console's
 *   "Test connection" can name the role a token holds; the console also copes with E0000006 there.
 */
export function isAllowed(req: AccessRequest): boolean {
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (method === "GET" && req.template === "/api/v1/users/:id" && req.isSelf(req.params.id ?? "")) return true;
  if (req.roles.length === 0) return false;
  if (method === "GET" && req.template === "/api/v1/users/:id/roles" && req.isSelf(req.params.id ?? "")) return true;
  if (method === "GET" && req.template === "/oauth2/v1/clients/:clientId/roles" && req.isSelf(req.params.clientId ?? "")) return true;
  const permission = permissionFor(method, req.template, req.params);
  return req.roles.some((r) => roleAllows(r, permission));
}
