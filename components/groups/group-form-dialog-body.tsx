"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField, TextField, TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { createGroup, updateGroup } from "@/app/(console)/t/[tenant]/groups/actions";
import { createGroupSchema } from "@/lib/groups/schemas";

type Errors = Record<string, string[] | undefined>;

/**
 * The dialog of GroupFormDialog (group-form-dialog.tsx), loaded when it first opens. Create a group, or edit one's name and description (Okta groups only). The same zod schema as the
 * server checks the fields first; Okta's "name already exists" comes back next to the Name field.
 */
export function GroupFormDialogBody({
  slug,
  ticketRequired,
  orgName,
  group,
  open,
  setOpen,
}: {
  slug: string;
  ticketRequired: boolean;
  orgName: string;
  /** Editing this group; absent: creating one. */
  group?: { id: string; name: string; description: string | null };
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const editing = Boolean(group);

  const reset = () => {
    setName(group?.name ?? "");
    setDescription(group?.description ?? "");
    setTicketId("");
    setErrors({});
    setFormError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = createGroupSchema.safeParse({ name, description });
    if (!local.success) {
      const out: Errors = {};
      for (const issue of local.error.issues) (out[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
      setErrors(out);
      return;
    }
    startTransition(async () => {
      const input = { name, description, ticketId: ticketId.trim() || undefined };
      const result = group ? await updateGroup(slug, { ...input, groupId: group.id }) : await createGroup(slug, input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      setOpen(false);
      reset();
      if (group) {
        notify.success(`${name.trim()} saved.`);
        router.refresh();
      } else {
        const created = result.data as { groupId: string; name: string };
        notify.success(`${created.name} created.`);
        router.push(`/t/${encodeURIComponent(slug)}/groups/${encodeURIComponent(created.groupId)}`);
      }
    });
  };

  return (
    <>
      <Dialog
        open={open}
        busy={pending}
        onClose={() => {
          setOpen(false);
          reset();
        }}
        title={editing ? `Edit ${group!.name}` : "Create a group"}
        description={editing ? "Change the name and description Okta shows for this group." : `A new Okta group in ${orgName}. Add people to it once it exists.`}
      >
        <form className="space-y-4" onSubmit={submit} noValidate>
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={255} required autoComplete="off" errors={errors.name} />
          <TextAreaField label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1024} rows={3} errors={errors.description} />
          <TicketIdField ticketRequired={ticketRequired} orgName={orgName} required={ticketRequired} value={ticketId} onChange={(e) => setTicketId(e.target.value)} errors={errors.ticketId} />
          {formError && !errors.name ? <Alert tone="error">{formError}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" disabled={pending} onClick={() => { setOpen(false); reset(); }}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? (editing ? "Saving…" : "Creating…") : editing ? "Save" : "Create group"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
