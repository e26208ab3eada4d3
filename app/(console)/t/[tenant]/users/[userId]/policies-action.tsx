"use server";
// The user page's Policies tab, rendered on the server when the tab is opened. The wrapper action reads
// (and authorizes) through lib/policies/actions.ts; a refusal is answered like every action's
// ({ ok: false, error }), a success carries the rendered card.
import type { ReactNode } from "react";
import { UserPoliciesCard } from "@/components/policies/policies-card";
import type { ActionResult } from "@/lib/actions/result";
import { userPoliciesView } from "@/lib/policies/actions";

export async function loadUserPolicies(slug: string, userId: string): Promise<ActionResult<{ content: ReactNode }>> {
  const result = await userPoliciesView(slug, { userId });
  if (!result.ok) return result;
  return { ok: true, data: { content: <UserPoliciesCard reads={Promise.resolve(result)} /> } };
}
