"use client";

import type { ReactNode } from "react";
import { lazyWhileOpen } from "./lazy-open";

export { CONTENT_CLASSES, DESCRIPTION_CLASSES, OVERLAY_CLASSES, TITLE_CLASSES, useReturnFocus } from "./dialog-parts";

export type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  /** While true, Escape and outside clicks are ignored. Disable the form's Cancel button too. */
  busy?: boolean;
  className?: string;
  children: ReactNode;
};

/**
 * Modal dialog on Radix Dialog: focus is trapped inside and returned to the opener on close, the page
 * behind is inert to assistive technology and cannot scroll, the title names the dialog and the
 * description is announced with it (aria-describedby). Escape, a click on the overlay or a Cancel
 * button close it, except while `busy` (its action is running): closing then would hide the result.
 *
 * Radix (dialog-radix.tsx) is loaded when a dialog first opens, not with the page (lazy-open.tsx).
 */
export const Dialog = lazyWhileOpen<DialogProps>(() => import("./dialog-radix").then((m) => m.RadixModal));
