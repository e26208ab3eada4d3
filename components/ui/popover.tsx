"use client";

import { Popover as RadixPopover } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * Non-modal floating panel on Radix Popover, anchored to its trigger: the trigger carries
 * aria-expanded / aria-controls, focus moves into the panel on open and back to the trigger on close,
 * Escape or a click outside closes it, and it stays inside the viewport (flips / shifts).
 * Use Dialog instead when the page behind must be blocked.
 */
export const Popover = RadixPopover.Root;
export const PopoverTrigger = RadixPopover.Trigger;
export const PopoverAnchor = RadixPopover.Anchor;
export const PopoverClose = RadixPopover.Close;

export function PopoverContent({ className, sideOffset = 6, align = "start", ...props }: ComponentProps<typeof RadixPopover.Content>) {
  return (
    <RadixPopover.Portal>
      <RadixPopover.Content
        sideOffset={sideOffset}
        align={align}
        collisionPadding={8}
        className={cn("z-50 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg focus:outline-none", className)}
        {...props}
      />
    </RadixPopover.Portal>
  );
}
