"use client";
// The app detail page's assignment changes, each behind a confirmation that says what changes first
// (computed live and bounded on the server: lib/apps/impact.ts): assign to a user, assign to a group
// (group-based licensing, how many members receive it and who), unassign a user (do they keep it through
// a group?) and unassign a group (which members lose it: no direct assignment, no other assigned group).
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { previewAppAssignment, assignAppToGroup, assignAppToUser, unassignAppFromGroup, unassignAppFromUser } from "@/app/(console)/t/[tenant]/apps/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AssignGroupPreview, UnassignGroupPreview, UnassignUserPreview } from "@/lib/apps/impact";
import { countText, type MemberLite } from "@/lib/apps/blast-radius";

export interface AppTarget {
  slug: string;
  appId: string;
  label: string;
  ticketRequired: boolean;
}

type Preview<T> = { state: "idle" } | { state: "loading" } | { state: "done"; data: T } | { state: "error"; error: string };

/** Reads a preview whenever `input` changes (null: nothing to preview yet). */
function usePreview<T>(slug: string, input: Record<string, string> | null): Preview<T> {
  const key = input ? JSON.stringify(input) : null;
  const [result, setResult] = useState<{ key: string; preview: Preview<T> } | null>(null);
  useEffect(() => {
    if (!key) return;
    let live = true;
    previewAppAssignment(slug, JSON.parse(key)).then(
      (r) => {
        if (!live) return;
        const data = r.ok ? (r.data as { found: boolean; reason?: string }) : null;
        const preview: Preview<T> = !r.ok ? { state: "error", error: r.error } : data?.found ? { state: "done", data: r.data as T } : { state: "error", error: data?.reason ?? "Not found." };
        setResult({ key, preview });
      },
      () => live && setResult({ key, preview: { state: "error", error: "The preview could not be loaded." } }),
    );
    return () => {
      live = false;
    };
  }, [slug, key]);
  if (!key) return { state: "idle" };
  return result?.key === key ? result.preview : { state: "loading" };
}

function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="text-sm text-slate-500" aria-live="polite">
      {children}
    </p>
  );
}

function Sample({ title, members }: { title: string; members: MemberLite[] }) {
  if (!members.length) return null;
  return (
    <div>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</p>
      <ul className="mt-1 space-y-0.5">
        {members.map((m) => (
          <li key={m.id} className="truncate text-sm text-slate-800">
            {m.displayName} <span className="text-slate-500">{m.login}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "1 member", "12 members", "200+ members". */
function members(n: number, more: boolean): string {
  return `${countText(n, more)} ${n === 1 && !more ? "member" : "members"}`;
}

function useRefresh() {
  const router = useRouter();
  return () => router.refresh();
}

// ---------------------------------------------------------------------------------------------------

export function AssignUserButton({ target }: { target: AppTarget }) {
  const [open, setOpen] = useState(false);
  const [user, setUser] = useState<ComboboxOption[]>([]);
  const source = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(target.slug)}/users/lookup`), [target.slug]);
  const refresh = useRefresh();
  const picked = user[0];
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Assign to user
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setUser([]);
        }}
        title={`Assign ${target.label} to a user`}
        description="The person gets the app on their Okta dashboard; if the app provisions accounts, Okta creates theirs."
        confirmLabel="Assign"
        tone="primary"
        ticketRequired={target.ticketRequired}
        confirmDisabled={!picked}
        onConfirm={(ticketId) => assignAppToUser(target.slug, { appId: target.appId, userId: picked?.id ?? "", ticketId })}
        successMessage={`${target.label} assigned to ${picked?.label ?? "the user"}.`}
        onDone={refresh}
      >
        <LazyCombobox label="User" noun="users" source={source} value={user} onChange={setUser} placeholder="Name or email…" />
      </ConfirmDialog>
    </>
  );
}

export function AssignGroupButton({ target }: { target: AppTarget }) {
  const [open, setOpen] = useState(false);
  const [group, setGroup] = useState<ComboboxOption[]>([]);
  const source = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(target.slug)}/groups/lookup`), [target.slug]);
  const refresh = useRefresh();
  const picked = group[0];
  const preview = usePreview<AssignGroupPreview>(target.slug, open && picked ? { kind: "assign_group", appId: target.appId, groupId: picked.id } : null);
  const ready = preview.state === "done" && !preview.data.alreadyAssigned;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Assign to group
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setGroup([]);
        }}
        title={`Assign ${target.label} to a group`}
        description={
          <>
            Group-based licensing: every member of the group gets {target.label}, and so does anyone who joins the group later. If {target.label} provisions accounts,
            each of them gets an account (and the licence that comes with it); removing someone from the group takes it away again.
          </>
        }
        confirmLabel={preview.state === "done" ? `Assign to ${members(preview.data.impact.willReceive, preview.data.impact.membersMore)}` : "Assign"}
        tone="primary"
        ticketRequired={target.ticketRequired}
        confirmDisabled={!ready}
        onConfirm={(ticketId) => assignAppToGroup(target.slug, { appId: target.appId, groupId: picked?.id ?? "", ticketId })}
        successMessage={`${target.label} assigned to ${picked?.label ?? "the group"}.`}
        onDone={refresh}
      >
        <div className="space-y-3">
          <LazyCombobox label="Group" noun="groups" source={source} value={group} onChange={setGroup} placeholder="Group name…" />
          {preview.state === "loading" ? <Loading>Counting the group&apos;s members…</Loading> : null}
          {preview.state === "error" ? <Alert tone="error">{preview.error}</Alert> : null}
          {preview.state === "done" ? <AssignGroupImpact label={target.label} preview={preview.data} /> : null}
        </div>
      </ConfirmDialog>
    </>
  );
}

function AssignGroupImpact({ label, preview }: { label: string; preview: AssignGroupPreview }) {
  const i = preview.impact;
  if (preview.alreadyAssigned) return <Alert tone="info">{label} is already assigned to {preview.group.name}.</Alert>;
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
      <p className="text-sm text-slate-900" role="status">
        <strong>{countText(i.willReceive, i.membersMore)}</strong> of {members(i.members, i.membersMore)} of {preview.group.name} will receive {label}
        {i.alreadyHave ? `; ${i.alreadyHave} already have it` : ""}.
      </p>
      {!i.exact ? <p className="text-xs text-slate-500">Counted from the first {i.members} members; the group or the app has more than the console reads at once.</p> : null}
      <Sample title="For example" members={i.sample} />
    </div>
  );
}

export function UnassignGroupButton({ target, groupId, groupName }: { target: AppTarget; groupId: string; groupName: string }) {
  const [open, setOpen] = useState(false);
  const refresh = useRefresh();
  const preview = usePreview<UnassignGroupPreview>(target.slug, open ? { kind: "unassign_group", appId: target.appId, groupId } : null);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Unassign ${groupName}`}>
        Unassign
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Unassign ${target.label} from ${groupName}?`}
        description="Members who have no other path to the app lose it, and with it their account and licence if the app provisions them."
        confirmLabel={preview.state === "done" ? `Unassign (${countText(preview.data.impact.lose, preview.data.impact.membersMore)} lose it)` : "Unassign"}
        ticketRequired={target.ticketRequired}
        confirmDisabled={preview.state !== "done"}
        onConfirm={(ticketId) => unassignAppFromGroup(target.slug, { appId: target.appId, groupId, ticketId })}
        successMessage={`${target.label} unassigned from ${groupName}.`}
        onDone={refresh}
      >
        {preview.state === "loading" ? <Loading>Working out who loses it…</Loading> : null}
        {preview.state === "error" ? <Alert tone="error">{preview.error}</Alert> : null}
        {preview.state === "done" ? <UnassignGroupImpact label={target.label} preview={preview.data} /> : null}
      </ConfirmDialog>
    </>
  );
}

function UnassignGroupImpact({ label, preview }: { label: string; preview: UnassignGroupPreview }) {
  const i = preview.impact;
  return (
    <div className="space-y-2 rounded-md bg-amber-50 p-3 ring-1 ring-inset ring-amber-200">
      <p className="text-sm text-amber-950" role="status">
        <strong>{countText(i.lose, i.membersMore)}</strong> of {members(i.members, i.membersMore)} lose {label}.
        {i.keepDirect ? ` ${i.keepDirect} keep it (assigned directly).` : ""}
        {i.keepThroughOtherGroup ? ` ${i.keepThroughOtherGroup} keep it through ${preview.otherGroups.length === 1 ? preview.otherGroups[0] : "other groups"}.` : ""}
      </p>
      {!i.exact ? <p className="text-xs text-amber-900">Worked out from a bounded read (the group, the app or its other groups have more than the console reads at once): treat the count as an estimate.</p> : null}
      <Sample title="Who loses it, for example" members={i.loseSample} />
    </div>
  );
}

export function UnassignUserButton({ target, userId, name }: { target: AppTarget; userId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const refresh = useRefresh();
  const preview = usePreview<UnassignUserPreview>(target.slug, open ? { kind: "unassign_user", appId: target.appId, userId } : null);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Unassign ${name}`}>
        Unassign
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Unassign ${target.label} from ${name}?`}
        confirmLabel="Unassign"
        ticketRequired={target.ticketRequired}
        confirmDisabled={preview.state !== "done" || preview.data.impact.kind === "group_only" || preview.data.impact.kind === "not_assigned"}
        onConfirm={(ticketId) => unassignAppFromUser(target.slug, { appId: target.appId, userId, ticketId })}
        successMessage={(d) => (d.keptThroughGroups ? `${name}'s direct assignment was removed; they keep ${target.label} through a group.` : `${target.label} unassigned from ${name}.`)}
        onDone={refresh}
      >
        {preview.state === "loading" ? <Loading>Checking their other paths to the app…</Loading> : null}
        {preview.state === "error" ? <Alert tone="error">{preview.error}</Alert> : null}
        {preview.state === "done" ? <UserImpact label={target.label} name={name} preview={preview.data} /> : null}
      </ConfirmDialog>
    </>
  );
}

function UserImpact({ label, name, preview }: { label: string; name: string; preview: UnassignUserPreview }) {
  const via = preview.viaGroups.join(", ");
  switch (preview.impact.kind) {
    case "loses":
      return (
        <Alert tone="warning" title={`${name} loses ${label}`}>
          They have it through no group, so the app leaves their dashboard, and their account and licence go if the app provisions them.
        </Alert>
      );
    case "keeps":
      return (
        <Alert tone="info" title={`${name} keeps ${label} through ${via}`}>
          Only the direct assignment is removed.
        </Alert>
      );
    case "group_only":
      return (
        <Alert tone="info" title={`${name} has ${label} only through ${via || "a group"}`}>
          There is no direct assignment to remove: take them out of the group, or unassign the group.
        </Alert>
      );
    case "not_assigned":
      return <Alert tone="info">{name} is not assigned {label}.</Alert>;
  }
}
