"use client";

// The org's group rules: name, status, the condition in words, target groups by name, excluded users;
// for rules.manage: activate (after the live preview), deactivate and delete (with what they change),
// edit (inactive rules only, as Okta requires). The server decides again on every action.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ActivateRuleDialog, DeactivateRuleDialog, DeleteRuleDialog } from "./rule-dialogs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import type { RuleView } from "@/lib/rules/actions";

const STATUS: Record<string, { label: string; tone: "green" | "neutral" | "red" }> = {
  ACTIVE: { label: "Active", tone: "green" },
  INACTIVE: { label: "Inactive", tone: "neutral" },
  INVALID: { label: "Invalid", tone: "red" },
};

function Condition({ rule }: { rule: RuleView }) {
  return rule.words ? (
    <span className="text-sm text-slate-800">{rule.words}</span>
  ) : (
    <span className="block min-w-0">
      <Badge tone="amber">Custom expression</Badge>
      <code className="mt-1 block break-all font-mono text-xs text-slate-600">{rule.expression}</code>
    </span>
  );
}

function Targets({ rule, base }: { rule: RuleView; base: string }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {rule.targetGroups.map((g) => (
        <li key={g.id}>
          {g.name === null ? (
            <span className="text-xs text-rose-700">{g.id} (deleted)</span>
          ) : (
            <Link href={`${base}/groups/${encodeURIComponent(g.id)}`} prefetch={false} className="text-sm text-indigo-700 hover:underline">
              {g.name}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

export function RulesClient({ slug, tenantName, rules, canManage, ticketRequired }: { slug: string; tenantName: string; rules: RuleView[]; canManage: boolean; ticketRequired: boolean }) {
  const router = useRouter();
  const base = `/t/${encodeURIComponent(slug)}`;
  const [activating, setActivating] = useState<RuleView | null>(null);
  const [deactivating, setDeactivating] = useState<RuleView | null>(null);
  const [deleting, setDeleting] = useState<RuleView | null>(null);
  const refresh = () => router.refresh();

  const actionsFor = (r: RuleView) => (
    <div className="flex flex-wrap justify-end gap-1.5">
      {r.status === "ACTIVE" ? (
        <Button size="sm" variant="secondary" data-row-action onClick={() => setDeactivating(r)} aria-label={`Deactivate ${r.name}`}>
          Deactivate
        </Button>
      ) : (
        <Button size="sm" data-row-action onClick={() => setActivating(r)} aria-label={`Activate ${r.name}`} disabled={r.status === "INVALID"} title={r.status === "INVALID" ? "Edit the rule first: Okta marked it invalid." : undefined}>
          Activate
        </Button>
      )}
      {r.status !== "ACTIVE" ? (
        <Button size="sm" variant="ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
          Delete
        </Button>
      ) : null}
    </div>
  );

  const columns = useMemo(() => {
    const col = columnHelper<RuleView>();
    return [
      col.accessor("name", {
        header: "Rule",
        meta: { rowHeader: true, headerClassName: "min-w-[12rem]" },
        cell: ({ row: { original: r } }) => (
          <div className="min-w-0">
            <Link href={`${base}/groups/rules/${encodeURIComponent(r.id)}`} prefetch={false} className="font-medium text-indigo-700 hover:underline">
              {r.name}
            </Link>
            <div className="mt-0.5">
              <Badge tone={STATUS[r.status]?.tone ?? "neutral"}>{STATUS[r.status]?.label ?? r.status}</Badge>
            </div>
          </div>
        ),
      }),
      col.display({ id: "condition", header: "Condition", meta: { cellClassName: "max-w-md" }, cell: ({ row: { original: r } }) => <Condition rule={r} /> }),
      col.display({ id: "targets", header: "Adds people to", cell: ({ row: { original: r } }) => <Targets rule={r} base={base} /> }),
      col.accessor("excludedUserIds", {
        header: "Excluded",
        meta: { cellClassName: "whitespace-nowrap text-sm text-slate-600" },
        cell: ({ getValue }) => (getValue().length ? `${getValue().length} user${getValue().length === 1 ? "" : "s"}` : <span className="text-slate-400">None</span>),
      }),
      ...(canManage
        ? [col.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, meta: { cellClassName: "text-right" }, cell: ({ row: { original: r } }) => actionsFor(r) })]
        : []),
    ];
  }, [base, canManage]);

  const empty = <EmptyState title="No group rules yet">{canManage ? "Create one to put people in a group from their profile." : "Nobody has created a rule in this org."}</EmptyState>;

  return (
    <>
      <h2 className="sr-only">
        {rules.length} group rule{rules.length === 1 ? "" : "s"}
      </h2>
      <ul className="space-y-3 md:hidden" aria-label={`Group rules of ${tenantName}`}>
        {rules.length === 0 ? (
          <li>{empty}</li>
        ) : (
          rules.map((r) => (
            <li key={r.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex items-start justify-between gap-3">
                <Link href={`${base}/groups/rules/${encodeURIComponent(r.id)}`} prefetch={false} className="min-w-0 font-medium text-indigo-700 hover:underline">
                  {r.name}
                </Link>
                <Badge tone={STATUS[r.status]?.tone ?? "neutral"}>{STATUS[r.status]?.label ?? r.status}</Badge>
              </div>
              <Condition rule={r} />
              <div className="flex flex-wrap items-baseline gap-1 text-xs text-slate-500">
                Adds people to <Targets rule={r} base={base} />
              </div>
              {r.excludedUserIds.length ? <p className="text-xs text-slate-500">{r.excludedUserIds.length} excluded</p> : null}
              {canManage ? actionsFor(r) : null}
            </li>
          ))
        )}
      </ul>
      <DataTable className="hidden md:block" columns={columns} data={rules} getRowId={(r) => r.id} caption={`Group rules of ${tenantName}`} empty={empty} />
      <ActivateRuleDialog slug={slug} rule={activating} base={base} ticketRequired={ticketRequired} onClose={() => setActivating(null)} onDone={refresh} />
      <DeactivateRuleDialog slug={slug} rule={deactivating} ticketRequired={ticketRequired} onClose={() => setDeactivating(null)} onDone={refresh} />
      <DeleteRuleDialog slug={slug} rule={deleting} ticketRequired={ticketRequired} onClose={() => setDeleting(null)} onDone={refresh} />
    </>
  );
}
