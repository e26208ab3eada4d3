"use client";
// The Timeline tab of a user's page: mounted when the tab is opened, it asks the server for the card
// (one System Log request and one audit query, not part of every user view).
import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { CardSkeleton } from "@/components/ui/skeleton";
import { LoadOnMount } from "@/components/ui/load-on-mount";

export function UserTimelineTab({ load }: { load: () => Promise<ActionResult<{ content: ReactNode }>> }) {
  return <LoadOnMount load={load} skeleton={<CardSkeleton title="Timeline" rows={5} />} errorTitle="The timeline could not be loaded" />;
}
