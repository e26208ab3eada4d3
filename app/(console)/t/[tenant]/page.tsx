import type { Metadata } from "next";
import { OrgOverview } from "@/components/tenants/org-overview";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Org overview" };

export default async function TenantOverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  return <OrgOverview page={page} />;
}
