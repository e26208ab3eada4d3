import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { groupPageNumber, groupsHref, nextGroupsHref, previousGroupsHref, type GroupsFilterParams } from "@/lib/groups/filters";
import { groupsPage } from "@/lib/groups/list";
import { dateLabel } from "@/lib/users/list-view";
import { GroupsTable, type GroupRowView } from "./groups-table";
import { ReadError } from "./read-error";

const MODE_LABELS = { all: "all groups", q: "q", filter: "filter", search: "search" } as const;

/** The streamed part of the list: one page of groups with their counts (one Okta call). */
export async function GroupsResults({ slug, params }: { slug: string; params: GroupsFilterParams }) {
  const result = await groupsPage(slug, params);
  if (!result.ok) return <ReadError title="The groups could not be read from Okta." message={result.error} retryAfterSeconds={result.retryAfterSeconds} />;
  const data = result.data;
  const number = groupPageNumber(params);
  const filtered = Boolean(params.q || params.type);
  if (data.groups.length === 0 && number === 1) {
    return (
      <EmptyState
        title={filtered ? "No groups match" : "This org has no groups yet"}
        action={
          filtered ? (
            <ButtonLink href={groupsHref(slug, {})} variant="secondary">
              Clear search and filter
            </ButtonLink>
          ) : null
        }
      >
        {filtered ? "Okta matches the start of group names (any case). Check the spelling or choose another type." : "Groups created in Okta appear here."}
      </EmptyState>
    );
  }
  const now = new Date();
  const rows: GroupRowView[] = data.groups.map((g) => ({
    ...g,
    href: `/t/${encodeURIComponent(slug)}/groups/${encodeURIComponent(g.id)}`,
    membershipLabel: dateLabel(g.lastMembershipUpdated, now, true)?.text ?? null,
  }));
  const expression = data.query.mode === "q" ? data.query.q : data.query.mode === "filter" ? data.query.filter : data.query.mode === "search" ? data.query.search : null;
  return (
    <div className="space-y-3">
      {data.query.mode === "q" && rows.length >= data.limit ? (
        <Alert tone="info">Okta&apos;s name search returns one page of matches only: type more of the name to narrow it, or choose a type to page through every match.</Alert>
      ) : null}
      <GroupsTable rows={rows} slug={slug} params={params} limit={data.limit} pageNumber={number} previousHref={previousGroupsHref(slug, params)} nextHref={nextGroupsHref(slug, params, data.nextAfter)} />
      <details className="text-xs text-slate-500">
        <summary className="cursor-pointer select-none hover:text-slate-700">What Okta was asked</summary>
        <p className="mt-1">
          <span className="font-medium">{MODE_LABELS[data.query.mode]}</span>
          {expression ? (
            <>
              {" "}
              <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{expression}</code>
            </>
          ) : null}
          {" · expand=stats · "}
          {data.limit} per page, one request.
        </p>
      </details>
    </div>
  );
}
