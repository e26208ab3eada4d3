/** The table's shape while Okta answers. */
export function GroupsSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-busy="true" role="status" aria-label="Loading groups from Okta">
      <div className="flex gap-6 border-b border-slate-200 bg-slate-50 px-3 py-3">
        {[28, 14, 12, 10, 18].map((w, i) => (
          <span key={i} className="h-3 animate-pulse rounded bg-slate-200" style={{ width: `${w * 4}px` }} />
        ))}
      </div>
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex items-center gap-6 px-3 py-3">
            <span className="h-4 w-48 animate-pulse rounded bg-slate-100" />
            <span className="hidden h-5 w-16 animate-pulse rounded-full bg-slate-100 sm:block" />
            <span className="h-4 w-10 animate-pulse rounded bg-slate-100" />
            <span className="h-4 w-10 animate-pulse rounded bg-slate-100" />
          </li>
        ))}
      </ul>
    </div>
  );
}
