"use client";

import { useRef, useState, type ComponentType } from "react";

type PopoverType = ComponentType<{ ids: string[]; open: boolean; focus: boolean }>;

// Radix Popover and its positioning (~20 kB gzip) are no part of the audit pages' first load: the
// "+N more" button fetches the popover on hover or focus and is replaced by an identical Radix trigger;
// a click before it is in opens it as soon as it is.
let loading: Promise<PopoverType> | null = null;
const load = () => (loading ??= import("./more-request-ids-popover").then((m) => m.MoreRequestIdsPopover));

export const moreRequestIdsClass = "rounded px-1 text-xs text-indigo-700 hover:bg-slate-100 hover:underline";

export function MoreRequestIdsLabel({ count }: { count: number }) {
  return (
    <>
      +{count} more<span className="sr-only"> Okta request IDs</span>
    </>
  );
}

/** An audit entry's Okta request IDs past the first three, in a popover. */
export function MoreRequestIds({ ids }: { ids: string[] }) {
  const [Loaded, setLoaded] = useState<{ component: PopoverType; focus: boolean } | null>(null);
  const [pressed, setPressed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const intent = () => {
    load().then(
      (component) => setLoaded((l) => l ?? { component, focus: document.activeElement === button.current }),
      // Not loaded (offline, a new deployment): the next intent tries again.
      () => (loading = null),
    );
  };
  if (Loaded) return <Loaded.component ids={ids} open={pressed} focus={Loaded.focus} />;
  return (
    <button
      ref={button}
      type="button"
      aria-haspopup="dialog"
      aria-expanded={false}
      className={moreRequestIdsClass}
      onPointerEnter={intent}
      onFocus={intent}
      // The press counts on pointer down: the popover may arrive between down and up and replace this
      // button, and the click would then land beside it. Keyboard presses come as clicks.
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        setPressed(true);
        intent();
      }}
      onClick={() => {
        setPressed(true);
        intent();
      }}
    >
      <MoreRequestIdsLabel count={ids.length - 3} />
    </button>
  );
}
