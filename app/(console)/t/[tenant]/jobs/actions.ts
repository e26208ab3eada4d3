"use server";
// Thin server-action exports for the jobs pages and the users list's bulk actions; each calls one
// wrapper-defined action (lib/jobs/actions.ts), which validates, authorizes and audits.
import { BULK_USER_ACTIONS, type BulkUserAction } from "@/lib/jobs/kinds/bulk-user-action-schema";
import { bulkUserActions, cancelJobAction, jobDetailView } from "@/lib/jobs/actions";

export async function readJobDetail(slug: string, input: unknown) {
  return jobDetailView(slug, input);
}

export async function cancelJob(slug: string, input: unknown) {
  return cancelJobAction(slug, input);
}

export async function startBulkUserAction(slug: string, action: BulkUserAction, input: unknown) {
  if (!(BULK_USER_ACTIONS as readonly string[]).includes(action)) {
    return { ok: false as const, code: "invalid" as const, error: "Unknown bulk action." };
  }
  return bulkUserActions[action](slug, input);
}
