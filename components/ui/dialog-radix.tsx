"use client";

import { Dialog as RadixDialog } from "radix-ui";
import { cn } from "./cn";
import type { DialogProps } from "./dialog";
import { CONTENT_CLASSES, DESCRIPTION_CLASSES, OVERLAY_CLASSES, TITLE_CLASSES, useReturnFocus } from "./dialog-parts";

/** The Dialog of dialog.tsx (see there), loaded when one first opens. */
export function RadixModal({ open, onClose, title, description, busy = false, className, children }: DialogProps) {
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
