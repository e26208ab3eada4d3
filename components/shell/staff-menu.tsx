"use client";

import { useRef } from "react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export function StaffMenu({ name, email, roleSummary }: { name: string; email: string | null; roleSummary: string }) {
  // The form lives outside the menu: selecting an item closes (unmounts) the menu, and a form that
  // is no longer in the document cannot submit.
  const signOutForm = useRef<HTMLFormElement>(null);
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <>
      {/* A plain POST form: ends the console session and the MSP org's Okta session. */}
      <form ref={signOutForm} method="post" action="/api/auth/federated-sign-out" hidden />
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger
          aria-label={`Account menu for ${name}`}
          className="flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm text-slate-700 hover:bg-slate-100 data-[state=open]:bg-slate-100"
        >
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
            {initials}
          </span>
          <span className="hidden max-w-40 truncate md:inline">{name}</span>
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
