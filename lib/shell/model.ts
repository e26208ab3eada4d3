import "server-only";
import { createElement, type ReactNode } from "react";
import { OrgPicker } from "@/components/org-picker/org-picker";
import type { OrgNavModel, OrgPageKey } from "@/components/shell/org-nav";
import type { NavSection } from "@/components/shell/side-nav";
import type { StaffIdentity } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { accessFor } from "@/lib/rbac/current-access";
import { roleLabels } from "@/lib/rbac/grants";
import { rolesAllow, type Role } from "@/lib/rbac/permissions";
import { afterOktaRequestsLeave } from "@/lib/okta/okta-first";
import { orgPickerModel } from "@/lib/shell/org-picker";
import { pendingBreakGlassCounts } from "@/lib/verification/service";
import { pendingElevationCount } from "@/lib/elevation/service";

export interface ShellModel {
  nav: NavSection[];
  /** Per visible org, the org section of the side navigation (shown while inside /t/<slug>). */
  orgNav: OrgNavModel;
  orgPicker: ReactNode;
  roleSummary: string;
}

/** The pages of one org the roles open (keys of components/shell/org-nav.ts, in navigation order). */
function orgPagesFor(roles: Set<Role>): OrgPageKey[] {
  const pages: OrgPageKey[] = ["overview"];
  if (rolesAllow(roles, "users.read")) pages.push("users", "service-accounts");
  if (rolesAllow(roles, "groups.read")) pages.push("groups");
  if (rolesAllow(roles, "rules.read")) pages.push("rules");
  if (rolesAllow(roles, "apps.read")) pages.push("apps");
  if (rolesAllow(roles, "logs.read")) pages.push("logs");
  if (rolesAllow(roles, "jobs.read")) pages.push("jobs");
  if (rolesAllow(roles, "audit.read")) pages.push("audit");
  if (rolesAllow(roles, "elevation.request")) pages.push("access");
  // Caller verification (issue 12).
  if (rolesAllow(roles, "users.verifyCaller")) pages.push("verifications");
  return pages;
}

export async function shellModel(staff: StaffIdentity): Promise<ShellModel> {
  const access = await accessFor(staff.staffId);
  // Administrators see how many elevation requests wait for them (one count, beside the org picker's reads).
  const canApprove = access.can("elevation.approve");
  const approverOrgs = access.visibleTenants.filter((t) => rolesAllow(new Set(t.roles), "users.verifyCaller.breakGlass")).map((t) => t.id);
  // The frame's own reads go after the page's Okta requests (the page streams behind the frame anyway).
  await afterOktaRequestsLeave();
  const [orgs, pendingApprovals, pendingBreakGlass] = await Promise.all([
    orgPickerModel(staff, db(), access),
    canApprove ? pendingElevationCount(db()) : 0,
    pendingBreakGlassCounts(db(), approverOrgs),
  ]);
  const consoleItems = [
    ...(access.can("audit.read.all") ? [{ label: "Audit log", href: "/audit" }] : []),
    ...(access.can("settings.tenants.read") ? [{ label: "Orgs", href: "/settings/orgs" }] : []),
    ...(access.can("settings.staff.read")
      ? [
          { label: "Staff", href: "/settings/staff" },
          { label: "Teams", href: "/settings/teams" },
          { label: "Who can do what", href: "/settings/access" },
        ]
      : []),
    ...(canApprove ? [{ label: "Approvals", href: "/settings/approvals", badge: { count: pendingApprovals, label: pendingApprovals === 1 ? "request waiting" : "requests waiting" } }] : []),
  ];
  // Orgs whose roles open the same pages share one page list (most staff hold one role everywhere).
  const orgNav: OrgNavModel = { pageSets: [], orgs: {} };
  const setIndex = new Map<string, number>();
  for (const t of access.visibleTenants) {
    const roles = new Set(t.roles);
    const pages = orgPagesFor(roles);
    const key = pages.join(",");
    let pageSet = setIndex.get(key);
    if (pageSet === undefined) {
      pageSet = orgNav.pageSets.push(pages) - 1;
      setIndex.set(key, pageSet);
    }
    // Approvers see how many break-glass requests wait for them.
    const waiting = rolesAllow(roles, "users.verifyCaller.breakGlass") ? (pendingBreakGlass[t.id] ?? 0) : 0;
    orgNav.orgs[t.slug] = { name: t.name, pageSet, ...(waiting > 0 ? { breakGlass: waiting } : {}) };
  }
  const allRoles = new Set(access.visibleTenants.flatMap((t) => t.roles).concat([...access.consoleRoles]));
  return {
    nav: [{ items: [{ label: "Dashboard", href: "/dashboard" }, ...(access.can("users.read") ? [{ label: "Search people", href: "/search" }] : [])] }, ...(consoleItems.length ? [{ title: "Settings", items: consoleItems }] : [])],
    orgNav,
    orgPicker: createElement(OrgPicker, { orgs }),
    roleSummary: allRoles.size ? roleLabels(allRoles) : "No access granted yet",
  };
}
