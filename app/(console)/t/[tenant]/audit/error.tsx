"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Anything unexpected while drawing the audit log: a plain sentence and Try again, inside the shell. */
export default function AuditError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert tone="error" title="The audit log could not be shown">
      <p>Something went wrong while reading this org&apos;s audit log.</p>
      <Button variant="secondary" size="sm" className="mt-2" onClick={reset}>
        Try again
      </Button>
    </Alert>
  );
}
