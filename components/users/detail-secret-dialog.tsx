"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export interface OneTimeSecret {
  /** "Temporary password", "Password reset link", "Activation link". */
  kind: string;
  value: string;
  /** Whose it is, for the title. */
  who: string;
  /** What the person does with it. */
  instructions: string;
}

/**
 * Shows a one-time secret (temporary password, reset or activation link) to the technician who asked,
 * once. The value lives only in the caller's React state: it is never put in the URL, a cookie or
 * storage, and once this dialog closes the caller drops it, so it is never rendered again. Copy uses
 * the Clipboard API; the field is selectable as a fallback.
 */
export function OneTimeSecretDialog({ secret, onClose }: { secret: OneTimeSecret | null; onClose: () => void }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const inputRef = useRef<HTMLInputElement>(null);
  const close = () => {
    setCopied("idle");
    onClose();
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopied("copied");
    } catch {
      inputRef.current?.select();
      setCopied("failed");
    }
  };
  return (
    <Dialog
      open={secret !== null}
      onClose={close}
      title={secret ? `${secret.kind} for ${secret.who}` : ""}
      description="Shown once, to you only: copy it now. The console does not keep it, and it is gone when you close this dialog."
      className="max-w-lg"
    >
      {secret ? (
        <div className="space-y-4">
          <div>
            <label htmlFor="one-time-secret" className="block text-sm font-medium text-slate-800">
              {secret.kind}
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id="one-time-secret"
                ref={inputRef}
                readOnly
                value={secret.value}
                autoComplete="off"
                spellCheck={false}
                onFocus={(e) => e.currentTarget.select()}
                className="block w-full min-w-0 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
              />
              <Button variant="secondary" onClick={copy} className="shrink-0">
                {copied === "copied" ? "Copied" : "Copy"}
              </Button>
            </div>
            <p className="mt-1 min-h-4 text-xs text-slate-500" aria-live="polite">
              {copied === "copied" ? "Copied to the clipboard." : copied === "failed" ? "The browser did not allow copying: it is selected, press Ctrl+C (Cmd+C)." : ""}
            </p>
          </div>
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">{secret.instructions}</p>
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
