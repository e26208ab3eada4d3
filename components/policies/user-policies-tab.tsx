"use client";
// The Policies tab of a user's page: mounted when the tab is opened, it asks the server for the card
// (the policy reads cost a dozen Okta requests, so they are not part of every user view).
import { useEffect, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PoliciesSkeleton } from "./policies-skeleton";

export function UserPoliciesTab({ load }: { load: () => Promise<ActionResult<{ card: ReactNode }>> }) {
  const [content, setContent] = useState<ReactNode>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (result) => {
        if (!live) return;
        if (result.ok) setContent(result.data.card);
        else setFailed(result.error);
      },
      () => live && setFailed("The console did not answer. Check your connection and try again."),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  if (failed) {
    return (
      <Alert tone="error" title="Policies could not be loaded">
        <p>{failed}</p>
        <Button
          variant="secondary"
          className="mt-2"
          onClick={() => {
            setFailed(null);
            setContent(null);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </Button>
      </Alert>
    );
  }
  return content ?? <PoliciesSkeleton />;
}
