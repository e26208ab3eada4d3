"use server";
// The user page's Policies tab, rendered on the server when the tab is opened: the wrapper action reads
// (and authorizes) through lib/policies/actions.ts; this only turns its answer into the card.
import { UserPoliciesCard } from "@/components/policies/policies-card";
import { userPoliciesView } from "@/lib/policies/actions";

export async function loadUserPolicies(slug: string, userId: string) {
  return <UserPoliciesCard reads={userPoliciesView(slug, { userId })} />;
}
