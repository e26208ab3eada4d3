"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { TextField } from "./field";

/** The result shape of every server action (structurally the same as lib/actions' ActionResult). */
export type ActionResultLike<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A confirmation step for a consequential action, with the optional Ticket ID every such action
 * records in the audit log. `onConfirm` runs the server action; an error stays in the dialog.
 */
export function ConfirmDialog<T>({
  open,
  onClose,
  title,
  description,
  children,
  confirmLabel,
  tone = "danger",
  onConfirm,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  onConfirm: (ticketId: string | undefined) => Promise<ActionResultLike<T>>;
  onDone?: (data: T) => void;
}) {
  const [ticketId, setTicketId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ticketErrors, setTicketErrors] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();

  const close = () => {
    setError(null);
    setTicketErrors(undefined);
    setTicketId("");
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} title={title} description={description}>
      {/* Mounted only while open, so a page with one dialog per row holds no hidden duplicate fields. */}
      {open ? (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          startTransition(async () => {
            const result = await onConfirm(ticketId.trim() || undefined);
            if (result.ok) {
              close();
              onDone?.(result.data);
            } else {
              setError(result.error);
              setTicketErrors(result.fieldErrors?.ticketId);
            }
          });
        }}
        className="space-y-4"
      >
        {children}
        <TextField
          label="Ticket ID (optional)"
          name="ticketId"
          value={ticketId}
          onChange={(e) => setTicketId(e.target.value)}
          maxLength={64}
          autoComplete="off"
          hint="Recorded with this change in the audit log."
          errors={ticketErrors}
        />
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant={tone} disabled={pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </form>
      ) : null}
    </Dialog>
  );
}
