/** GET /api/v1/org: the org's settings, minimal. */
import type { ApiContext, ApiResult } from "../http.ts";
import type { Router } from "../router.ts";

/** Stable per-org id derived from the slug, so it survives resets and restarts. */
export function orgId(slug: string): string {
  let h = 0;
  for (const c of slug) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `00o${h.toString(36).padStart(17, "0")}`.slice(0, 20);
}

function getOrg(ctx: ApiContext): ApiResult {
  const created = ctx.org.logs[0]?.published ?? "2020-01-01T00:00:00.000Z";
  return {
    status: 200,
    body: {
      id: orgId(ctx.org.slug),
      companyName: ctx.org.name,
      subdomain: ctx.org.slug,
      status: "ACTIVE",
      created,
      lastUpdated: created,
      _links: { preferences: { href: `${ctx.orgUrl}/api/v1/org/preferences` } },
    },
  };
}

export function registerOrgRoutes(router: Router): void {
  router.add("GET", "/api/v1/org", getOrg);
}
