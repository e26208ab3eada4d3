import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { GroupFormDialog } from "@/components/groups/group-form-dialog";
import { GroupsResults } from "@/components/groups/groups-results";
import { GroupsSearch } from "@/components/groups/groups-search";
import { GroupsSkeleton } from "@/components/groups/groups-skeleton";
import { PageHeader } from "@/components/ui/page-header";
import { groupsHref } from "@/lib/groups/filters";
import { parseGroupsFilters } from "@/lib/groups/filters-schema";
import { requireTenantPage } from "@/lib/tenants/page-guard";

export const metadata: Metadata = { title: "Groups" };

/** The groups of one org, live from Okta: header and search at once, the table streams in. */
export default async function GroupsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant: slug }, raw] = await Promise.all([params, searchParams]);
  const page = await requireTenantPage(slug);
  if (!page.can("groups.read")) notFound();
  const filters = parseGroupsFilters(raw);
  return (
    <div className="space-y-5">
      <PageHeader
        title="Groups"
        description={<>Groups in {page.tenant.name}, read live from Okta. Groups drive app access, licences and policies.</>}
        actions={page.can("groups.manage") ? <GroupFormDialog slug={slug} ticketRequired={page.tenant.ticketRequired} orgName={page.tenant.name} trigger={{ label: "Create group" }} /> : null}
      />
      <GroupsSearch key={groupsHref(slug, { q: filters.q, type: filters.type })} slug={slug} params={filters} />
      <Suspense key={groupsHref(slug, filters, { after: filters.after, prev: filters.prev })} fallback={<GroupsSkeleton />}>
        <GroupsResults slug={slug} params={filters} />
      </Suspense>
    </div>
  );
}
