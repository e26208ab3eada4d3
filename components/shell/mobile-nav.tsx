"use client";

import { usePathname } from "next/navigation";
import { useId, useRef, useState, type ComponentType } from "react";
import type { MobileNavSheetProps } from "./mobile-nav-sheet";
import type { OrgNavModel } from "./org-nav";
import type { NavSection } from "./side-nav";

// The sheet (Radix Dialog) is no part of a page's first load: it is fetched on intent (pointer over,
// focus on or a tap of the button) and opens once it is in.
let sheetPromise: Promise<ComponentType<MobileNavSheetProps>> | null = null;
const loadSheet = () => (sheetPromise ??= import("./mobile-nav-sheet").then((m) => m.MobileNavSheet));

/**
 * Below the md breakpoint the side navigation is hidden; this menu button opens the same navigation
 * in a sheet from the left (mobile-nav-sheet.tsx, a Radix Dialog: focus trapped and returned to the
 * button, Escape and a click outside close it, the page behind is inert and does not scroll).
 * Following a link closes it.
 */
export function MobileNav({ sections, orgNav }: { sections: NavSection[]; orgNav: OrgNavModel }) {
  const [open, setOpen] = useState(false);
  const [Sheet, setSheet] = useState<ComponentType<MobileNavSheetProps> | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const contentId = useId();
  const pathname = usePathname();
  // Following a link (a new path) closes the sheet: adjust state while rendering, no effect needed.
  const [seenPath, setSeenPath] = useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }
  const preload = () => {
    loadSheet().then(
      (component) => setSheet(() => component),
      // Not loaded (offline, a new deployment): the next intent tries again.
      () => (sheetPromise = null),
    );
  };
  const shown = open && Sheet !== null;
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-label="Open navigation"
        aria-haspopup="dialog"
        aria-expanded={shown}
        aria-controls={shown ? contentId : undefined}
        data-state={shown ? "open" : "closed"}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => {
          setOpen(true);
          preload();
        }}
        className="-ml-1 grid h-9 w-9 place-items-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 md:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
          <path
            fillRule="evenodd"
            d="M2 4.75A.75.75 0 0 1 2.75 4h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 4.75ZM2 10a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 10Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75a.75.75 0 0 1-.75-.75Z"
            clipRule="evenodd"
          />
        </svg>
      </button>
      {Sheet ? <Sheet open={open} onOpenChange={setOpen} trigger={trigger} contentId={contentId} sections={sections} orgNav={orgNav} /> : null}
    </>
  );
}
