"use client";

import { Dialog as RadixDialog } from "radix-ui";
import type { RefObject } from "react";
import { Logo } from "./brand";
import type { OrgNavModel } from "./org-nav";
import { SideNav, type NavSection } from "./side-nav";

export interface MobileNavSheetProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The menu button (mobile-nav.tsx): it opened the sheet, focus goes back to it on close. */
  trigger: RefObject<HTMLButtonElement | null>;
  contentId: string;
  sections: NavSection[];
  orgNav: OrgNavModel;
}

/** The navigation sheet of MobileNav (loaded by it on intent). */
export function MobileNavSheet({ open, onOpenChange, trigger, contentId, sections, orgNav }: MobileNavSheetProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 md:hidden" />
        <RadixDialog.Content
          id={contentId}
          aria-describedby={undefined}
          // What a Radix Trigger would do: the button is ours, not Radix's.
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            trigger.current?.focus();
          }}
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white shadow-xl focus:outline-none md:hidden"
        >
          <div className="flex h-14 items-center justify-between border-b border-slate-200 px-4">
            <RadixDialog.Title className="flex items-center gap-2 text-sm font-semibold text-slate-900">
              <Logo size={24} />
              Navigation
            </RadixDialog.Title>
            <RadixDialog.Close aria-label="Close navigation" className="grid h-8 w-8 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900">
              <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
            </RadixDialog.Close>
          </div>
          <SideNav sections={sections} orgNav={orgNav} />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
