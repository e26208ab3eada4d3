"use client";

// The "Mark a service account" dialog of the service accounts page (service-accounts-client.tsx),
// loaded when it first opens: its checks (zod) and the account picker are no part of the page's first load.
import { useMemo, useState, useTransition } from "react";
import { markServiceAccount } from "@/app/(console)/t/[tenant]/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField, TicketIdField } from "@/components/ui/field";
import { ticketIdField } from "@/lib/actions/ticket";
import { markServiceAccountSchema } from "@/lib/users/schemas";

export function MarkDialog({
  open,
  onClose,
  slug,
  ticketRequired,
  tenantName,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  slug: string;
  ticketRequired: boolean;
  tenantName: string;
  onDone: (login: string) => void;
}) {
  const [user, setUser] = useState<ComboboxOption[]>([]);
  const [purpose, setPurpose] = useState("");
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const userSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/users/lookup`), [slug]);

  const reset = () => {
    setUser([]);
    setPurpose("");
    setTicketId("");
    setErrors({});
    setError(null);
  };

  return (
    <Dialog
      open={open}
      onClose={() => {
        reset();
        onClose();
      }}
      busy={pending}
      title="Mark a service account"
      description="The console then refuses changes to it for every role; an Administrator can still override with a Ticket ID and its login typed."
      className="max-w-lg"
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (pending) return;
          const input = { userId: user[0]?.id ?? "", purpose };
          const errs: Record<string, string[]> = {};
          if (!user[0]) errs.userId = ["Choose the account."];
          const parsed = markServiceAccountSchema.safeParse(input);
          if (!parsed.success) for (const i of parsed.error.issues) if (!(i.path[0] === "userId" && errs.userId)) (errs[String(i.path[0] ?? "_form")] ??= []).push(i.message);
          const ticket = ticketIdField.safeParse(ticketId);
          if (!ticket.success) errs.ticketId = ticket.error.issues.map((i) => i.message);
          else if (ticketRequired && !ticket.data) errs.ticketId = [`${tenantName} requires a ticket ID for every change.`];
          setErrors(errs);
          setError(null);
          if (Object.keys(errs).length) return;
          startTransition(async () => {
            const result = await markServiceAccount(slug, { ...input, ticketId: ticket.success ? ticket.data : undefined });
            if (!result.ok) {
              setErrors(result.fieldErrors ?? {});
              setError(result.error);
              return;
            }
            const login = user[0]?.sublabel || user[0]?.label || "The account";
            reset();
            onDone(login);
          });
        }}
      >
        <LazyCombobox
          label="Account"
          noun="users"
          source={userSource}
          value={user}
          onChange={(v) => {
            setUser(v);
            setErrors((e) => ({ ...e, userId: undefined }));
          }}
          placeholder="Search by name or email…"
          errors={errors.userId}
          disabled={pending}
        />
        <TextAreaField
          label="Purpose"
          value={purpose}
          onChange={(e) => {
            setPurpose(e.target.value);
            setErrors((x) => ({ ...x, purpose: undefined }));
          }}
          rows={3}
          maxLength={300}
          readOnly={pending}
          hint="What runs under it, and who owns it. Shown on this page and in refusals."
          errors={errors.purpose}
          className="font-sans"
        />
        <TicketIdField
          ticketRequired={ticketRequired}
          value={ticketId}
          onChange={(e) => {
            setTicketId(e.target.value);
            setErrors((x) => ({ ...x, ticketId: undefined }));
          }}
          readOnly={pending}
          errors={errors.ticketId}
        />
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => {
              reset();
              onClose();
            }}
          >
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Marking…" : "Mark as service account"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
