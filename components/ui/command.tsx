"use client";

import { Command as Cmdk } from "cmdk";
import { Dialog as RadixDialog } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { SearchIcon } from "./search-icon";
import { OVERLAY_CLASSES, useReturnFocus } from "./dialog-parts";

/**
 * A filterable list of choices on cmdk (WAI-ARIA combobox + listbox): the input keeps focus while
 * arrow keys, Home/End move the active option (aria-activedescendant) and Enter picks it; composing
 * text with an IME never triggers a pick. cmdk's Ctrl+J/K/N/P "vim" bindings are off: Ctrl/Cmd+K is
 * the console's palette shortcut and must not mean "move up" inside it. With `shouldFilter={false}`
 * the caller filters and orders the items (server search, or our own ranking).
 */
export function Command({ className, vimBindings = false, ...props }: ComponentProps<typeof Cmdk>) {
  return <Cmdk vimBindings={vimBindings} className={cn("flex flex-col overflow-hidden bg-white text-slate-900", className)} {...props} />;
}

export function CommandInput({ className, icon = true, ...props }: ComponentProps<typeof Cmdk.Input> & { icon?: boolean }) {
  return (
    <div className="relative border-b border-slate-200">
      {icon ? <SearchIcon className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" /> : null}
      <Cmdk.Input
        className={cn(
          "block h-11 w-full border-0 bg-transparent pr-3 text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none focus:ring-0 focus-visible:outline-none",
          icon ? "pl-9" : "pl-3",
          className,
        )}
        {...props}
      />
    </div>
  );
}

export function CommandList({ className, ...props }: ComponentProps<typeof Cmdk.List>) {
  return <Cmdk.List className={cn("max-h-96 overflow-y-auto overscroll-contain py-1", className)} {...props} />;
}

export function CommandEmpty({ className, ...props }: ComponentProps<typeof Cmdk.Empty>) {
  return <Cmdk.Empty className={cn("px-3 py-6 text-center text-sm text-slate-500", className)} {...props} />;
}

export function CommandGroup({ className, ...props }: ComponentProps<typeof Cmdk.Group>) {
  return (
    <Cmdk.Group
      className={cn(
        "[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}

export function CommandItem({ className, ...props }: ComponentProps<typeof Cmdk.Item>) {
  return (
    <Cmdk.Item
      className={cn(
        "flex cursor-pointer items-center justify-between gap-3 px-3 py-2 text-sm data-[disabled=true]:cursor-not-allowed data-[selected=true]:bg-indigo-50 data-[disabled=true]:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}

/**
 * A command palette: a modal (Radix Dialog: focus trapped, page inert and not scrollable, focus back
 * to the opener on close) holding one Command. `title` names the dialog and labels its input.
 */
export function CommandDialog({
  open,
  onOpenChange,
  title,
  description,
  commandProps,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  commandProps?: Omit<ComponentProps<typeof Command>, "children" | "label">;
  children: ReactNode;
}) {
  const returnFocus = useReturnFocus();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={OVERLAY_CLASSES} />
        <RadixDialog.Content
          {...returnFocus}
          className="fixed left-1/2 top-[12vh] z-50 w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg bg-white shadow-2xl ring-1 ring-slate-900/5 focus:outline-none">
          <RadixDialog.Title className="sr-only">{title}</RadixDialog.Title>
          <RadixDialog.Description className="sr-only">{description}</RadixDialog.Description>
          <Command label={title} {...commandProps}>
            {children}
          </Command>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

// Kept in its own module so a plain search button needs neither cmdk nor Radix.
export { SearchIcon };
