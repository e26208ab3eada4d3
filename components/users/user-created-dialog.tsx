"use client";

// Shown once after a user was created with a one-time secret (temporary password, activation link)
// or with groups Okta would not add. The secret lives in the parent's state only until this closes.
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export interface CreatedUser {
  userId: string;
  login: string;
  tempPassword?: string;
  activationUrl?: string;
  groupErrors?: string[];
  href: string;
  displayName: string;
}

function SecretValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const id = `secret-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="space-y-1">
      <p id={id} className="text-sm font-medium text-slate-800">
        {label}
      </p>
      <div className="flex items-stretch gap-2">
        <output
          aria-labelledby={id}
          className="min-w-0 flex-1 select-all break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-sm text-emerald-200"
          data-secret
        >
          {value}
        </output>
        <Button
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied("copied");
            } catch {
              setCopied("failed");
            }
          }}
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {copied === "copied" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p role="status" className="text-xs text-slate-500">
        {copied === "copied" ? "Copied to the clipboard." : copied === "failed" ? "The browser refused the clipboard: select the text and copy it." : ""}
      </p>
    </div>
  );
}

export function CreatedUserDialog({ created, onClose }: { created: CreatedUser | null; onClose: () => void }) {
  const secret = Boolean(created?.tempPassword || created?.activationUrl);
  return (
    <Dialog
      open={created !== null}
      onClose={onClose}
      title={created ? `${created.displayName || created.login} was created` : "User created"}
      description={
        secret ? (
          <>
            Shown this once: the console does not keep it. Give it to <strong className="font-medium text-slate-800">{created?.login}</strong> through a channel
            your customer trusts.
          </>
        ) : (
          <>The user exists in Okta.</>
        )
      }
      className="max-w-lg"
    >
      {created ? (
        <div className="space-y-4">
          {created.tempPassword ? <SecretValue label="Temporary password" value={created.tempPassword} /> : null}
          {created.tempPassword ? <p className="text-xs text-slate-500">Okta asks them to choose a new password at their first sign-in.</p> : null}
          {created.activationUrl ? <SecretValue label="Activation link" value={created.activationUrl} /> : null}
          {created.groupErrors?.length ? (
            <Alert tone="warning" title="Some groups were not added">
              <ul className="list-disc pl-4">
                {created.groupErrors.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <div className="flex justify-end">
            <Button onClick={onClose}>Open the user’s page</Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
