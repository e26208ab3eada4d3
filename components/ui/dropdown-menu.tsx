"use client";

import { DropdownMenu as RadixMenu } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * A menu of actions on Radix DropdownMenu (WAI-ARIA menu button): the trigger says it opens a menu and
 * whether it is open; arrow keys, Home/End and typeahead move between items; Escape, Tab or a click
 * outside close it and focus returns to the trigger. Items are actions (role "menuitem"), not links
 * to tab through.
 */
export const DropdownMenu = RadixMenu.Root;
export const DropdownMenuTrigger = RadixMenu.Trigger;
export const DropdownMenuGroup = RadixMenu.Group;

export function DropdownMenuContent({ className, sideOffset = 8, align = "end", ...props }: ComponentProps<typeof RadixMenu.Content>) {
  return (
    <RadixMenu.Portal>
      <RadixMenu.Content
        sideOffset={sideOffset}
        align={align}
        className={cn("z-50 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg focus:outline-none", className)}
        {...props}
      />
    </RadixMenu.Portal>
  );
}

export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof RadixMenu.Item>) {
  return (
    <RadixMenu.Item
      className={cn(
        "block w-full cursor-pointer px-4 py-2 text-left text-sm text-slate-700 outline-none data-[disabled]:cursor-not-allowed data-[highlighted]:bg-slate-50 data-[disabled]:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}

/** Non-interactive text at the top of a menu (who is signed in, for example). */
export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof RadixMenu.Label>) {
  return <RadixMenu.Label className={cn("px-4 py-3", className)} {...props} />;
}

export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof RadixMenu.Separator>) {
  return <RadixMenu.Separator className={cn("my-1 h-px bg-slate-100", className)} {...props} />;
}
