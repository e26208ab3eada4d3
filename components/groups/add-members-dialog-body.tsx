"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Combobox, lookupSource, type ComboboxOption } from "@/components/ui/combobox";
import { Dialog } from "@/components/ui/dialog";
import { TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { addGroupMembers } from "@/app/(console)/t/[tenant]/groups/actions";
import { MAX_MEMBERSHIP_BATCH } from "@/lib/groups/schemas";

const plural = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

/**
 * The dialog of AddMembersDialog (add-members-dialog.tsx), loaded when it first opens. Add several
 * people to a group at once: a typeahead over the org's users (Okta `q`, debounced, the
 * picks as chips), then one confirmation. Each person's outcome is reported; a refusal changes nobody.
 */
export function AddMembersDialogBody({ slug, group, ticketRequired, orgName, open, setOpen }: { slug: string; group: { id: string; name: string }; ticketRequired: boolean; orgName: string; open: boolean; setOpen: (open: boolean) => void }) {
  const router = useRouter();
  const [picked, setPicked] = useState<ComboboxOption[]>([]);
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [failures, setFailures] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const source = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/users/lookup`), [slug]);

  const reset = () => {
    setPicked([]);
    setTicketId("");
    setErrors({});
    setError(null);
    setFailures([]);
  };
  const close = () => {
    setOpen(false);
    reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0) {
      setErrors({ userIds: ["Pick at least one person."] });
      return;
    }
    startTransition(async () => {
      const result = await addGroupMembers(slug, { groupId: group.id, userIds: picked.map((p) => p.id), ticketId: ticketId.trim() || undefined });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setError(result.error);
        return;
      }
      const { done, failed } = result.data;
      const label = (id: string) => picked.find((p) => p.id === id)?.label ?? id;
      if (failed.length) {
        // Keep the dialog open on the people Okta refused; the others are in.
        setPicked(picked.filter((p) => failed.some((f) => f.userId === p.id)));
        setFailures(failed.map((f) => `${label(f.userId)}: ${f.error}`));
        setError(`${plural(done.length)} added; ${plural(failed.length)} not.`);
        router.refresh();
        return;
      }
      close();
      notify.success(`${plural(done.length)} added to ${group.name}.`, done.map(label).join(", "));
      router.refresh();
    });
  };

  return (
    <>
      <Dialog open={open} busy={pending} onClose={close} title={`Add people to ${group.name}`} description="Find people by first name, last name or email; pick as many as you need." className="sm:max-w-lg">
        <form className="space-y-4" onSubmit={submit} noValidate>
          <Combobox
            label="People"
            noun="people"
            multiple
            source={source}
            value={picked}
            onChange={(v) => {
              setPicked(v.slice(0, MAX_MEMBERSHIP_BATCH));
              setErrors((e) => ({ ...e, userIds: undefined }));
            }}
            hint={`Type a name or email; up to ${MAX_MEMBERSHIP_BATCH} people at a time.`}
            errors={errors.userIds}
            disabled={pending}
          />
          <TicketIdField ticketRequired={ticketRequired} orgName={orgName} required={ticketRequired} value={ticketId} onChange={(e) => setTicketId(e.target.value)} errors={errors.ticketId} />
          {error ? (
            <Alert tone="error">
              {error}
              {failures.length ? (
                <ul className="mt-1 list-disc pl-5">
                  {failures.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              ) : null}
            </Alert>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" disabled={pending} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : picked.length ? `Add ${plural(picked.length)}` : "Add"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
