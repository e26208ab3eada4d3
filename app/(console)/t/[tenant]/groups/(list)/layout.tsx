import { notFound } from "next/navigation";
import { requireTenantPage } from "@/lib/tenants/page-guard";

// The list's own segment (a route group: its loading and error states do not wrap the detail pages or
// the rules pages under /groups/rules). Roles without groups.read get a real 404, checked before the
// loading boundary streams. The read action refuses on its own too; this is not the authorization boundary.
export default async function GroupsListLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("groups.read")) notFound();
  return children;
}
