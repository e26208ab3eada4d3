"use client";

import { Button } from "@/components/ui/button";

/** Anything unexpected while drawing the Log Viewer: a plain sentence and Try again, inside the shell. */
export default function LogsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-5 py-6 text-sm text-rose-800">
      <p className="font-semibold">Something went wrong while showing the System Log of this org.</p>
      <Button variant="secondary" className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
