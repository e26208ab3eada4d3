"use client";

import { Tooltip } from "radix-ui";
import { useLayoutEffect, useRef, type ReactElement, type ReactNode } from "react";

/** The Radix tooltip of Hint (tooltip.tsx, see there), loaded on the first hover or focus of one. */
export function RadixHint({ content, children, takeFocus, openNow }: { content: ReactNode; children: ReactElement; takeFocus: boolean; openNow: boolean }) {
  const trigger = useRef<HTMLButtonElement>(null);
  // This trigger replaces the stand-in that had focus: it takes it (and Radix opens on that focus).
  useLayoutEffect(() => {
    if (takeFocus) trigger.current?.focus();
  }, [takeFocus]);
  return (
    <Tooltip.Provider delayDuration={150}>
      {/* Under the pointer as it came in: open now (Radix closes it when the pointer leaves). */}
      <Tooltip.Root defaultOpen={openNow}>
        <Tooltip.Trigger asChild ref={trigger}>
          {children}
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content side="top" sideOffset={6} collisionPadding={8} className="z-50 max-w-xs rounded-md bg-slate-900 px-3 py-2 text-xs leading-relaxed text-white shadow-lg">
            {content}
            <Tooltip.Arrow className="fill-slate-900" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}
