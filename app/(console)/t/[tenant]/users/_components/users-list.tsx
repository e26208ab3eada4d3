import { Suspense } from "react";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { BULK_ACTION_PERMISSIONS, BULK_USER_ACTIONS } from "@/lib/jobs/kinds/bulk-user-action-schema";
import type { TenantPageContext } from "@/lib/tenants/page-guard";
import { listInput, usersHref, type UsersFilterParams } from "@/lib/users/filters";
import { userListQuery } from "@/lib/users/search";
import { UsersResults, type UsersReads } from "./users-results";
import { UsersSearch } from "./users-search";
import { UsersSkeleton } from "./users-skeleton";

/** The list page: header and search render at once; the table streams in when Okta answers. */
export function UsersList({ page, params, reads }: { page: TenantPageContext; params: UsersFilterParams; reads: UsersReads }) {
  const slug = page.tenant.slug;
  const query = userListQuery(listInput(params));
  // Offered only where the role allows it (the server checks again, and each item when it runs).
  const bulkActions = BULK_USER_ACTIONS.filter((a) => page.can(BULK_ACTION_PERMISSIONS[a]));
  return (
    <div className="space-y-5">
      <PageHeader
        title="Users"
        description={<>People in {page.tenant.name}, read live from Okta.</>}
        actions={
          page.can("users.create") || page.can("users.import") ? (
            <>
              {page.can("users.import") ? (
                <ButtonLink href={`/t/${encodeURIComponent(slug)}/users/import`} variant="secondary">
                  Import CSV
                </ButtonLink>
              ) : null}
              {page.can("users.create") ? (
            <ButtonLink href={`/t/${encodeURIComponent(slug)}/users/new`}>
              <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
                <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
              </svg>
              Create user
            </ButtonLink>
              ) : null}
            </>
          ) : null
        }
      />
      <UsersSearch slug={slug} params={params} serverError={query.ok ? null : query.error} />
      <Suspense key={usersHref(slug, params, { after: params.after, prev: params.prev })} fallback={<UsersSkeleton />}>
        <UsersResults slug={slug} params={params} reads={reads} bulkActions={bulkActions} ticketRequired={page.tenant.ticketRequired} />
      </Suspense>
    </div>
  );
}
