"use client";

import { Dialog as RadixDialog } from "radix-ui";
import { useRef, type ReactNode } from "react";
import { cn } from "./cn";

// Shared by Dialog and ConfirmDialog (alert-dialog.tsx) so both look the same.
export const OVERLAY_CLASSES = "fixed inset-0 z-40 bg-slate-900/40";
export const CONTENT_CLASSES =
  "fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white shadow-xl focus:outline-none";
export const TITLE_CLASSES = "text-lg font-semibold text-slate-900";
export const DESCRIPTION_CLASSES = "mt-1 text-sm text-slate-600";

/**
 * Focus back to whatever opened the dialog. Radix does this only for its own Trigger; our dialogs are
 * controlled (opened by a row's button, a shortcut, a menu), so remember the focused element as the
 * dialog opens and return there on close. If that element has gone (its row was removed), focus is
 * left to focusAfterRowRemoval.
 */
export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (e: Event) => {
      const el = opener.current;
      opener.current = null;
      if (el?.isConnected) {
        e.preventDefault();
        el.focus();
      }
    },
  };
}

/**
 * Modal dialog on Radix Dialog: focus is trapped inside and returned to the opener on close, the page
 * behind is inert to assistive technology and cannot scroll, the title names the dialog and the
 * description is announced with it (aria-describedby). Escape, a click on the overlay or a Cancel
 * button close it, except while `busy` (its action is running): closing then would hide the result.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  busy = false,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  /** While true, Escape and outside clicks are ignored. Disable the form's Cancel button too. */
  busy?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const stay = (e: Event) => {
    if (busy) e.preventDefault();
  };
  const returnFocus = useReturnFocus();
  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && !busy) onClose();
      }}
    >
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={OVERLAY_CLASSES} />
        <RadixDialog.Content
          className={cn(CONTENT_CLASSES, className)}
          aria-busy={busy || undefined}
          {...returnFocus}
          onEscapeKeyDown={stay}
          onPointerDownOutside={stay}
          onInteractOutside={stay}
          // Radix wires aria-describedby to the Description; without one, say so explicitly.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="px-6 pt-5">
            <RadixDialog.Title className={TITLE_CLASSES}>{title}</RadixDialog.Title>
            {description ? (
              <RadixDialog.Description asChild>
                <div className={DESCRIPTION_CLASSES}>{description}</div>
              </RadixDialog.Description>
            ) : null}
          </div>
          <div className="px-6 pb-5 pt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
