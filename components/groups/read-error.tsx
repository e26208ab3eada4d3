"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Something could not be read from Okta: the plain sentence, and a way to try again. */
export function ReadError({ title, message, retryAfterSeconds, onRetry }: { title: string; message: string; retryAfterSeconds?: number; onRetry?: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-5 py-6 text-sm text-rose-800">
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{message}</p>
      {retryAfterSeconds ? <p className="mt-1">Try again in {retryAfterSeconds} seconds.</p> : null}
      <Button variant="secondary" className="mt-4" disabled={pending} onClick={() => startTransition(() => (onRetry ? onRetry() : router.refresh()))}>
        {pending ? "Trying again…" : "Try again"}
      </Button>
    </div>
  );
}
