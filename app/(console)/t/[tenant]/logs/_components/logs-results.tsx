import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { logsPage } from "@/lib/logs/actions";
import { logsNextHref, logsPreviousHref, logViewerHref, type LogViewerParams } from "@/lib/logs/href";
import { RANGE_LABELS, type LogUrlParams } from "@/lib/logs/query";
import { LogsEvents } from "./logs-events";

/** The query without the page position. */
function queryOf(params: LogUrlParams): LogViewerParams {
  const query: LogUrlParams = { ...params };
  delete query.after;
  delete query.prev;
  return query;
}

/**
 * The streamed part: one page of events (one Okta request) joined to this org's audit rows. A refused
 * query made no Okta call; its sentence shows here, next to a way out.
 */
/**
 * The page of events (one Okta call). The page starts it as soon as its guard allows, not when React
 * reaches the streamed results (a few scheduling turns later, after the frame has rendered).
 */
export function startLogsRead(slug: string, params: LogUrlParams): ReturnType<typeof logsPage> {
  return logsPage(slug, { ...queryOf(params), after: params.after });
}

export async function LogsResults({ slug, params, read }: { slug: string; params: LogUrlParams; read: ReturnType<typeof logsPage> }) {
  const query = queryOf(params);
  const result = await read;
  if (!result.ok) {
    if (result.code === "invalid") {
      const sentences = Object.values(result.fieldErrors ?? {}).flat();
      return (
        <Alert tone="error" title="This search cannot be sent to Okta">
          {(sentences.length ? sentences : [result.error]).map((s) => (
            <p key={s}>{s}</p>
          ))}
          <p className="mt-2">
            <a href={logViewerHref(slug, {})} className="font-medium underline">
              Start over with the last 24 hours
            </a>
          </p>
        </Alert>
      );
    }
    return (
      <Alert tone="error" title="The System Log could not be read from Okta">
        <p>{result.error}</p>
        {result.retryAfterSeconds ? <p className="mt-1">Try again in {result.retryAfterSeconds} seconds.</p> : null}
        <p className="mt-2">
          <a href={logViewerHref(slug, query, { after: params.after, prev: params.prev })} className="font-medium underline">
            Try again
          </a>
        </p>
      </Alert>
    );
  }
  const data = result.data;
  const first = !params.after;
  const filtered = Object.keys(query).some((k) => k !== "range");
  const notes = [...data.notes];
  if (data.serviceAccounts) {
    notes.push(
      data.serviceAccounts.count === 0
        ? "This org has no service accounts the console knows of, so nothing can match."
        : `Events of ${data.serviceAccounts.count} service account${data.serviceAccounts.count === 1 ? "" : "s"}${data.serviceAccounts.truncated ? " (more exist; only these are included)" : ""}.`,
    );
  }
  return (
    <div className="space-y-3">
      {notes.map((n) => (
        <Alert key={n} tone="info">
          {n}
        </Alert>
      ))}
      {data.events.length === 0 && first ? (
        <EmptyState
          title="No events match"
          action={
            filtered ? (
              <ButtonLink href={logViewerHref(slug, { range: query.range, since: query.since, until: query.until })} variant="secondary">
                Clear filters
              </ButtonLink>
            ) : query.range !== "7d" ? (
              <ButtonLink href={logViewerHref(slug, { ...query, range: "7d" })} variant="secondary">
                Search the last 7 days
              </ButtonLink>
            ) : null
          }
        >
          {RANGE_LABELS[query.range ?? "24h"] ?? "This range"}: Okta recorded nothing that matches. Widen the time range or remove a filter.
        </EmptyState>
      ) : null}
      <LogsEvents
        slug={slug}
        query={query}
        initial={data.events}
        firstPage={first}
        limit={data.limit}
        previousHref={logsPreviousHref(slug, query, params)}
        nextHref={logsNextHref(slug, query, params, data.nextAfter)}
        okta={data.okta}
      />
    </div>
  );
}
