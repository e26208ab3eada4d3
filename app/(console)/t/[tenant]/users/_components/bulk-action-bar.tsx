"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CheckboxField } from "@/components/ui/field";
import { BULK_ACTION_LABELS, type BulkUserAction } from "@/lib/jobs/kinds/bulk-user-action-labels";
import { startBulkUserAction } from "../../jobs/actions";

export interface SelectedUser {
  userId: string;
  login: string;
  displayName: string;
}

const DESCRIPTIONS: Record<BulkUserAction, string> = {
  reset_password: "Okta emails each of them a reset link; they cannot sign in until they finish the reset.",
  reset_mfa: "Removes every enrolled MFA factor; they enroll again at their next sign-in.",
  clear_sessions: "Signs them out of Okta everywhere.",
  suspend: "Blocks their sign-in until unsuspended; groups and app assignments are kept.",
  deactivate: "Stops their sign-in and unassigns every app, which may delete their data in those apps.",
  add_to_group: "Adds each of them to the group.",
  remove_from_group: "Removes each of them from the group.",
  assign_app: "Assigns the app to each of them directly.",
};

const DESTRUCTIVE = new Set<BulkUserAction>(["reset_password", "reset_mfa", "suspend", "deactivate", "remove_from_group"]);

/**
 * The users list's action bar for the selected people: one button per bulk action the staff member's
 * role allows (the server checks again, and each item is checked when it runs). The confirmation says
 * how many people, takes the Ticket ID, creates a job and goes to its page.
 */
export function BulkActionBar({
  slug,
  selected,
  actions,
  ticketRequired,
  onClear,
}: {
  slug: string;
  selected: SelectedUser[];
  actions: BulkUserAction[];
  ticketRequired: boolean;
  onClear: () => void;
}) {
  const router = useRouter();
  const [action, setAction] = useState<BulkUserAction | null>(null);
  const [picked, setPicked] = useState<ComboboxOption[]>([]);
  const [revokeTokens, setRevokeTokens] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const groupSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/groups/lookup`), [slug]);
  const appSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/jobs/app-lookup`), [slug]);
  const n = selected.length;
  if (n === 0) return null;
  const people = `${n} user${n === 1 ? "" : "s"}`;
  const needsGroup = action === "add_to_group" || action === "remove_from_group";
  const needsApp = action === "assign_app";
  const close = () => {
    setAction(null);
    setPicked([]);
    setRevokeTokens(false);
    setFieldErrors({});
  };

  return (
    <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2">
      <p className="mr-2 text-sm font-medium text-indigo-900" aria-live="polite">
        {people} selected
      </p>
      {actions.map((a) => (
        <Button key={a} size="sm" variant={a === "deactivate" ? "danger" : "secondary"} onClick={() => setAction(a)}>
          {BULK_ACTION_LABELS[a]}
        </Button>
      ))}
      {/* Offboarding (several steps per person) has its own wizard. users.offboard goes to the same roles as
          deactivation (users.lifecycle); the wizard's page and action check users.offboard itself. */}
      {actions.includes("deactivate") ? (
        <ButtonLink size="sm" variant="secondary" href={`/t/${encodeURIComponent(slug)}/users/offboard?users=${selected.map((u) => encodeURIComponent(u.userId)).join(",")}`}>
          Offboard…
        </ButtonLink>
      ) : null}
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>

      <ConfirmDialog
        open={action !== null}
        onClose={close}
        title={action ? `${BULK_ACTION_LABELS[action]} for ${people}?` : ""}
        description={
          action ? (
            <>
              {DESCRIPTIONS[action]} This runs as a job: each of the {people} is checked and changed on its own, within the org&apos;s Okta rate limit, and audited.
            </>
          ) : undefined
        }
        tone={action && DESTRUCTIVE.has(action) ? "danger" : "primary"}
        confirmLabel={action ? `${BULK_ACTION_LABELS[action]} (${people})` : "Start"}
        ticketRequired={ticketRequired}
        confirmDisabled={(needsGroup || needsApp) && picked.length === 0}
        onConfirm={(ticketId) =>
          startBulkUserAction(slug, action!, {
            users: selected.map((u) => ({ userId: u.userId, login: u.login })),
            ...(needsGroup && picked[0] ? { groupId: picked[0].id } : {}),
            ...(needsApp && picked[0] ? { appId: picked[0].id } : {}),
            ...(action === "clear_sessions" ? { revokeOAuthTokens: revokeTokens } : {}),
            ...(ticketId ? { ticketId } : {}),
          })
        }
        onFailure={(r) => setFieldErrors(r.fieldErrors ?? {})}
        onDone={(data) => router.push(`/t/${encodeURIComponent(slug)}/jobs/${encodeURIComponent(data.jobId)}`)}
        successMessage={(data) => `Job started for ${data.total} user${data.total === 1 ? "" : "s"}.`}
      >
        <div className="space-y-3">
          <ul className="max-h-32 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-label="Selected users">
            {selected.slice(0, 50).map((u) => (
              <li key={u.userId} className="truncate">
                {u.displayName} <span className="text-slate-500">({u.login})</span>
              </li>
            ))}
            {n > 50 ? <li className="text-slate-500">and {n - 50} more</li> : null}
          </ul>
          {needsGroup ? (
            <LazyCombobox label="Group" noun="groups" source={groupSource} value={picked} onChange={(v) => setPicked(v.slice(-1))} errors={fieldErrors.groupId} />
          ) : null}
          {needsApp ? <LazyCombobox label="App" noun="apps" source={appSource} value={picked} onChange={(v) => setPicked(v.slice(-1))} errors={fieldErrors.appId} /> : null}
          {action === "clear_sessions" ? (
            <CheckboxField label="Also revoke their OAuth tokens" checked={revokeTokens} onChange={(e) => setRevokeTokens(e.target.checked)} />
          ) : null}
        </div>
      </ConfirmDialog>
    </div>
  );
}
