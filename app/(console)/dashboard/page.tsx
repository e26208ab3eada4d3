import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const staff = await requireStaffPage();
  return <PageHeader title={`Welcome, ${staff.name.split(" ")[0]}`} description="Your customers' Okta orgs at a glance." />;
}
