"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { Dialog } from "@/components/ui/dialog";
import { TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { addGroupMembers } from "@/app/(console)/t/[tenant]/groups/actions";

/**
 * "Add to group" on a user's page: a group typeahead (Okta `q` on group names; only Okta groups can
 * take members), then one membership action per picked group, each through the wrapper and its guards.
 */
export function AddToGroupDialog({ slug, user, ticketRequired, orgName }: { slug: string; user: { id: string; name: string }; ticketRequired: boolean; orgName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<ComboboxOption[]>([]);
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [failures, setFailures] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const base = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/groups/lookup`), [slug]);
  // Only Okta groups take members through the API: the others are not offered.
  const source = useMemo(() => async (q: string, signal: AbortSignal) => (await base(q, signal)).filter((o) => o.status === "OKTA_GROUP"), [base]);

  const close = () => {
    setOpen(false);
    setPicked([]);
    setTicketId("");
    setErrors({});
    setFailures([]);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!picked.length) {
      setErrors({ groups: ["Pick at least one group."] });
      return;
    }
    startTransition(async () => {
      const added: string[] = [];
      const failed: string[] = [];
      const remaining: ComboboxOption[] = [];
      for (const g of picked) {
        const result = await addGroupMembers(slug, { groupId: g.id, userIds: [user.id], ticketId: ticketId.trim() || undefined });
        if (result.ok && result.data.failed.length === 0) added.push(g.label);
        else {
          if (!result.ok && result.fieldErrors?.ticketId) setErrors({ ticketId: result.fieldErrors.ticketId });
          failed.push(`${g.label}: ${result.ok ? result.data.failed[0]!.error : result.error}`);
          remaining.push(g);
        }
      }
      if (added.length) router.refresh();
      if (failed.length) {
        setPicked(remaining);
        setFailures(added.length ? [`Added to ${added.join(", ")}.`, ...failed] : failed);
        return;
      }
      close();
      notify.success(`${user.name} added to ${added.join(", ")}.`);
    });
  };

  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Add to group
      </Button>
      <Dialog open={open} busy={pending} onClose={close} title={`Add ${user.name} to groups`} description="Find Okta groups by the start of their name." className="sm:max-w-lg">
        <form className="space-y-4" onSubmit={submit} noValidate>
          <LazyCombobox label="Groups" noun="groups" multiple source={source} value={picked} onChange={(v) => { setPicked(v); setErrors({}); }} showStatus={false} errors={errors.groups} disabled={pending} hint="App-imported and built-in groups are managed by their source and are not offered." />
          <TicketIdField ticketRequired={ticketRequired} orgName={orgName} required={ticketRequired} value={ticketId} onChange={(e) => setTicketId(e.target.value)} errors={errors.ticketId} />
          {failures.length ? (
            <Alert tone="error" title="Not every group was changed">
              <ul className="list-disc pl-5">
                {failures.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" disabled={pending} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : "Add"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
