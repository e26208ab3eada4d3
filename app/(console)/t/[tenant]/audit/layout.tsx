import { notFound } from "next/navigation";
import { requireTenantPage } from "@/lib/tenants/page-guard";

// Roles without audit.read in this org (Billing) get a real 404, checked here before the loading
// boundary starts streaming (like the users list's layout). The read action refuses on its own; this
// is not the authorization boundary.
export default async function TenantAuditLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("audit.read")) notFound();
  return children;
}
