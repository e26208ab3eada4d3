"use client";

import { usePathname } from "next/navigation";
import { Dialog as RadixDialog } from "radix-ui";
import { useState } from "react";
import { Logo } from "./brand";
import { SideNav, type NavSection, type OrgNav } from "./side-nav";

/**
 * Below the md breakpoint the side navigation is hidden; this menu button opens the same navigation
 * in a sheet from the left (Radix Dialog: focus trapped and returned to the button, Escape and a click
 * outside close it, the page behind is inert and does not scroll). Following a link closes it.
 */
export function MobileNav({ sections, orgNav }: { sections: NavSection[]; orgNav: Record<string, OrgNav> }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Following a link (a new path) closes the sheet: adjust state while rendering, no effect needed.
  const [seenPath, setSeenPath] = useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger
        aria-label="Open navigation"
        className="-ml-1 grid h-9 w-9 place-items-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 md:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
          <path
            fillRule="evenodd"
            d="M2 4.75A.75.75 0 0 1 2.75 4h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 4.75ZM2 10a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 10Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75a.75.75 0 0 1-.75-.75Z"
            clipRule="evenodd"
          />
        </svg>
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 md:hidden" />
        <RadixDialog.Content
          aria-describedby={undefined}
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
