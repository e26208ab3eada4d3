"use client";

import { ReadError } from "@/components/groups/read-error";

/** Anything unexpected while drawing the list: a plain sentence and Try again, inside the shell. */
export default function GroupsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ReadError title="The groups could not be shown." message="Something went wrong while showing the groups of this org." onRetry={reset} />;
}
