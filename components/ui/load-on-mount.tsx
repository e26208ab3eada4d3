"use client";
// Content the server renders only when it is first shown (a tab opened): mounted, it calls a server
// action for the rendered content, shows `skeleton` meanwhile, and the action's refusal or a lost
// connection as an alert with Try again.
import { useEffect, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "./alert";
import { Button } from "./button";

export function LoadOnMount({ load, skeleton, errorTitle }: { load: () => Promise<ActionResult<{ content: ReactNode }>>; skeleton: ReactNode; errorTitle: string }) {
  const [content, setContent] = useState<ReactNode>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (result) => {
        if (!live) return;
        if (result.ok) setContent(result.data.content);
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
      <Alert tone="error" title={errorTitle}>
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
  return content ?? skeleton;
}
