/** The list's shape while Okta answers (the search is already there). */
export function LogsSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-busy="true" role="status" aria-label="Loading events from Okta">
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex flex-wrap items-center gap-4 px-4 py-3">
            <span className="h-4 w-28 animate-pulse rounded bg-slate-100" />
            <span className="h-4 w-56 animate-pulse rounded bg-slate-100" />
            <span className="h-5 w-16 animate-pulse rounded-full bg-slate-100" />
            <span className="hidden h-4 w-40 animate-pulse rounded bg-slate-100 md:block" />
          </li>
        ))}
      </ul>
    </div>
  );
}
