"use client";
// The Policies tab of a user's page: mounted when the tab is opened, it asks the server for the card
// (the policy reads cost a dozen Okta requests, so they are not part of every user view).
import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { LoadOnMount } from "@/components/ui/load-on-mount";
import { PoliciesSkeleton } from "./policies-skeleton";

export function UserPoliciesTab({ load }: { load: () => Promise<ActionResult<{ content: ReactNode }>> }) {
  return <LoadOnMount load={load} skeleton={<PoliciesSkeleton />} errorTitle="Policies could not be loaded" />;
}
