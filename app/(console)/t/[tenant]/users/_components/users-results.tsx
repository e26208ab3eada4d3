import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { listInput, nextPageHref, pageNumber, previousPageHref, sortHref, usersHref, type UsersFilterParams } from "@/lib/users/filters";
import { usersMarkers, usersPage } from "@/lib/users/list";
import { markersIncomplete } from "@/lib/users/list-markers";
import { dateLabel, hasAnyQuery } from "@/lib/users/list-view";
import { userListQuery } from "@/lib/users/search";
import type { BulkUserAction } from "@/lib/jobs/kinds/bulk-user-action-schema";
import { ResultsError } from "./results-error";
import { UsersTable, type UserRowView } from "./users-table";

const MODE_LABELS = { all: "all users (Okta hides deactivated users here)", q: "q", filter: "filter", search: "search" } as const;

export interface UsersReads {
  page: ReturnType<typeof usersPage>;
  markers: ReturnType<typeof usersMarkers>;
}

/**
 * The list's reads: the page of users (one Okta call) and, beside it (never after it), the privileged
 * markers. The page starts them as soon as its guard allows, not when React reaches the streamed
 * table (a few scheduling turns later, after the frame has rendered). A malformed query makes no Okta
 * call at all: usersPage refuses it before building the gateway, and the markers are not asked for.
 */
export function startUsersReads(slug: string, params: UsersFilterParams, rawParams: Record<string, string | string[] | undefined>): UsersReads {
  const page = usersPage(slug, rawParams);
  const markers: ReturnType<typeof usersMarkers> = userListQuery(listInput(params)).ok
    ? usersMarkers(slug, {})
    : Promise.resolve({ ok: false, code: "invalid", error: "Not read." });
  return { page, markers };
}

/**
 * The streamed part of the list. The markers' promise goes to the table unresolved, so rows show as
 * soon as Okta answers the page and the marker column fills in after.
 */
export async function UsersResults({
  slug,
  params,
  reads,
  bulkActions = [],
  ticketRequired = false,
}: {
  slug: string;
  params: UsersFilterParams;
  reads: UsersReads;
  /** Bulk actions the staff member's role allows (the users list's multi-select). */
  bulkActions?: BulkUserAction[];
  ticketRequired?: boolean;
}) {
  const markersWork = reads.markers;
  const result = await reads.page;
  if (!result.ok) {
    // A refused expression: the parser's sentence (the wrapper refused before building the gateway).
    markersWork.catch(() => undefined);
    const sentence = result.fieldErrors?.search?.[0] ?? result.error;
    if (result.code === "invalid") {
      return (
        <Alert tone="error" title="This search cannot be sent to Okta">
          <p>{sentence}</p>
          <p className="mt-2">
            <a href={usersHref(slug, { ...params, search: undefined })} className="font-medium underline">
              Remove the advanced expression
            </a>
          </p>
        </Alert>
      );
    }
    return <ResultsError message={sentence} retryAfterSeconds={result.retryAfterSeconds} />;
  }
  const data = result.data;
  const now = new Date();
  const rows: UserRowView[] = data.users.map((u) => ({
    ...u,
    href: `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(u.id)}`,
    lastLoginLabel: dateLabel(u.lastLogin, now, true),
    createdLabel: dateLabel(u.created, now),
  }));
  const number = pageNumber(params);

  if (rows.length === 0 && number === 1) {
    markersWork.catch(() => undefined);
    return (
      <EmptyState
        title={hasAnyQuery(params) ? "No users match this search" : "This org has no users yet"}
        action={
          hasAnyQuery(params) ? (
            <ButtonLink href={usersHref(slug, {})} variant="secondary">
              Clear search and filters
            </ButtonLink>
          ) : null
        }
      >
        {hasAnyQuery(params)
          ? data.query.mode === "q"
            ? "Okta's quick search looks at the start of first names, last names and emails, and leaves out deactivated users."
            : "Check the spelling, remove a status filter, or widen the advanced expression."
          : "Users created in Okta appear here."}
      </EmptyState>
    );
  }

  const incomplete = markersWork.then((r) => (r.ok ? markersIncomplete(r.data) : true));
  return (
    <div className="space-y-3">
      {!data.pages && rows.length >= data.limit ? (
        <Alert tone="info">
          Okta&apos;s quick search returns one page of matches only.{" "}
          <a href={sortHref(slug, params, "profile.lastName")} className="font-medium underline">
            Page through all matches
          </a>{" "}
          (sorted by last name).
        </Alert>
      ) : null}
      <UsersTable
        rows={rows}
        slug={slug}
        params={params}
        markers={markersWork}
        limit={data.limit}
        pageNumber={number}
        previousHref={previousPageHref(slug, params)}
        nextHref={nextPageHref(slug, params, data.nextAfter)}
        bulkActions={bulkActions}
        ticketRequired={ticketRequired}
      />
      <details className="text-xs text-slate-500">
        <summary className="cursor-pointer select-none hover:text-slate-700">What Okta was asked</summary>
        <p className="mt-1">
          <span className="font-medium">{MODE_LABELS[data.query.mode]}</span>
          {data.query.expression ? (
            <>
              {" "}
              <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{data.query.expression}</code>
            </>
          ) : null}
          {" · "}
          {data.limit} per page, one request.
          <MarkersNote incomplete={incomplete} />
        </p>
      </details>
    </div>
  );
}

async function MarkersNote({ incomplete }: { incomplete: Promise<boolean> }) {
  return (await incomplete) ? " Some privilege markers could not be read and show as unknown." : null;
}
