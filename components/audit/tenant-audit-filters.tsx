"use client";
// The filters of one org's audit page: a plain GET form (the whole query lands in the URL, ready to
// paste into a ticket; it works before scripts load). The From/To inputs appear for the custom range.

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { TenantAuditParams } from "@/lib/audit-view/tenant-filters";
import { AUDIT_RANGE_LABELS, AUDIT_RANGES, datetimeLocalValue, type AuditRange } from "@/lib/audit-view/tenant-ranges";

const OUTCOMES = [
  { value: "", label: "Any outcome" },
  { value: "success", label: "Success" },
  { value: "failure", label: "Failure" },
  { value: "denied", label: "Denied" },
  { value: "unknown", label: "Outcome unknown" },
];

export function TenantAuditFilters({
  action,
  clearHref,
  params,
  range,
  staff,
  actions,
}: {
  /** The page's own path (the form submits to it). */
  action: string;
  clearHref: string;
  params: TenantAuditParams;
  range: AuditRange;
  staff: Array<{ id: string; label: string }>;
  actions: string[];
}) {
  const [chosen, setChosen] = useState<AuditRange>(range);
  const filtered = Boolean(params.range || params.staff || params.action || params.outcome || params.target || params.ticket || params.seq);
  return (
    <form action={action} method="get" aria-label="Filter the audit log" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4">
      <SelectField
        label="Time"
        name="range"
        value={chosen}
        onChange={(e) => setChosen(e.target.value as AuditRange)}
        options={AUDIT_RANGES.map((r) => ({ value: r, label: AUDIT_RANGE_LABELS[r] }))}
      />
      {chosen === "custom" ? (
        <>
          <TextField label="From (UTC)" name="since" type="datetime-local" defaultValue={datetimeLocalValue(params.since)} />
          <TextField label="To (UTC)" name="until" type="datetime-local" defaultValue={datetimeLocalValue(params.until)} />
        </>
      ) : null}
      <SelectField
        label="Staff member"
        name="staff"
        defaultValue={params.staff ?? ""}
        options={[{ value: "", label: "Anyone" }, ...staff.map((s) => ({ value: s.id, label: s.label }))]}
      />
      <SelectField label="Action" name="action" defaultValue={params.action ?? ""} options={[{ value: "", label: "Any action" }, ...actions.map((a) => ({ value: a, label: a }))]} />
      <SelectField label="Outcome" name="outcome" defaultValue={params.outcome ?? ""} options={OUTCOMES} />
      <TextField label="Target" name="target" defaultValue={params.target ?? ""} placeholder="Okta id or login, exact" maxLength={200} autoComplete="off" />
      <TextField label="Ticket ID" name="ticket" defaultValue={params.ticket ?? ""} placeholder="Exact, e.g. INC-1042" maxLength={64} autoComplete="off" />
      <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-1">
        <Button type="submit">Filter</Button>
        {filtered ? (
          <Link href={clearHref} className="pb-2 text-sm text-indigo-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
