"use client";

import { cloneElement, lazy, Suspense, useId, useSyncExternalStore, type ReactElement, type ReactNode } from "react";

// Radix Tooltip and its positioning (~25 kB gzip) are no part of a page's first load: the first
// hover or focus of any hint's trigger loads them, then every hint on the page becomes a Radix tooltip
// (the one with focus keeps it and opens, as does the one under the pointer).
let ready = false;
let loading: Promise<typeof import("./tooltip-radix")> | null = null;
const listeners = new Set<() => void>();
/** The hints whose trigger had focus / the pointer when Radix came in: they open right away. */
let focusedHint: string | null = null;
let hoveredHint: string | null = null;
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const loadRadix = () => (loading ??= import("./tooltip-radix"));
function load() {
  loadRadix().then(
    () => {
      if (ready) return;
      const active = document.activeElement;
      focusedHint = active instanceof HTMLElement ? (active.dataset.hint ?? null) : null;
      hoveredHint = document.querySelector<HTMLElement>("[data-hint]:hover")?.dataset.hint ?? null;
      ready = true;
      for (const listener of listeners) listener();
    },
    // Not loaded (offline, a new deployment): the next hover tries again.
    () => {
      loading = null;
    },
  );
}
const RadixHint = lazy(() => loadRadix().then((m) => ({ default: m.RadixHint })));

type TriggerProps = { onPointerEnter?: () => void; onFocus?: () => void; "data-hint"?: string };

/**
 * A short explanation of its trigger (one focusable element, e.g. a badge button), on hover or
 * keyboard focus: a Radix Tooltip once loaded (see above). The text is the trigger's accessible
 * description while it shows.
 */
export function Hint({ content, children }: { content: ReactNode; children: ReactElement<TriggerProps> }) {
  const isReady = useSyncExternalStore(subscribe, () => ready, () => false);
  const id = useId();
  const standIn = cloneElement(children, { onPointerEnter: load, onFocus: load, "data-hint": id });
  if (!isReady) return standIn;
  return (
    <Suspense fallback={standIn}>
      <RadixHint content={content} takeFocus={focusedHint === id} openNow={hoveredHint === id}>
        {children}
      </RadixHint>
    </Suspense>
  );
}
