import "server-only";
import { createElement, type ReactNode } from "react";
import { OrgPicker } from "@/components/org-picker/org-picker";
import type { NavItem, NavSection, OrgNav } from "@/components/shell/side-nav";
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
  orgNav: Record<string, OrgNav>;
  orgPicker: ReactNode;
  roleSummary: string;
}

function orgNavFor(slug: string, name: string, roles: Set<Role>, pendingBreakGlass = 0): OrgNav {
  const base = `/t/${encodeURIComponent(slug)}`;
  const items: NavItem[] = [{ label: "Overview", href: base }];
  if (rolesAllow(roles, "users.read")) items.push({ label: "Users", href: `${base}/users` });
  if (rolesAllow(roles, "users.read")) items.push({ label: "Service accounts", href: `${base}/service-accounts` });
  if (rolesAllow(roles, "groups.read")) items.push({ label: "Groups", href: `${base}/groups` });
  if (rolesAllow(roles, "rules.read")) items.push({ label: "Group rules", href: `${base}/groups/rules` });
  if (rolesAllow(roles, "apps.read")) items.push({ label: "Apps", href: `${base}/apps` });
  if (rolesAllow(roles, "logs.read")) items.push({ label: "Log Viewer", href: `${base}/logs` });
  if (rolesAllow(roles, "jobs.read")) items.push({ label: "Jobs", href: `${base}/jobs` });
  if (rolesAllow(roles, "audit.read")) items.push({ label: "Audit", href: `${base}/audit` });
  if (rolesAllow(roles, "elevation.request")) items.push({ label: "Request access", href: `${base}/access` });
  // Caller verification (issue 12); approvers see how many break-glass requests wait for them.
  if (rolesAllow(roles, "users.verifyCaller")) {
    const badge = rolesAllow(roles, "users.verifyCaller.breakGlass") && pendingBreakGlass > 0 ? { count: pendingBreakGlass, label: "break-glass requests waiting" } : undefined;
    items.push({ label: "Verifications", href: `${base}/verifications`, ...(badge ? { badge } : {}) });
  }
  return { name, items };
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
  const orgNav: Record<string, OrgNav> = {};
  for (const t of access.visibleTenants) orgNav[t.slug] = orgNavFor(t.slug, t.name, new Set(t.roles), pendingBreakGlass[t.id] ?? 0);
  const allRoles = new Set(access.visibleTenants.flatMap((t) => t.roles).concat([...access.consoleRoles]));
  return {
    nav: [{ items: [{ label: "Dashboard", href: "/dashboard" }, ...(access.can("users.read") ? [{ label: "Search people", href: "/search" }] : [])] }, ...(consoleItems.length ? [{ title: "Settings", items: consoleItems }] : [])],
    orgNav,
    orgPicker: createElement(OrgPicker, { orgs }),
    roleSummary: allRoles.size ? roleLabels(allRoles) : "No access granted yet",
  };
}
