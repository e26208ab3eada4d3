"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { lazyWhileOpen } from "@/components/ui/lazy-open";

// The dialog (the people typeahead on cmdk, Radix) loads when it first opens; hovering or focusing
// the button starts fetching it.
const Body = lazyWhileOpen(() => import("./add-members-dialog-body").then((m) => m.AddMembersDialogBody));

/**
 * Add several people to a group at once: the button and its dialog (add-members-dialog-body.tsx): a
 * typeahead over the org's users, then one confirmation.
 */
export function AddMembersDialog(props: { slug: string; group: { id: string; name: string }; ticketRequired: boolean; orgName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} onPointerEnter={Body.preload} onFocus={Body.preload}>
        Add people
      </Button>
      <Body {...props} open={open} setOpen={setOpen} />
    </>
  );
}
