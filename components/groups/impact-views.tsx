// Renders the blast-radius summaries (lib/groups/blast-radius.ts) inside the confirmation dialogs.
import type { DeleteImpact, RemovalImpact } from "@/lib/groups/blast-radius";

export function RemovalImpactView({ impact }: { impact: RemovalImpact }) {
  const losing = impact.users.filter((u) => u.loses.length > 0);
  const unsure = impact.users.filter((u) => u.unknown.length > 0);
  return (
    <section aria-label="What changes" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm">
      {losing.length === 0 && unsure.length === 0 ? (
        <p className="text-slate-700">Nobody loses an app: {impact.groupName} is not their only way to any app.</p>
      ) : null}
      {losing.length ? (
        <ul className="space-y-1.5">
          {losing.map((u) => (
            <li key={u.userId} className="text-slate-800">
              <span className="font-medium">{u.name}</span> loses <span className="font-medium text-rose-700">{u.loses.map((a) => a.label).join(", ")}</span>
              {u.keeps.length ? <span className="text-slate-500"> (keeps {u.keeps.map((a) => `${a.label}, ${a.because}`).join("; ")})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {unsure.length ? (
        <ul className="space-y-1 text-amber-800">
          {unsure.map((u) => (
            <li key={u.userId}>
              {u.name}: could not check {u.unknown.map((a) => a.label).join(", ")}.
            </li>
          ))}
        </ul>
      ) : null}
      {impact.gaps.map((g) => (
        <p key={g} className="text-xs text-slate-500">
          {g}
        </p>
      ))}
    </section>
  );
}

export function DeleteImpactView({ impact }: { impact: DeleteImpact }) {
  return (
    <section aria-label="What changes" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm">
      {impact.warnings.length ? (
        <ul className="list-disc space-y-1.5 pl-5 text-slate-800">
          {impact.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-700">It has no members, apps, rules, policies or admin roles: nothing else changes.</p>
      )}
      {impact.gaps.map((g) => (
        <p key={g} className="text-xs text-amber-800">
          {g}
        </p>
      ))}
    </section>
  );
}

export function ImpactLoading({ what }: { what: string }) {
  return (
    <p role="status" className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm text-slate-600">
      <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" />
      Checking what {what} changes…
    </p>
  );
}
