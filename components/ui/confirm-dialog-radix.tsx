"use client";

import { AlertDialog } from "radix-ui";
import { useRef, useState, useTransition } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import type { ConfirmDialogProps } from "./confirm-dialog";
import { CONTENT_CLASSES, DESCRIPTION_CLASSES, OVERLAY_CLASSES, TITLE_CLASSES, useReturnFocus } from "./dialog-parts";
import { TextField } from "./field";
import { notify } from "./toaster";

/** The ConfirmDialog of confirm-dialog.tsx (see there), loaded when one first opens. */
export function RadixConfirmDialog<T>({
  open,
  onClose,
  title,
  description,
  children,
  confirmLabel,
  tone = "danger",
  onConfirm,
  onDone,
  onFailure,
  successMessage,
  ticketRequired = false,
  confirmDisabled = false,
}: ConfirmDialogProps<T>) {
  const [ticketId, setTicketId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ticketErrors, setTicketErrors] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();
  const contentRef = useRef<HTMLDivElement>(null);
  const returnFocus = useReturnFocus();

  const close = () => {
    setError(null);
    setTicketErrors(undefined);
    setTicketId("");
    onClose();
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && !pending) close();
      }}
    >
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={OVERLAY_CLASSES} />
        <AlertDialog.Content
          ref={contentRef}
          className={CONTENT_CLASSES}
          aria-busy={pending || undefined}
          {...returnFocus}
          onEscapeKeyDown={(e) => {
            if (pending) e.preventDefault();
          }}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="px-6 pt-5">
            <AlertDialog.Title className={TITLE_CLASSES}>{title}</AlertDialog.Title>
            {description ? (
              <AlertDialog.Description asChild>
                <div className={DESCRIPTION_CLASSES}>{description}</div>
              </AlertDialog.Description>
            ) : null}
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (pending || confirmDisabled) return;
              setError(null);
              if (ticketRequired && !ticketId.trim()) {
                setTicketErrors(["Enter the ticket ID: this change requires one."]);
                return;
              }
              setTicketErrors(undefined);
              // The buttons are disabled while the action runs; a disabled button drops focus to
              // <body>, so keep it on the dialog itself.
              contentRef.current?.focus();
              startTransition(async () => {
                const result = await onConfirm(ticketId.trim() || undefined);
                if (result.ok) {
                  close();
                  // notify waits until this dialog has gone (an open modal hides the toast region).
                  if (successMessage) notify.success(typeof successMessage === "function" ? successMessage(result.data) : successMessage);
                  onDone?.(result.data);
                } else {
                  setError(result.error);
                  setTicketErrors(result.fieldErrors?.ticketId);
                  onFailure?.(result);
                }
              });
            }}
            className="space-y-4 px-6 pb-5 pt-4"
          >
            {children}
            <TextField
              label={ticketRequired ? "Ticket ID (required)" : "Ticket ID (optional)"}
              name="ticketId"
              value={ticketId}
              onChange={(e) => setTicketId(e.target.value)}
              readOnly={pending}
              aria-required={ticketRequired || undefined}
              maxLength={64}
              autoComplete="off"
              hint="Recorded with this change in the audit log."
              errors={ticketErrors}
            />
            {error ? <Alert tone="error">{error}</Alert> : null}
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary" disabled={pending}>
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <Button type="submit" variant={tone} disabled={pending || confirmDisabled}>
                {pending ? "Working…" : confirmLabel}
              </Button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
