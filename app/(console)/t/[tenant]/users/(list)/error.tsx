"use client";

import { ResultsError } from "../_components/results-error";

/** Anything unexpected while drawing the list: a plain sentence and Try again, inside the shell. */
export default function UsersError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ResultsError message="Something went wrong while showing the users of this org." onRetry={reset} />;
}
