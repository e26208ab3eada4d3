/** The table's shape while Okta answers (the shell and the search are already there). */
export function UsersSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-busy="true" role="status" aria-label="Loading users from Okta">
      <div className="flex gap-6 border-b border-slate-200 bg-slate-50 px-3 py-3">
        {[24, 20, 14, 12, 16, 14, 12].map((w, i) => (
          <span key={i} className="h-3 animate-pulse rounded bg-slate-200" style={{ width: `${w * 4}px` }} />
        ))}
      </div>
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex items-center gap-6 px-3 py-3">
            <span className="h-4 w-40 animate-pulse rounded bg-slate-100" />
            <span className="h-4 w-48 animate-pulse rounded bg-slate-100" />
            <span className="h-5 w-16 animate-pulse rounded-full bg-slate-100" />
            <span className="hidden h-4 w-20 animate-pulse rounded bg-slate-100 md:block" />
            <span className="hidden h-4 w-24 animate-pulse rounded bg-slate-100 lg:block" />
            <span className="hidden h-4 w-20 animate-pulse rounded bg-slate-100 lg:block" />
          </li>
        ))}
      </ul>
    </div>
  );
}
