"use client";

import { useEffect, useRef, useState } from "react";

export function StaffMenu({ name, email, roleSummary }: { name: string; email: string; roleSummary: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account menu for ${name}`}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm text-slate-700 hover:bg-slate-100"
      >
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="hidden max-w-40 truncate md:inline">{name}</span>
      </button>
      {open ? (
        <div role="menu" className="absolute right-0 z-20 mt-2 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <div className="border-b border-slate-100 px-4 py-3">
            <p className="truncate text-sm font-medium text-slate-900">{name}</p>
            <p className="truncate text-xs text-slate-500">{email}</p>
            <p className="mt-1 text-xs text-slate-500">{roleSummary}</p>
          </div>
          {/* A plain POST form: ends the console session and the MSP org's Okta session. */}
          <form method="post" action="/api/auth/federated-sign-out">
            <button type="submit" role="menuitem" className="block w-full px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50">
              Sign out
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
