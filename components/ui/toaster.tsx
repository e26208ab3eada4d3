"use client";

import { Toaster as Sonner, toast } from "sonner";

/**
 * The one toast region (sonner), mounted once in the root layout. Toasts are a polite live region:
 * screen readers announce them without moving focus; Alt+T focuses the region; each toast has a close
 * button and stays while hovered or focused.
 */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      duration={6000}
      toastOptions={{
        classNames: {
          toast: "!rounded-md !border-slate-200 !font-sans !shadow-lg",
          title: "!text-sm !font-medium !text-slate-900",
          description: "!text-sm !text-slate-600",
        },
      }}
    />
  );
}

const OPEN_MODAL = '[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]';

/**
 * Runs `show` once no modal is open: an open modal marks the rest of the page (the toast region
 * included) aria-hidden, so a toast raised while it closes would be shown but never announced.
 */
function afterModalsClose(show: () => void, timeoutMs = 2000) {
  if (typeof document === "undefined") return;
  const deadline = performance.now() + timeoutMs;
  const tick = () => {
    if (document.querySelector(OPEN_MODAL) && performance.now() < deadline) requestAnimationFrame(tick);
    else show();
  };
  tick();
}

/**
 * Toasts confirm something that already happened; they are never the only place an error or an
 * instruction appears (they go away). Safe to call right after closing a dialog: they wait for it.
 */
export const notify = {
  success: (message: string, description?: string) => afterModalsClose(() => toast.success(message, { description })),
  info: (message: string, description?: string) => afterModalsClose(() => toast.info(message, { description })),
};
