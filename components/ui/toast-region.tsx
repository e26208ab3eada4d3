"use client";

import { useEffect } from "react";
import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/**
 * The toast region itself (sonner), loaded by components/ui/toaster.tsx with the first toast: a polite
 * live region; Alt+T focuses it; each toast has a close button and stays while hovered or focused.
 * `onReady` runs once the region is in the document (this effect runs after sonner's own, which
 * subscribes to the toasts).
 */
export function ToastRegion({ onReady }: { onReady: () => void }) {
  useEffect(onReady, [onReady]);
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
