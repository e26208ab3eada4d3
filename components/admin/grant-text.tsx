import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { GrantScope, GrantSource } from "@/lib/staff/service";

export function ScopeText({ scope }: { scope: GrantScope }) {
  if (scope.kind === "all") return <span>all orgs</span>;
  if (scope.kind === "tag") {
    return (
      <span>
        orgs tagged <Badge tone="blue">{scope.tag}</Badge>
      </span>
    );
  }
  if (scope.orgs.length === 0) return <span className="text-slate-400">no orgs</span>;
  return (
    <span>
      {scope.orgs.map((o, i) => (
        <span key={o.slug}>
          {i > 0 ? ", " : null}
          <span className={o.archived ? "text-slate-400 line-through" : undefined} title={o.archived ? "Archived org" : o.slug}>
            {o.name}
          </span>
        </span>
      ))}
    </span>
  );
}

export function SourceText({ source, link = true }: { source: GrantSource; link?: boolean }) {
  if (source.kind === "direct") return <span className="text-slate-500">direct</span>;
  return (
    <span className="text-slate-500">
      team{" "}
      {link ? (
        <Link href={`/settings/teams/${source.teamId}`} className="font-medium text-indigo-700 hover:underline">
          {source.teamName}
        </Link>
      ) : (
        <span className="font-medium text-slate-700">{source.teamName}</span>
      )}
      {source.viaGroup ? <> (via {source.viaGroup})</> : null}
    </span>
  );
}
