"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, useSyncExternalStore, type ComponentType } from "react";
import { cn } from "@/components/ui/cn";
import { SearchIcon } from "@/components/ui/search-icon";
import { isPaletteShortcut, isTextEntry } from "./shortcut";
import type { OrgPickerOrg } from "./types";

type Palette = ComponentType<{ orgs: OrgPickerOrg[]; current: OrgPickerOrg | undefined; open: boolean; setOpen: (open: boolean) => void }>;

// The palette (cmdk + Radix Dialog, ~20 kB gzip with the dialog) is no part of a page's first load: it
// is fetched on intent (pointer over or focus on the button, or the shortcut) and opens once it is in.
let palettePromise: Promise<Palette> | null = null;
const loadPalette = () => (palettePromise ??= import("./org-palette").then((m) => m.OrgPalette));

// Ctrl/Cmd+K is listened for from the moment this module runs, before the page has hydrated: a press
// that early is kept and opens the palette as soon as the picker is mounted. Once a picker has been
// mounted, a press while none is (a page without the shell) is not kept for later.
let openFromShortcut: (() => void) | null = null;
let shortcutPending = false;
let pickerMounted = false;
if (typeof document !== "undefined") {
  document.addEventListener("keydown", (e) => {
    if (!isPaletteShortcut(e)) return;
    if (isTextEntry((e.target as HTMLElement | null) ?? document.activeElement)) return;
    if (!openFromShortcut && pickerMounted) return;
    e.preventDefault();
    if (openFromShortcut) openFromShortcut();
    else shortcutPending = true;
  });
}

const takeShortcutPending = () => {
  const pending = shortcutPending;
  shortcutPending = false;
  return pending;
};

const noSubscribe = () => () => {};
/** "⌘K" on Apple platforms; decided after hydration (the server renders "Ctrl K"). */
const useIsMac = () => useSyncExternalStore(noSubscribe, () => /Mac|iPhone|iPad/.test(navigator.platform), () => false);

/**
 * The top bar's org picker: a button that opens the org palette (org-palette.tsx: cmdk in a modal
 * dialog; focus returns to the opener when it closes). Ctrl/Cmd+K opens it from anywhere except a text
 * field (where the keys belong to the field) and never while an IME is composing.
 */
export function OrgPicker({ orgs }: { orgs: OrgPickerOrg[] }) {
  const pathname = usePathname();
  const currentSlug = /^\/t\/([^/]+)/.exec(pathname)?.[1];
  const current = orgs.find((o) => o.slug === currentSlug);
  const isMac = useIsMac();

  // A shortcut pressed before hydration opens it (this does not change the server's markup: the
  // button says expanded only once the palette is there).
  const [open, setOpen] = useState(takeShortcutPending);
  const [OrgPalette, setPalette] = useState<Palette | null>(null);
  const preload = () => {
    loadPalette().then(
      (component) => setPalette(() => component),
      // Not loaded (offline, a new deployment): the next intent tries again.
      () => (palettePromise = null),
    );
  };
  const openPalette = () => {
    setOpen(true);
    preload();
  };

  useEffect(() => {
    openFromShortcut = openPalette;
    pickerMounted = true;
    return () => {
      openFromShortcut = null;
    };
  });
  // Opened by a press before hydration (initial state): fetch the palette now.
  useEffect(() => {
    if (open && !OrgPalette) preload();
  });

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        // Open only once the palette is there to show it.
        aria-expanded={open && OrgPalette !== null}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label={current ? `Go to org (current: ${current.name})` : "Go to org"}
        onClick={openPalette}
        onPointerEnter={preload}
        onFocus={preload}
        className={cn(
          "relative flex h-9 w-full max-w-md items-center rounded-md bg-slate-100 pl-8 pr-3 text-left sm:pr-16 text-sm text-slate-500 ring-1 ring-inset ring-transparent",
          "hover:bg-slate-200/70 focus-visible:bg-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600",
        )}
      >
        <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <span className={cn("truncate", current && "font-medium text-slate-800")}>{current ? current.name : "Go to org…"}</span>
        <kbd aria-hidden className="pointer-events-none absolute right-2 top-1/2 hidden -translate-y-1/2 rounded sm:block border border-slate-300 bg-white px-1.5 font-sans text-[11px] text-slate-500">
          {isMac ? "⌘K" : "Ctrl K"}
        </kbd>
      </button>
      {OrgPalette ? <OrgPalette orgs={orgs} current={current} open={open} setOpen={setOpen} /> : null}
    </>
  );
}
