"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { GROUP_TYPE_LABELS, GROUP_TYPES, groupsHref, type GroupsFilterParams, type GroupTypeFilter } from "@/lib/groups/filters";

const CONTROL =
  "block h-9 rounded-md border-0 bg-white text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

/** The list's search box (Okta's q: names starting with it) and type filter; the URL holds both. */
export function GroupsSearch({ slug, params }: { slug: string; params: GroupsFilterParams }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(params.q ?? "");
  const go = (next: GroupsFilterParams) => startTransition(() => router.push(groupsHref(slug, next)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...params, q: text.trim() || undefined, after: undefined, prev: undefined });
  };
  return (
    <form role="search" aria-label="Search groups" onSubmit={submit} className="flex flex-wrap items-end gap-3">
      <label className="min-w-0 flex-1 basis-64">
        <span className="mb-1 block text-sm font-medium text-slate-700">Group name starts with</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={100} placeholder="e.g. Users – Sales" className={`${CONTROL} w-full px-3`} />
      </label>
      <label>
        <span className="mb-1 block text-sm font-medium text-slate-700">Type</span>
        <select
          value={params.type ?? ""}
          onChange={(e) => go({ ...params, q: text.trim() || undefined, type: (e.target.value || undefined) as GroupTypeFilter | undefined, after: undefined, prev: undefined })}
          className={`${CONTROL} py-0 pl-3 pr-8`}
        >
          <option value="">All types</option>
          {GROUP_TYPES.map((t) => (
            <option key={t} value={t}>
              {GROUP_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? "Searching…" : "Search"}
      </Button>
      {params.q || params.type ? (
        <Button variant="secondary" disabled={pending} onClick={() => { setText(""); go({}); }}>
          Clear
        </Button>
      ) : null}
    </form>
  );
}
