"use client";

import { useRef, useState, type ComponentType } from "react";
import type { StaffMenuPopupProps } from "./staff-menu-popup";

export interface StaffMenuProps {
  name: string;
  email: string | null;
  roleSummary: string;
}

// The menu (Radix DropdownMenu with its positioning, ~15 kB gzip) is no part of a page's first load: it
// is fetched on intent (pointer over or focus on the button) and then takes this button's place with
// an identical one; a press before it is in opens it as soon as it is.
let menuPromise: Promise<ComponentType<StaffMenuPopupProps>> | null = null;
const loadMenu = () => (menuPromise ??= import("./staff-menu-popup").then((m) => m.StaffMenuPopup));

export const staffMenuTriggerClass =
  "flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm text-slate-700 hover:bg-slate-100 data-[state=open]:bg-slate-100";

/** What the account button shows: the initials, and the name from md up. */
export function StaffMenuFace({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <>
      <span aria-hidden className="grid h-8 w-8 place-items-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
        {initials}
      </span>
      <span className="hidden max-w-40 truncate md:inline">{name}</span>
    </>
  );
}

/** The account menu button (the menu: staff-menu-popup.tsx). */
export function StaffMenu(props: StaffMenuProps) {
  const [Popup, setPopup] = useState<{ component: ComponentType<StaffMenuPopupProps>; focus: boolean } | null>(null);
  // Pressed before the menu was in: how, so it opens the way Radix would have.
  const [pressed, setPressed] = useState<StaffMenuPopupProps["pressed"]>(null);
  const button = useRef<HTMLButtonElement>(null);
  const preload = () => {
    loadMenu().then(
      (component) => setPopup({ component, focus: document.activeElement === button.current }),
      // Not loaded (offline, a new deployment): the next intent tries again.
      () => (menuPromise = null),
    );
  };
  if (Popup) return <Popup.component {...props} focusTrigger={Popup.focus} pressed={pressed} />;
  return (
    <button
      ref={button}
      type="button"
      aria-label={`Account menu for ${props.name}`}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      className={staffMenuTriggerClass}
      onPointerEnter={preload}
      onFocus={preload}
      // Radix's menu button opens on pointerdown (left button, no Ctrl) and Enter, Space, ArrowDown.
      onPointerDown={(e) => {
        if (e.button !== 0 || e.ctrlKey) return;
        e.preventDefault();
        setPressed({ by: "pointer" });
        preload();
      }}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== " " && e.key !== "ArrowDown") return;
        e.preventDefault();
        setPressed({ by: "keyboard", key: e.key });
        preload();
      }}
    >
      <StaffMenuFace name={props.name} />
    </button>
  );
}
