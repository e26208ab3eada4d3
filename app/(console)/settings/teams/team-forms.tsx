"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { focusAfterRowRemoval } from "@/components/ui/focus-after-removal";
import { notify } from "@/components/ui/toaster";
import { ALL_ORG_ROLES, ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/rbac/permissions";
import { OIDC_GROUP_HINT, TEAM_SCOPE_LABELS, TEAM_SCOPE_TYPES, UNION_RULE_TEXT, type TeamScopeType } from "@/lib/teams/schemas";
import { addTeamMemberAction, createTeamAction, deleteTeamAction, removeTeamMemberAction, updateTeamAction } from "./actions";

type FieldErrors = Record<string, string[] | undefined>;

export interface TeamFormValues {
  id?: string;
  name: string;
  description: string;
  role: Role;
  scopeType: TeamScopeType;
  tenantIds: string[];
  scopeTag: string;
  oidcGroup: string;
}

export function TeamForm({
  initial,
  tenants,
  tags,
}: {
  initial: TeamFormValues;
  tenants: Array<{ id: string; name: string; slug: string }>;
  tags: string[];
}) {
  const router = useRouter();
  const [role, setRole] = useState<Role>(initial.role);
  const [scopeType, setScopeType] = useState<TeamScopeType>(initial.scopeType);
  const [selected, setSelected] = useState<Set<string>>(new Set(initial.tenantIds));
  const [orgFilter, setOrgFilter] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();
  const allOrgRole = ALL_ORG_ROLES.includes(role);
  const effectiveScope: TeamScopeType = allOrgRole ? "all" : scopeType;
  const shownTenants = useMemo(() => {
    const q = orgFilter.trim().toLowerCase();
    return q ? tenants.filter((t) => t.name.toLowerCase().includes(q) || t.slug.includes(q)) : tenants;
  }, [tenants, orgFilter]);

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const input = {
          ...(initial.id ? { id: initial.id } : {}),
          name: form.get("name"),
          description: form.get("description"),
          role,
          scopeType: effectiveScope,
          tenantIds: effectiveScope === "orgs" ? [...selected] : [],
          scopeTag: effectiveScope === "tag" ? form.get("scopeTag") : undefined,
          oidcGroup: form.get("oidcGroup"),
          ticketId: form.get("ticketId"),
        };
        setError(null);
        startTransition(async () => {
          const result = initial.id ? await updateTeamAction(input) : await createTeamAction(input);
          if (!result.ok) {
            setError(result.error);
            setFieldErrors(result.fieldErrors ?? {});
            return;
          }
          setFieldErrors({});
          if (initial.id) {
            notify.success("Team saved.");
            router.refresh();
          } else router.push(`/settings/teams/${result.data.id}`);
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={initial.name} required maxLength={80} errors={fieldErrors.name} />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          hint={ROLE_DESCRIPTIONS[role]}
          errors={fieldErrors.role}
        />
      </div>
      <TextAreaField label="Description (optional)" name="description" defaultValue={initial.description} rows={2} maxLength={500} className="font-sans" errors={fieldErrors.description} />

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Orgs</legend>
        <p className="text-xs text-slate-500">
          {allOrgRole ? `${ROLE_LABELS[role]} always applies to all orgs.` : "Where members get this role."}
        </p>
        <div className="mt-2 flex flex-wrap gap-4">
          {TEAM_SCOPE_TYPES.map((s) => (
            <label key={s} className={cn("flex items-center gap-2 text-sm", allOrgRole && s !== "all" ? "text-slate-400" : "text-slate-800")}>
              <input
                type="radio"
                name="scopeType"
                value={s}
                checked={effectiveScope === s}
                disabled={allOrgRole && s !== "all"}
                onChange={() => setScopeType(s)}
                className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              {TEAM_SCOPE_LABELS[s]}
            </label>
          ))}
        </div>

        {effectiveScope === "orgs" ? (
          <div className="mt-3 rounded-md border border-slate-200">
            <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-3 py-2">
              <label htmlFor="team-org-filter" className="sr-only">
                Filter orgs
              </label>
              <input
                id="team-org-filter"
                type="search"
                value={orgFilter}
                onChange={(e) => setOrgFilter(e.target.value)}
                placeholder="Filter orgs"
                className="w-56 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
              />
              <span className="text-xs text-slate-500" aria-live="polite">
                {selected.size} selected
              </span>
            </div>
            {tenants.length === 0 ? (
              <p className="px-3 py-4 text-sm text-slate-500">No active org yet. Add orgs under Settings → Orgs.</p>
            ) : (
              <ul className="max-h-56 overflow-y-auto px-3 py-2" aria-label="Orgs in this team's scope">
                {shownTenants.map((t) => (
                  <li key={t.id}>
                    <label className="flex items-center gap-2 py-1 text-sm text-slate-800">
                      <input
                        type="checkbox"
                        checked={selected.has(t.id)}
                        onChange={() => toggle(t.id)}
                        className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                      />
                      {t.name} <span className="text-xs text-slate-500">{t.slug}</span>
                    </label>
                  </li>
                ))}
                {shownTenants.length === 0 ? <li className="py-1 text-sm text-slate-500">No org matches.</li> : null}
              </ul>
            )}
            {fieldErrors.tenantIds?.length ? <p role="alert" className="px-3 pb-2 text-xs text-rose-700">{fieldErrors.tenantIds.join(" ")}</p> : null}
          </div>
        ) : null}

        {effectiveScope === "tag" ? (
          <div className="mt-3 max-w-xs">
            {tags.length === 0 ? (
              <p className="text-sm text-slate-500">No org carries a tag yet. Add tags to orgs under Settings → Orgs.</p>
            ) : (
              <SelectField
                label="Tag"
                name="scopeTag"
                defaultValue={initial.scopeTag || tags[0]}
                options={tags.map((t) => ({ value: t, label: t }))}
                hint="Members get the role in every org carrying this tag, including orgs tagged later."
                errors={fieldErrors.scopeTag}
              />
            )}
          </div>
        ) : null}
      </fieldset>

      <div className="max-w-md">
        <TextField
          label="Bound MSP group (optional)"
          name="oidcGroup"
          defaultValue={initial.oidcGroup}
          maxLength={200}
          autoComplete="off"
          placeholder="e.g. MSP-Helpdesk"
          hint={`${OIDC_GROUP_HINT} (the groups claim of the ID token). Leave empty to manage members by hand only.`}
          errors={fieldErrors.oidcGroup}
        />
      </div>

      <div className="max-w-xs">
        <TextField label="Ticket ID (optional)" name="ticketId" maxLength={64} autoComplete="off" errors={fieldErrors.ticketId} />
      </div>

      <Alert tone="info">{UNION_RULE_TEXT}</Alert>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : initial.id ? "Save team" : "Create team"}
        </Button>
      </div>
    </form>
  );
}

export function DeleteTeamButton({ teamId, name, memberCount }: { teamId: string; name: string; memberCount: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete team
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${name}?`}
        description={
          memberCount > 0
            ? `Its ${memberCount} member(s) lose the access this team gives them, from their next request. Direct grants and other teams are unchanged.`
            : "The team has no members."
        }
        confirmLabel="Delete team"
        onConfirm={(ticketId) => deleteTeamAction({ id: teamId, ticketId })}
        onDone={() => router.push("/settings/teams")}
      />
    </>
  );
}

export interface MemberRow {
  staffId: string;
  name: string;
  email: string;
  status: string;
  source: "manual" | "oidc";
}

export function TeamMembers({
  teamId,
  teamName,
  oidcGroup,
  members,
  candidates,
  canManage,
  headingId,
}: {
  teamId: string;
  teamName: string;
  /** The id of the list's heading: focus lands there when the last removable member goes. */
  headingId: string;
  oidcGroup: string | null;
  members: MemberRow[];
  candidates: Array<{ id: string; name: string; email: string }>;
  canManage: boolean;
}) {
  const router = useRouter();
  const [pick, setPick] = useState(candidates[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div>
      {members.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">
          No members yet.{oidcGroup ? ` Staff in “${oidcGroup}” join at their next sign-in.` : ""}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {members.map((m) => (
            <li key={m.staffId} data-row-key={m.staffId} className="flex items-center justify-between gap-4 px-5 py-2.5 text-sm">
              <div className="min-w-0">
                <Link href={`/settings/staff/${m.staffId}`} className="font-medium text-indigo-700 hover:underline">
                  {m.name}
                </Link>
                <span className="ml-2 text-xs text-slate-500">{m.email}</span>
                {m.status === "disabled" ? <span className="ml-2 text-xs text-rose-700">(disabled)</span> : null}
              </div>
              {m.source === "oidc" ? (
                <span className="shrink-0 text-xs text-slate-500" title="Follows the MSP group; change membership in your MSP's Okta">
                  via {oidcGroup ?? "MSP group"}
                </span>
              ) : canManage ? (
                <Button size="sm" variant="ghost" aria-label={`Remove ${m.name} from ${teamName}`} onClick={() => setRemoving(m)} data-row-action>
                  Remove
                </Button>
              ) : (
                <span className="shrink-0 text-xs text-slate-500">added by hand</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <form
          className="flex flex-wrap items-end gap-2 border-t border-slate-200 px-5 py-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!pick) return;
            setError(null);
            startTransition(async () => {
              const result = await addTeamMemberAction({ teamId, staffId: pick });
              if (!result.ok) setError(result.error);
              else {
                const added = candidates.find((c) => c.id === pick);
                notify.success(`${added?.name ?? "Member"} added to ${teamName}.`);
                router.refresh();
              }
            });
          }}
        >
          {candidates.length === 0 ? (
            <p className="text-sm text-slate-500">Every staff member is already in this team.</p>
          ) : (
            <>
              <div className="w-72">
                <SelectField
                  label="Add a member"
                  name="staffId"
                  value={pick}
                  onChange={(e) => setPick(e.target.value)}
                  options={candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` }))}
                />
              </div>
              <Button type="submit" variant="secondary" disabled={pending || !pick}>
                {pending ? "Adding…" : "Add"}
              </Button>
            </>
          )}
          {error ? (
            <div className="w-full">
              <Alert tone="error">{error}</Alert>
            </div>
          ) : null}
        </form>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${teamName}?`}
        description="They lose the access this team gives them from their next request. Direct grants and other teams are unchanged."
        confirmLabel="Remove member"
        onConfirm={(ticketId) => removeTeamMemberAction({ teamId, staffId: removing?.staffId ?? "", ticketId })}
        successMessage={`${removing?.name ?? "Member"} removed from ${teamName}.`}
        onDone={() => {
          // The row goes with the refresh: focus moves to the next member's Remove, or the heading.
          if (removing) focusAfterRowRemoval(removing.staffId, headingId);
          router.refresh();
        }}
      />
    </div>
  );
}
