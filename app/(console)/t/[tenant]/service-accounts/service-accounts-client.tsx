"use client";

// The service accounts list and, for roles holding users.serviceAccounts.manage, marking an account
// (user picker + purpose + Ticket ID) and removing a mark (confirmation). The server decides again.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { unmarkServiceAccount } from "@/app/(console)/t/[tenant]/users/actions";
import { formatDateTime } from "@/components/admin/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { lazyWhileOpen } from "@/components/ui/lazy-open";
import { notify } from "@/components/ui/toaster";
import type { ServiceAccountRow } from "@/lib/users/service-accounts-page";
import type { ServiceAccountReasonKind } from "@/lib/users/service-accounts";

// Loaded when it first opens (mark-dialog.tsx).
const MarkDialog = lazyWhileOpen(() => import("./mark-dialog").then((m) => m.MarkDialog));

const REASON_LABELS: Record<ServiceAccountReasonKind, string> = {
  user_type: "User type",
  group: "Service-account group",
  console_credential: "Console credential",
  well_known: "Well-known",
  manual: "Marked",
};
const REASON_TONES: Record<ServiceAccountReasonKind, "indigo" | "blue" | "amber" | "neutral" | "green"> = {
  console_credential: "amber",
  well_known: "indigo",
  user_type: "blue",
  group: "neutral",
  manual: "green",
};

const STATUS_TONES: Record<string, "green" | "amber" | "red" | "neutral" | "blue"> = {
  ACTIVE: "green",
  PASSWORD_EXPIRED: "amber",
  LOCKED_OUT: "red",
  RECOVERY: "amber",
  SUSPENDED: "amber",
  DEPROVISIONED: "neutral",
  STAGED: "blue",
  PROVISIONED: "blue",
  DELETED: "red",
};

export function ServiceAccountsClient({
  slug,
  tenantName,
  rows,
  canManage,
  ticketRequired,
}: {
  slug: string;
  tenantName: string;
  rows: ServiceAccountRow[];
  canManage: boolean;
  ticketRequired: boolean;
}) {
  const router = useRouter();
  const [markOpen, setMarkOpen] = useState(false);
  const [unmarking, setUnmarking] = useState<ServiceAccountRow | null>(null);
  const base = `/t/${encodeURIComponent(slug)}`;

  const columns = useMemo(() => {
    const col = columnHelper<ServiceAccountRow>();
    return [
      col.accessor("displayName", {
        header: "Account",
        meta: { rowHeader: true, headerClassName: "min-w-[15rem]" },
        cell: ({ row: { original: r } }) => (
          <div className="min-w-0">
            {r.missing ? (
              <span className="font-medium text-slate-900">{r.displayName}</span>
            ) : (
              <Link href={`${base}/users/${encodeURIComponent(r.id)}`} className="font-medium text-indigo-700 hover:underline">
                {r.displayName}
              </Link>
            )}
            <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
              <span className="font-mono text-xs text-slate-500">{r.login}</span>
              <Badge tone={STATUS_TONES[r.status] ?? "neutral"}>{r.statusLabel}</Badge>
            </div>
          </div>
        ),
      }),
      col.display({
        id: "why",
        header: "Why it counts",
        cell: ({ row: { original: r } }) => (
          <ul className="flex flex-wrap gap-1" aria-label="Reasons">
            {r.reasons.map((reason) => (
              <li key={reason.kind}>
                <span title={reason.sentence}>
                  <Badge tone={REASON_TONES[reason.kind]}>{REASON_LABELS[reason.kind]}</Badge>
                  <span className="sr-only">: {reason.sentence}</span>
                </span>
              </li>
            ))}
          </ul>
        ),
      }),
      col.accessor("purpose", {
        header: "Purpose",
        meta: { cellClassName: "max-w-sm text-slate-700" },
        cell: ({ row: { original: r } }) => (
          <div>
            <p className="text-sm">{r.purpose}</p>
            {r.mark ? (
              <p className="mt-0.5 text-xs text-slate-500">
                Marked {formatDateTime(r.mark.markedAt)}
                {r.mark.markedBy ? ` by ${r.mark.markedBy}` : ""}
              </p>
            ) : null}
            {r.missing ? <p className="mt-0.5 text-xs text-rose-700">Okta no longer has this user; only the console&apos;s mark remains.</p> : null}
          </div>
        ),
      }),
      col.accessor("adminRoles", {
        header: "Okta admin roles",
        cell: ({ getValue }) => {
          const roles = getValue();
          if (roles === null) return <span className="text-xs text-amber-800">Unknown (Okta refused to list them)</span>;
          if (roles.length === 0) return <span className="text-slate-400">None</span>;
          return (
            <div className="flex flex-wrap gap-1">
              {roles.map((r) => (
                <Badge key={r} tone="red" className="whitespace-nowrap">
                  {r}
                </Badge>
              ))}
            </div>
          );
        },
      }),
      col.accessor("lastLogin", {
        header: "Last sign-in",
        meta: { headerClassName: "whitespace-nowrap", cellClassName: "whitespace-nowrap text-slate-600 text-xs" },
        cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : <span className="text-slate-400">Never</span>),
      }),
      ...(canManage
        ? [
            col.display({
              id: "actions",
              header: () => <span className="sr-only">Actions</span>,
              meta: { cellClassName: "text-right" },
              cell: ({ row: { original: r } }) =>
                r.mark ? (
                  <Button size="sm" variant="secondary" data-row-action onClick={() => setUnmarking(r)} aria-label={`Unmark ${r.login}`}>
                    Unmark
                  </Button>
                ) : null,
            }),
          ]
        : []),
    ];
  }, [base, canManage]);

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="service-accounts-heading" className="text-base font-semibold text-slate-900" tabIndex={-1}>
          {rows.length} service account{rows.length === 1 ? "" : "s"}
        </h2>
        {canManage ? <Button onClick={() => setMarkOpen(true)}>Mark a service account</Button> : null}
      </div>
      {/* Narrow screens: one card per account (a six-column table does not fit 390 px). */}
      <ul className="space-y-3 md:hidden" aria-label={`Service accounts of ${tenantName}`}>
        {rows.length === 0 ? (
          <li>
            <EmptyState title="No service accounts found">Okta marks none, and nobody marked one here.</EmptyState>
          </li>
        ) : (
          rows.map((r) => (
            <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  {r.missing ? (
                    <p className="font-medium text-slate-900">{r.displayName}</p>
                  ) : (
                    <Link href={`${base}/users/${encodeURIComponent(r.id)}`} className="font-medium text-indigo-700 hover:underline">
                      {r.displayName}
                    </Link>
                  )}
                  <p className="break-all font-mono text-xs text-slate-500">{r.login}</p>
                </div>
                <Badge tone={STATUS_TONES[r.status] ?? "neutral"}>{r.statusLabel}</Badge>
              </div>
              <ul className="mt-2 flex flex-wrap gap-1" aria-label="Reasons">
                {r.reasons.map((reason) => (
                  <li key={reason.kind}>
                    <Badge tone={REASON_TONES[reason.kind]}>{REASON_LABELS[reason.kind]}</Badge>
                    <span className="sr-only">: {reason.sentence}</span>
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-sm text-slate-700">{r.purpose}</p>
              <dl className="mt-3 grid grid-cols-2 gap-2 text-xs">
                <div>
                  <dt className="text-slate-500">Okta admin roles</dt>
                  <dd className="mt-0.5 text-slate-800">{r.adminRoles === null ? "Unknown" : r.adminRoles.length ? r.adminRoles.join(", ") : "None"}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Last sign-in</dt>
                  <dd className="mt-0.5 text-slate-800">{r.lastLogin ? formatDateTime(r.lastLogin) : "Never"}</dd>
                </div>
              </dl>
              {canManage && r.mark ? (
                <div className="mt-3 flex justify-end">
                  <Button size="sm" variant="secondary" onClick={() => setUnmarking(r)} aria-label={`Unmark ${r.login}`}>
                    Unmark
                  </Button>
                </div>
              ) : null}
            </li>
          ))
        )}
      </ul>
      <DataTable
        className="hidden md:block"
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        caption={`Service accounts of ${tenantName}`}
        empty={
          <EmptyState title="No service accounts found">
            Okta marks none (user type, service-account group), the console&apos;s credential has no user, and nobody marked one here.
          </EmptyState>
        }
      />
      {canManage ? (
        <MarkDialog
          open={markOpen}
          onClose={() => setMarkOpen(false)}
          slug={slug}
          ticketRequired={ticketRequired}
          tenantName={tenantName}
          onDone={(login) => {
            setMarkOpen(false);
            notify.success(`${login} is marked as a service account.`);
            router.refresh();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={unmarking !== null}
        onClose={() => setUnmarking(null)}
        title={unmarking ? `Unmark ${unmarking.login}?` : "Unmark"}
        description={
          unmarking ? (
            <>
              The console stops treating it as a service account because of your mark
              {unmarking.reasons.some((r) => r.kind !== "manual")
                ? "; it still counts as one for its other reasons (Okta's user type, the group, a well-known name or the console credential)."
                : ": staff may then change it like any user, within their role."}
            </>
          ) : null
        }
        confirmLabel="Unmark"
        onConfirm={(ticketId) => unmarkServiceAccount(slug, { userId: unmarking!.id, ticketId })}
        successMessage={() => `${unmarking?.login ?? "The account"} is no longer marked.`}
        onDone={() => router.refresh()}
      />
    </>
  );
}
