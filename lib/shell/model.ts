import "server-only";
import type { ReactNode } from "react";
import type { NavSection } from "@/components/shell/side-nav";
import type { StaffIdentity } from "@/lib/auth/session";

export interface ShellModel {
  nav: NavSection[];
  orgPicker: ReactNode;
  roleSummary: string;
}

export async function shellModel(staff: StaffIdentity): Promise<ShellModel> {
  void staff;
  return {
    nav: [{ items: [{ label: "Dashboard", href: "/dashboard" }] }],
    orgPicker: null,
    roleSummary: "",
  };
}
