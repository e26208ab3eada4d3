"use client";
// The Policies tab of a user's page: mounted when the tab is opened, it asks the server for the card
// (the policy reads cost a dozen Okta requests, so they are not part of every user view).
import { useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PoliciesSkeleton } from "./policies-skeleton";

export function UserPoliciesTab({ load }: { load: () => Promise<ReactNode> }) {
  const [content, setContent] = useState<ReactNode>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (node) => live && setContent(node),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  if (failed) {
    return (
      <Alert tone="error" title="Policies could not be loaded">
        <p>The console did not answer. Check your connection and try again.</p>
        <Button
          variant="secondary"
          className="mt-2"
          onClick={() => {
            setFailed(false);
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
