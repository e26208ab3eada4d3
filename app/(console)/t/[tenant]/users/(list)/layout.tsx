import { notFound } from "next/navigation";
import { requireTenantPage } from "@/lib/tenants/page-guard";

// The list's own segment (a route group, so its loading and error states do not wrap the detail and
// create pages). Roles without users.read (Billing) get a real 404: checked here, before the
// loading boundary starts streaming (a notFound() inside it could only answer 200). The page checks
// again and the read action refuses on its own; this is not the authorization boundary.
export default async function UsersListLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const page = await requireTenantPage(slug);
  if (!page.can("users.read")) notFound();
  return children;
}
