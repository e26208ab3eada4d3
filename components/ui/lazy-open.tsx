"use client";

import { lazy, Suspense, useState, type ComponentType } from "react";

/**
 * A component that is only on screen while `open` (a dialog), loaded when it first opens rather than
 * with the page: until then the wrapper renders nothing, as the closed component would. On the first
 * open the module is fetched (a moment, once; `preload` on an intent such as hovering the opener
 * starts it earlier) and the component mounts already open, so the focus it takes and later returns
 * works as usual: the opener still has focus when it mounts. After that it stays mounted and keeps its
 * state across opens, as it did when it was part of the page.
 */
export function lazyWhileOpen<P extends { open: boolean }>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () => (loading ??= load());
  // A module that fails to load (offline) fails like any other chunk: the route's error boundary.
  const Lazy = lazy(() => preload().then((component) => ({ default: component }))) as unknown as ComponentType<P>;
  function WhileOpen(props: P) {
    const [used, setUsed] = useState(props.open);
    // Adjusting state while rendering: the first open mounts the component for good.
    if (props.open && !used) setUsed(true);
    if (!used) return null;
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Object.assign(WhileOpen, { preload: () => void preload().catch(() => (loading = null)) });
}
