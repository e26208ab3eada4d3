"use client";

import { useSyncExternalStore } from "react";

// sonner (~10 kB gzip) is not part of any page's first load: the first `notify` loads it and mounts
// the region (toast-region.tsx), later toasts reuse it. Until then there is nothing to show (sonner
// itself renders no list and answers no Alt+T without a toast). The region renders only once its
// module is here: a chunk that fails to load (offline, a tab older than a deployment) loses that
// toast and renders nothing, never an error in the root layout.
type RegionModule = typeof import("./toast-region");
const loadRegion = (): Promise<RegionModule> => import("./toast-region");

let region: RegionModule | null = null;
const listeners = new Set<() => void>();
let markReady: () => void = () => {};
const regionReady = new Promise<void>((resolve) => {
  markReady = resolve;
});
// A live region announces changes, not its own arrival: give the fresh region a moment in the
// accessibility tree before the first toast goes into it.
const onRegionMounted = () => setTimeout(markReady, 100);

function toastApi(): Promise<RegionModule["toast"]> {
  return loadRegion().then((m) => {
    if (!region) {
      region = m;
      for (const listener of listeners) listener();
    }
    return regionReady.then(() => m.toast);
  });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * The one toast region, mounted once in the root layout: empty until the first toast (see above).
 * Toasts are a polite live region: screen readers announce them without moving focus; Alt+T focuses
 * the region; each toast has a close button and stays while hovered or focused.
 */
export function Toaster() {
  const loaded = useSyncExternalStore(subscribe, () => region, () => null);
  return loaded ? <loaded.ToastRegion onReady={onRegionMounted} /> : null;
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

// Sonner could not be loaded (offline): the toast is lost, which is acceptable only because of the rule below.
const lost = () => {};

/**
 * Toasts confirm something that already happened; they are never the only place an error or an
 * instruction appears (they go away). Safe to call right after closing a dialog: they wait for it.
 */
export const notify = {
  success: (message: string, description?: string) => {
    if (typeof document === "undefined") return;
    toastApi().then((toast) => afterModalsClose(() => toast.success(message, { description })), lost);
  },
  info: (message: string, description?: string) => {
    if (typeof document === "undefined") return;
    toastApi().then((toast) => afterModalsClose(() => toast.info(message, { description })), lost);
  },
};
