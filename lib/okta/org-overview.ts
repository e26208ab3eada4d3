import "server-only";
import type { OktaGateway } from "./gateway";

/**
 * The number of people in an org without listing them: the built-in Everyone group's `usersCount`
 * (groups API with `expand=stats`), one request whatever the org's size.
 */
export async function orgUserCount(gateway: OktaGateway): Promise<number | null> {
  const groups = await gateway.client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"', expand: "stats", limit: 10 });
  for await (const group of groups) {
    if (group?.profile?.name !== "Everyone") continue;
    const stats = (group._embedded as { stats?: { usersCount?: unknown } } | undefined)?.stats;
    return typeof stats?.usersCount === "number" ? stats.usersCount : null;
  }
  return null;
}

export interface OrgFacts {
  companyName: string | null;
  subdomain: string | null;
  usersCount: number | null;
}

/**
 * The org's own settings and its user count, fetched in parallel. The count is the point; settings
 * are a nicety that a narrowly-scoped credential (e.g. a Help Desk admin's token) may not read, so
 * their failure leaves those fields empty instead of failing the whole overview.
 */
export async function orgFacts(gateway: OktaGateway): Promise<OrgFacts> {
  const [settings, usersCount] = await Promise.all([gateway.client.orgSettingApi.getOrgSettings().catch(() => null), orgUserCount(gateway)]);
  return { companyName: settings?.companyName ?? null, subdomain: settings?.subdomain ?? null, usersCount };
}

/**
 * Okta Admin Console URL for an org URL: `acme.okta.com` -> `acme-admin.okta.com`. For hosts that are
 * not Okta domains (custom domains, local orgs) Okta's admin host cannot be derived, so the org URL's
 * own /admin path is used.
 */
export function adminConsoleUrl(orgUrl: string): string {
  const url = new URL(orgUrl);
  const match = url.hostname.match(/^([a-z0-9-]+)\.(okta\.com|oktapreview\.com|okta-emea\.com|okta-gov\.com|okta\.mil)$/i);
  if (match) return `${url.protocol}//${match[1]}-admin.${match[2]}/admin/dashboard`;
  return `${orgUrl.replace(/\/$/, "")}/admin`;
}
