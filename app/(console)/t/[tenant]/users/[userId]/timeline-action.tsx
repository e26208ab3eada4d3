"use server";
// The user page's Timeline tab, rendered on the server when the tab is opened. The wrapper action reads
// (and authorizes) through lib/timeline/user-timeline.ts; a refusal is answered like every action's
// ({ ok: false, error }), a success carries the rendered card.
import type { ReactNode } from "react";
import { UserTimeline } from "@/components/timeline/user-timeline";
import type { ActionResult } from "@/lib/actions/result";
import { userTimelineView } from "@/lib/timeline/user-timeline";

export async function loadUserTimeline(slug: string, userId: string): Promise<ActionResult<{ content: ReactNode }>> {
  const result = await userTimelineView(slug, { userId });
  if (!result.ok) return result;
  return { ok: true, data: { content: <UserTimeline slug={slug} userId={userId} audit={result.data.audit} events={result.data.events} /> } };
}
