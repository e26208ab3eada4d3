// The org part of the side navigation, in a compact form both the server (lib/shell/model.ts) and
// the navigation components read. It travels with every console page for every org the staff member
// sees (an MSP may see hundreds), so orgs whose roles open the same pages share one list of page keys
// instead of each carrying its own labels and links.
import type { NavItem, OrgNav } from "./side-nav";

export const ORG_PAGES = [
  { key: "overview", label: "Overview", path: "" },
  { key: "users", label: "Users", path: "/users" },
  { key: "service-accounts", label: "Service accounts", path: "/service-accounts" },
  { key: "groups", label: "Groups", path: "/groups" },
  { key: "rules", label: "Group rules", path: "/groups/rules" },
  { key: "apps", label: "Apps", path: "/apps" },
  { key: "logs", label: "Log Viewer", path: "/logs" },
  { key: "jobs", label: "Jobs", path: "/jobs" },
  { key: "audit", label: "Audit", path: "/audit" },
  { key: "access", label: "Request access", path: "/access" },
  { key: "verifications", label: "Verifications", path: "/verifications" },
] as const;

export type OrgPageKey = (typeof ORG_PAGES)[number]["key"];

export interface OrgNavModel {
  /** Distinct lists of the pages an org's roles open, in navigation order. */
  pageSets: OrgPageKey[][];
  orgs: Record<string, { name: string; pageSet: number; /** Break-glass requests waiting for this approver. */ breakGlass?: number }>;
}

/** The org section of the navigation for one org, or undefined when the staff member does not see it. */
export function orgNavFor(model: OrgNavModel, slug: string): OrgNav | undefined {
  const org = model.orgs[slug];
  const pages = org ? model.pageSets[org.pageSet] : undefined;
  if (!org || !pages) return undefined;
  const base = `/t/${encodeURIComponent(slug)}`;
  const items = ORG_PAGES.filter((p) => pages.includes(p.key)).map((p): NavItem => {
    const item: NavItem = { label: p.label, href: `${base}${p.path}` };
    if (p.key === "verifications" && org.breakGlass) item.badge = { count: org.breakGlass, label: "break-glass requests waiting" };
    return item;
  });
  return { name: org.name, items };
}
