"use client";

import { useLayoutEffect, useRef } from "react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { CopyButton } from "./audit-table";
import { MoreRequestIdsLabel, moreRequestIdsClass } from "./more-request-ids";

/** The Radix popover of MoreRequestIds (more-request-ids.tsx), loaded on intent. */
export function MoreRequestIdsPopover({ ids, open: initiallyOpen, focus }: { ids: string[]; open: boolean; focus: boolean }) {
  const trigger = useRef<HTMLButtonElement>(null);
  // Takes the focus its stand-in had (a click or Enter on it opened this one).
  useLayoutEffect(() => {
    if (focus) trigger.current?.focus();
  }, [focus]);
  return (
    <Popover defaultOpen={initiallyOpen}>
      <PopoverTrigger ref={trigger} className={moreRequestIdsClass}>
        <MoreRequestIdsLabel count={ids.length - 3} />
      </PopoverTrigger>
      <PopoverContent aria-label="All Okta request IDs" className="w-72 p-2">
        <ul className="max-h-60 overflow-y-auto">
          {ids.map((id) => (
            <li key={id}>
              <CopyButton value={id} label={`Okta request ID ${id}`} />
            </li>
          ))}
        </ul>
      </PopoverContent>
    </Popover>
  );
}
