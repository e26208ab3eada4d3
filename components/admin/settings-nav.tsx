import { consoleCan } from "@/lib/staff/access";
import { SettingsTabs, type SettingsTab } from "./settings-tabs";

/** The settings sub-navigation, showing only the pages this staff member's roles allow. */
export async function SettingsNav({ staffId }: { staffId: string }) {
  const [orgs, staff, approve] = await Promise.all([
    consoleCan(staffId, "settings.tenants.read"),
    consoleCan(staffId, "settings.staff.read"),
    consoleCan(staffId, "elevation.approve"),
  ]);
  const tabs: SettingsTab[] = [
    ...(orgs ? [{ label: "Orgs", href: "/settings/orgs" }] : []),
    ...(staff
      ? [
          { label: "Staff", href: "/settings/staff" },
          { label: "Teams", href: "/settings/teams" },
          { label: "Who can do what", href: "/settings/access" },
        ]
      : []),
    ...(approve ? [{ label: "Approvals", href: "/settings/approvals" }] : []),
  ];
  return tabs.length > 1 ? <SettingsTabs tabs={tabs} /> : null;
}
