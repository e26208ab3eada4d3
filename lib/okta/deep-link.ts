// Deep links into the customer's own Okta Admin Console. Okta's admin host is the org's subdomain with
// "-admin" (acme.okta.com -> acme-admin.okta.com); for hosts that are not Okta domains (custom domains,
// the local emulator) the admin host cannot be derived and the org URL's own /admin path is used, as
// adminConsoleUrl does for the org overview.
import { adminConsoleUrl } from "./org-overview";

/** The Admin Console's base path: `https://acme-admin.okta.com/admin` or `<orgUrl>/admin`. */
export function adminConsoleBase(orgUrl: string): string {
  return adminConsoleUrl(orgUrl).replace(/\/admin(?:\/dashboard)?$/, "/admin");
}

/** A group's page in the Admin Console. */
export function adminConsoleGroupTarget(orgUrl: string, groupId: string): string {
  return `${adminConsoleBase(orgUrl)}/group/${encodeURIComponent(groupId)}`;
}

/** Where "Open in Okta Admin Console" goes: a user's profile page, or the org's dashboard. */
export function adminConsoleTarget(orgUrl: string, userId?: string | null): string {
  if (!userId) return adminConsoleUrl(orgUrl);
  return `${adminConsoleBase(orgUrl)}/user/profile/view/${encodeURIComponent(userId)}`;
}

/** An app's page in the Admin Console: `/admin/app/<app name>/instance/<app id>/`. */
export function adminConsoleAppTarget(orgUrl: string, app: { id: string; name: string }): string {
  return `${adminConsoleBase(orgUrl)}/app/${encodeURIComponent(app.name)}/instance/${encodeURIComponent(app.id)}/`;
}
