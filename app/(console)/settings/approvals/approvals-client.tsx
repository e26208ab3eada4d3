"use client";

// Approve / Deny on one waiting request. Both confirm first; the request's ticket is recorded with the
// decision unless the Administrator types another. The server decides again (lib/elevation/actions.ts).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextAreaField } from "@/components/ui/field";
import { REASON_MAX } from "@/lib/elevation/rules";
import { approveElevationAction, denyElevationAction } from "./actions";

export function DecisionButtons({
  id,
  who,
  roleLabel,
  tenantName,
  durationLabel,
  durationMinutes,
  ticketId,
}: {
  id: string;
  who: string;
  roleLabel: string;
  tenantName: string;
  durationLabel: string;
  durationMinutes: number;
  ticketId: string | null;
}) {
  const router = useRouter();
  const [open, setOpen] = useState<"approve" | "deny" | null>(null);
  // The end time an approval would set, as of the click that opened the dialog.
  const [until, setUntil] = useState("");
  const [note, setNote] = useState("");
  const [noteErrors, setNoteErrors] = useState<string[] | undefined>();
  const ticketLine = ticketId ? ` The request's ticket ${ticketId} is recorded with your decision unless you enter another.` : "";
  const what = `${roleLabel} in ${tenantName} for ${who}`;

  return (
    <div className="flex gap-2">
      <Button
        size="sm"
        onClick={() => {
          setUntil(new Date(Date.now() + durationMinutes * 60_000).toISOString().slice(11, 16));
          setOpen("approve");
        }} aria-label={`Approve ${what}`}>
        Approve
      </Button>
      <Button size="sm" variant="secondary" onClick={() => setOpen("deny")} aria-label={`Deny ${what}`}>
        Deny
      </Button>
      <ConfirmDialog
        open={open === "approve"}
        onClose={() => setOpen(null)}
        tone="primary"
        title={`Approve ${roleLabel} for ${who}?`}
        description={`${who} holds ${roleLabel} in ${tenantName} from now for ${durationLabel} (until about ${until} UTC); it then ends by itself.${ticketLine}`}
        confirmLabel="Approve"
        onConfirm={(ticket) => approveElevationAction({ id, ticketId: ticket ?? ticketId ?? undefined })}
        successMessage={(data) => `Approved: ${roleLabel} in ${tenantName} for ${who} until ${data.endsAt.slice(11, 16)} UTC.`}
        onDone={() => router.refresh()}
      />
      <ConfirmDialog
        open={open === "deny"}
        onClose={() => {
          setOpen(null);
          setNote("");
          setNoteErrors(undefined);
        }}
        title={`Deny ${roleLabel} for ${who}?`}
        description={`${who} keeps the roles they already hold in ${tenantName}.${ticketLine}`}
        confirmLabel="Deny"
        onConfirm={(ticket) => denyElevationAction({ id, note, ticketId: ticket ?? ticketId ?? undefined })}
        onFailure={(r) => setNoteErrors(r.fieldErrors?.note)}
        successMessage={`Denied: ${roleLabel} in ${tenantName} for ${who}.`}
        onDone={() => {
          setNote("");
          router.refresh();
        }}
      >
        <TextAreaField
          label="Note to the requester (optional)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          maxLength={REASON_MAX}
          errors={noteErrors}
          className="font-sans"
        />
      </ConfirmDialog>
    </div>
  );
}
