"use client";

import { useRef } from "react";

// Shared by Dialog, ConfirmDialog and CommandDialog so they look the same. No Radix here: pages import
// these without the dialogs themselves (those load when first opened, see lazy-open.tsx).
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
