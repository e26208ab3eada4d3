"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { columnHelper, DataTable } from "@/components/ui/data-table";
import { CREDENTIAL_TYPE_LABELS, MASTERY_LABELS, type CredentialType, type Mastery } from "@/lib/tenants/labels";

/** What the list shows of an org: display fields only (never credential details). */
export interface OrgRow {
  id: string;
  slug: string;
  name: string;
  orgUrl: string;
  mastery: string;
  tags: string[];
  archived: boolean;
  ticketRequired: boolean;
  credentialType: string;
}

const col = columnHelper<OrgRow>();
const columns = [
  col.accessor("name", {
    header: "Org",
    cell: ({ row: { original: o } }) => (
      <>
        <Link href={`/settings/orgs/${o.id}`} className="font-medium text-indigo-700 hover:underline">
          {o.name}
        </Link>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <span className="font-mono">{o.slug}</span>
          {o.archived ? <Badge tone="amber">Archived</Badge> : null}
          {o.ticketRequired ? <Badge tone="blue">Ticket required</Badge> : null}
        </div>
      </>
    ),
  }),
  col.accessor("orgUrl", { header: "Okta URL", meta: { cellClassName: "font-mono text-xs text-slate-600" } }),
  col.accessor("mastery", {
    header: "Users mastered in",
    meta: { cellClassName: "whitespace-nowrap text-slate-700" },
    cell: ({ getValue }) => MASTERY_LABELS[getValue() as Mastery] ?? getValue(),
  }),
  col.accessor("tags", {
    header: "Tags",
    cell: ({ getValue }) => (
      <div className="flex flex-wrap gap-1">
        {getValue().length === 0 ? <span className="text-slate-400">—</span> : getValue().map((t) => <Badge key={t}>{t}</Badge>)}
      </div>
    ),
  }),
  col.accessor("credentialType", {
    header: "Sign-in",
    meta: { cellClassName: "whitespace-nowrap text-slate-600" },
    cell: ({ getValue }) => CREDENTIAL_TYPE_LABELS[getValue() as CredentialType] ?? getValue(),
  }),
];

export function OrgsTable({ orgs, empty }: { orgs: OrgRow[]; empty: ReactNode }) {
  return <DataTable columns={columns} data={orgs} getRowId={(o) => o.id} caption={`Customer orgs (${orgs.length})`} empty={empty} />;
}
