"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { deleteGroup, previewGroupDeletion } from "@/app/(console)/t/[tenant]/groups/actions";
import type { DeleteImpact } from "@/lib/groups/blast-radius";
import { DeleteImpactView, ImpactLoading } from "./impact-views";

/** Delete an Okta group: what it changes is read live when the dialog opens; the name is typed to confirm. */
export function DeleteGroupDialog({ slug, group, ticketRequired }: { slug: string; group: { id: string; name: string }; ticketRequired: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [impact, setImpact] = useState<{ state: "loading" } | { state: "done"; data: DeleteImpact } | { state: "error"; error: string }>({ state: "loading" });
  const [typedErrors, setTypedErrors] = useState<string[] | undefined>();

  useEffect(() => {
    if (!open) return;
    let live = true;
    previewGroupDeletion(slug, { groupId: group.id }).then(
      (r) => live && setImpact(r.ok ? { state: "done", data: r.data } : { state: "error", error: r.error }),
      () => live && setImpact({ state: "error", error: "What this deletion changes could not be checked." }),
    );
    return () => {
      live = false;
    };
  }, [open, slug, group.id]);

  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          setImpact({ state: "loading" });
          setOpen(true);
        }}
      >
        Delete group
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setTyped("");
          setTypedErrors(undefined);
        }}
        title={`Delete ${group.name}?`}
        description="Okta deletes the group at once; this cannot be undone."
        confirmLabel="Delete group"
        ticketRequired={ticketRequired}
        confirmDisabled={typed.trim().toLowerCase() !== group.name.trim().toLowerCase()}
        onConfirm={(ticketId) => deleteGroup(slug, { groupId: group.id, confirmName: typed, ticketId })}
        onFailure={(r) => setTypedErrors(r.fieldErrors?.confirmName)}
        successMessage={`${group.name} deleted.`}
        onDone={() => router.push(`/t/${encodeURIComponent(slug)}/groups`)}
      >
        {impact.state === "loading" ? <ImpactLoading what="deleting it" /> : impact.state === "error" ? <Alert tone="warning">{impact.error}</Alert> : <DeleteImpactView impact={impact.data} />}
        <TextField label={`Type ${group.name} to confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" errors={typedErrors} />
      </ConfirmDialog>
    </>
  );
}
