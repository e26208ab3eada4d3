import "server-only";
import { createElement, type ReactNode } from "react";
import { OrgPicker } from "@/components/org-picker/org-picker";
import type { NavSection } from "@/components/shell/side-nav";
import type { StaffIdentity } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { effectiveAccess } from "@/lib/rbac/grants";
import { orgPickerModel } from "@/lib/shell/org-picker";

export interface ShellModel {
  nav: NavSection[];
  orgPicker: ReactNode;
  roleSummary: string;
}

export async function shellModel(staff: StaffIdentity): Promise<ShellModel> {
  const [access, orgs] = await Promise.all([effectiveAccess(db(), staff.staffId), orgPickerModel(staff)]);
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
  ];
  return {
    nav: [{ items: [{ label: "Dashboard", href: "/dashboard" }] }, ...(consoleItems.length ? [{ title: "Console", items: consoleItems }] : [])],
    orgPicker: createElement(OrgPicker, { orgs }),
    roleSummary: "",
  };
}
