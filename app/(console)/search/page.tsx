import type { Metadata } from "next";
import { CrossOrgSearch } from "@/components/search/cross-org-search";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffPage } from "@/lib/auth/session";
import { accessFor } from "@/lib/rbac/current-access";
import { rolesAllow } from "@/lib/rbac/permissions";
import { crossOrgQuerySchema } from "@/lib/search/query-schema";

export const metadata: Metadata = { title: "Search people" };

/** /search?q=: a person across every org where the staff member finds users (GET /api/search streams the answers). */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage();
  const access = await accessFor(staff.staffId);
  const orgs = access.visibleTenants.filter((t) => rolesAllow(t.roles, "users.read"));
  const raw = (await searchParams).q;
  const parsed = crossOrgQuerySchema.safeParse(typeof raw === "string" ? raw : "");
  const q = parsed.success ? parsed.data : typeof raw === "string" ? raw.slice(0, 200) : "";
  return (
    <>
      <PageHeader
        title="Search people"
        description={orgs.length ? `Find a person by name, email, login or Okta id in all ${orgs.length} org${orgs.length === 1 ? "" : "s"} where you can see users.` : undefined}
      />
      {orgs.length === 0 ? (
        <EmptyState title="No org to search">Your roles do not let you see people in any customer org.</EmptyState>
      ) : (
        <CrossOrgSearch initialQuery={q} orgCount={orgs.length} />
      )}
    </>
  );
}
