"use client";

import { useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";

function ExternalIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 text-slate-500">
      <path d="M11 3a1 1 0 1 0 0 2h2.59l-6.3 6.29a1 1 0 1 0 1.42 1.42L15 6.41V9a1 1 0 1 0 2 0V4a1 1 0 0 0-1-1h-5Z" />
      <path d="M5 5a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2v-3a1 1 0 1 0-2 0v3H5V7h3a1 1 0 0 0 0-2H5Z" />
    </svg>
  );
}

/**
 * "Open in Okta Admin Console": a link to the console's audited deep-link route
 * (/api/t/[tenant]/deep-link), which records the deep link and then redirects to the org's admin host.
 * Rendered only for roles holding okta.deepLink (the route checks again). In an org that requires a
 * ticket ID for every change, the ticket is asked for first and carried by the link.
 */
export function DeepLinkButton({
  slug,
  userId,
  groupId,
  app,
  ticketRequired,
  className,
}: {
  slug: string;
  userId?: string;
  groupId?: string;
  app?: { id: string; name: string };
  ticketRequired: boolean;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [ticketId, setTicketId] = useState("");
  const [error, setError] = useState<string[] | undefined>();
  const href = (ticket?: string) => {
    const q = new URLSearchParams();
    if (userId) q.set("userId", userId);
    if (groupId) q.set("groupId", groupId);
    if (app) {
      q.set("appId", app.id);
      q.set("appName", app.name);
    }
    if (ticket) q.set("ticketId", ticket);
    const s = q.toString();
    return `/api/t/${encodeURIComponent(slug)}/deep-link${s ? `?${s}` : ""}`;
  };
  const label = "Open in Okta Admin Console";
  if (!ticketRequired) {
    return (
      <a href={href()} target="_blank" rel="noopener" className={cn(buttonClasses("secondary"), className)}>
        <ExternalIcon />
        {label}
      </a>
    );
  }
  return (
    <>
      <Button variant="secondary" className={className} onClick={() => setOpen(true)}>
        <ExternalIcon />
        {label}
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setError(undefined);
        }}
        title="Open in Okta Admin Console"
        description="This org requires a ticket ID: the deep link is recorded in the audit log with it."
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const t = ticketId.trim();
            if (!t) {
              setError(["This org requires a ticket ID for every change."]);
              return;
            }
            if (!/^[A-Za-z0-9#._-]{1,64}$/.test(t)) {
              setError(["A ticket ID may contain only letters, digits and - _ # . (at most 64)."]);
              return;
            }
            window.open(href(t), "_blank", "noopener");
            setOpen(false);
            setTicketId("");
            setError(undefined);
          }}
        >
          <TextField label="Ticket ID (required)" value={ticketId} onChange={(e) => setTicketId(e.target.value)} maxLength={64} autoComplete="off" errors={error} aria-required />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit">Open</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
