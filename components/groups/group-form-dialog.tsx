"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { lazyWhileOpen } from "@/components/ui/lazy-open";

// The dialog (its form, the zod schema it checks first, Radix) loads when it first opens; hovering or
// focusing the button starts fetching it.
const Body = lazyWhileOpen(() => import("./group-form-dialog-body").then((m) => m.GroupFormDialogBody));

/**
 * Create a group, or edit one's name and description (Okta groups only): the button and its dialog
 * (group-form-dialog-body.tsx). The same zod schema as the server checks the fields first; Okta's
 * "name already exists" comes back next to the Name field.
 */
export function GroupFormDialog({
  trigger,
  ...props
}: {
  slug: string;
  ticketRequired: boolean;
  orgName: string;
  /** Editing this group; absent: creating one. */
  group?: { id: string; name: string; description: string | null };
  trigger: { label: string; variant?: "primary" | "secondary" };
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={trigger.variant ?? "primary"} onClick={() => setOpen(true)} onPointerEnter={Body.preload} onFocus={Body.preload}>
        {trigger.label}
      </Button>
      <Body {...props} open={open} setOpen={setOpen} />
    </>
  );
}
