export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading the audit log">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-36 w-full animate-pulse rounded-lg bg-slate-100" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-10 w-full animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
