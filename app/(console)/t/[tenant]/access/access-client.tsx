"use client";

// The request form and the row buttons (End now, Cancel) of the Request access page. The server
// decides again (lib/elevation/actions.ts).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { ticketIdField } from "@/lib/actions/ticket";
import { DURATION_OPTIONS, durationLabel, elevationRequestSchema, REASON_MAX } from "@/lib/elevation/rules";
import { cancelElevationAction, endElevationAction, requestElevationAction } from "./actions";

export interface RoleChoice {
  value: string;
  label: string;
  /** Why it cannot be asked for here (already held), or null. */
  refusal: string | null;
}

type Errors = Record<string, string[] | undefined>;

export function RequestElevationForm({
  slug,
  tenantName,
  ticketRequired,
  choices,
  initialRole,
}: {
  slug: string;
  tenantName: string;
  ticketRequired: boolean;
  choices: RoleChoice[];
  initialRole?: string;
}) {
  const router = useRouter();
  const open = choices.filter((c) => !c.refusal);
  const start = open.find((c) => c.value === initialRole)?.value ?? open[0]?.value ?? "";
  const [role, setRole] = useState(start);
  const [duration, setDuration] = useState("60");
  const [reason, setReason] = useState("");
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const wantedRefusal = initialRole ? choices.find((c) => c.value === initialRole)?.refusal : null;

  if (open.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {choices.some((c) => c.refusal?.startsWith("You already asked"))
          ? `Everything that can be asked for in ${tenantName} is held or waiting for a decision.`
          : `Your roles in ${tenantName} already allow everything that can be asked for here.`}
      </p>
    );
  }

  return (
    <form
      noValidate
      aria-label="Ask for a role"
      className="grid gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const input = { role, durationMinutes: duration, reason };
        const errs: Errors = {};
        const parsed = elevationRequestSchema.safeParse(input);
        if (!parsed.success) for (const i of parsed.error.issues) (errs[String(i.path[0] ?? "_form")] ??= []).push(i.message);
        const ticket = ticketIdField.safeParse(ticketId);
        if (!ticket.success) errs.ticketId = ticket.error.issues.map((i) => i.message);
        else if (ticketRequired && !ticket.data) errs.ticketId = [`${tenantName} requires a ticket ID for every change.`];
        setErrors(errs);
        setError(null);
        if (Object.keys(errs).length) return;
        startTransition(async () => {
          const result = await requestElevationAction(slug, { ...input, ticketId: ticket.success ? ticket.data : undefined });
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            setError(result.error);
            return;
          }
          const label = choices.find((c) => c.value === role)?.label ?? role;
          setReason("");
          setTicketId("");
          notify.success(`Asked for ${label} in ${tenantName} for ${durationLabel(Number(duration))}.`, "An Administrator decides; it starts when approved.");
          router.refresh();
        });
      }}
    >
      {wantedRefusal ? (
        <div className="sm:col-span-2">
          <Alert tone="info">{wantedRefusal}</Alert>
        </div>
      ) : null}
      <SelectField
        label="Role"
        name="role"
        value={role}
        onChange={(e) => {
          setRole(e.target.value);
          setErrors((x) => ({ ...x, role: undefined }));
        }}
        options={open.map((c) => ({ value: c.value, label: c.label }))}
        errors={errors.role}
        disabled={pending}
      />
      <SelectField
        label="For"
        name="durationMinutes"
        value={duration}
        onChange={(e) => {
          setDuration(e.target.value);
          setErrors((x) => ({ ...x, durationMinutes: undefined }));
        }}
        options={DURATION_OPTIONS}
        hint="From the moment it is approved."
        errors={errors.durationMinutes}
        disabled={pending}
      />
      <div className="sm:col-span-2">
        <TextAreaField
          label="Reason"
          name="reason"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setErrors((x) => ({ ...x, reason: undefined }));
          }}
          rows={2}
          maxLength={REASON_MAX}
          required
          readOnly={pending}
          hint="What you need to do, for the Administrator who decides and for the audit log."
          errors={errors.reason}
          className="font-sans"
        />
      </div>
      <TicketIdField
        name="ticketId"
        ticketRequired={ticketRequired}
        orgName={tenantName}
        required={ticketRequired}
        value={ticketId}
        onChange={(e) => {
          setTicketId(e.target.value);
          setErrors((x) => ({ ...x, ticketId: undefined }));
        }}
        readOnly={pending}
        errors={errors.ticketId}
      />
      <div className="flex items-end justify-end sm:col-span-1">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Request access"}
        </Button>
      </div>
      {error ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
    </form>
  );
}

/** "End now" on a running elevation, "Cancel" on a waiting request (the request's ticket is recorded). */
export function ElevationRowAction({
  kind,
  slug,
  id,
  ticketId,
  roleLabel,
}: {
  kind: "end" | "cancel";
  slug: string;
  id: string;
  ticketId: string | null;
  roleLabel: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const label = kind === "end" ? "End now" : "Cancel request";
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        aria-label={`${label}: ${roleLabel}`}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const input = { id, ticketId: ticketId ?? undefined };
            const result = kind === "end" ? await endElevationAction(slug, input) : await cancelElevationAction(slug, input);
            if (!result.ok) {
              setError(result.error);
              return;
            }
            notify.success(kind === "end" ? `${roleLabel} ended.` : `Request for ${roleLabel} cancelled.`);
            router.refresh();
          })
        }
      >
        {pending ? "Working…" : label}
      </Button>
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
