/**
 * OAuth 2.0 scopes of the Management API (OAuth for Okta): which Okta API scope a route needs when it is
 * called with a service app's access token. The names follow the `security: oauth2` lists of Okta's
 * OpenAPI spec (tests/emulator/oauth-service-app.test.ts checks every registered route against it).
 * SSWS API tokens are not scoped.
 */

/** The resource of each route family (first path segment after /api/v1, plus the role endpoints). */
function resourceOf(template: string): string | undefined {
  if (/^\/api\/v1\/users\/:[^/]+\/roles$/.test(template)) return "roles";
  if (/^\/api\/v1\/groups\/:[^/]+\/roles(\/|$)/.test(template)) return "roles";
  if (/^\/oauth2\/v1\/clients\/:[^/]+\/roles(\/|$)/.test(template)) return "roles";
  const m = /^\/api\/v1\/([^/]+)/.exec(template);
  if (!m) return undefined;
  switch (m[1]) {
    case "users":
      return "users";
    case "groups": // group rules included: okta.groups.*
      return "groups";
    case "apps":
      return "apps";
    case "logs":
      return "logs";
    case "org":
      return "orgs";
    case "meta": // the user schema: okta.schemas.read / manage
      return "schemas";
    case "iam": // role assignees: okta.roles.read
      return "roles";
    case "policies":
      return "policies";
    case "zones":
      return "networkZones";
    default:
      return undefined;
  }
}

/** The scope a route requires, e.g. "okta.users.read"; undefined = not available to OAuth tokens. */
export function requiredScope(method: string, template: string): string | undefined {
  const resource = resourceOf(template);
  if (!resource) return undefined;
  // The System Log and the org settings read are read-only scopes; there is no okta.logs.manage.
  const read = method === "GET" || method === "HEAD";
  return `okta.${resource}.${read ? "read" : "manage"}`;
}

/** `okta.x.manage` includes `okta.x.read` (Okta: "the manage scope also grants read access"). */
export function scopeSatisfied(required: string, granted: readonly string[]): boolean {
  if (granted.includes(required)) return true;
  return required.endsWith(".read") && granted.includes(`${required.slice(0, -".read".length)}.manage`);
}

/** Scopes that name Okta API resources (okta.users.read, okta.myAccount.email.manage ...). */
export function isOktaApiScope(scope: string): boolean {
  return /^okta\.[A-Za-z]+(\.[A-Za-z]+)*\.(read|manage)$/.test(scope);
}

/** OpenID Connect scopes: never allowed with client_credentials. */
export const OIDC_SCOPES = new Set(["openid", "profile", "email", "address", "phone", "offline_access", "groups", "device_sso"]);
