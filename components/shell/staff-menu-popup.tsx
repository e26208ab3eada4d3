"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { StaffMenuFace, staffMenuTriggerClass, type StaffMenuProps } from "./staff-menu";

export interface StaffMenuPopupProps extends StaffMenuProps {
  /** The button it replaces had focus: this one takes it. */
  focusTrigger: boolean;
  /** That button was pressed before this module was in: open right away, as Radix would have. */
  pressed: { by: "pointer" } | { by: "keyboard"; key: string } | null;
}

/** The account menu (Radix DropdownMenu), loaded by StaffMenu on intent. */
export function StaffMenuPopup({ name, email, roleSummary, focusTrigger, pressed }: StaffMenuPopupProps) {
  // The form lives outside the menu: selecting an item closes (unmounts) the menu, and a form that
  // is no longer in the document cannot submit.
  const signOutForm = useRef<HTMLFormElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(pressed?.by === "pointer");
  useLayoutEffect(() => {
    if (focusTrigger || pressed?.by === "keyboard") trigger.current?.focus();
  }, [focusTrigger, pressed]);
  // A key pressed on the stand-in is replayed on this trigger once Radix listens (this effect runs
  // after the menu's own): Radix then opens the menu as for a keyboard user, focus on the first item.
  useEffect(() => {
    if (pressed?.by === "keyboard") trigger.current?.dispatchEvent(new KeyboardEvent("keydown", { key: pressed.key, bubbles: true, cancelable: true }));
  }, [pressed]);
  return (
    <>
      {/* A plain POST form: ends the console session and the MSP org's Okta session. */}
      <form ref={signOutForm} method="post" action="/api/auth/federated-sign-out" hidden />
      <DropdownMenu modal={false} open={open} onOpenChange={setOpen}>
        <DropdownMenuTrigger ref={trigger} aria-label={`Account menu for ${name}`} className={staffMenuTriggerClass}>
          <StaffMenuFace name={name} />
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel className="font-normal">
            <span className="block truncate text-sm font-medium text-slate-900">{name}</span>
            {email ? <span className="block truncate text-xs text-slate-500">{email}</span> : null}
            <span className="mt-1 block text-xs text-slate-500">{roleSummary}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator className="my-0" />
          <DropdownMenuItem onSelect={() => signOutForm.current?.requestSubmit()}>Sign out</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
