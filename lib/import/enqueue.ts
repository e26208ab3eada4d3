import "server-only";
// Hands a kind's items to the job engine (lib/jobs/engine.ts createJob) as the action's creator, with
// the action's Ticket ID. One place for the kinds of this folder and lib/offboarding.
import type { TenantActionContext } from "@/lib/actions";
import { createJob } from "@/lib/jobs/engine";
import type { JobKind } from "@/lib/jobs/types";

export interface EnqueueArgs {
  kind: JobKind;
  title: string;
  params: Record<string, unknown>;
  items: { label: string; input: Record<string, unknown> }[];
  scheduledFor?: Date | null;
}

export async function enqueueJob(ctx: TenantActionContext, args: EnqueueArgs): Promise<string> {
  const job = await createJob(ctx.db, {
    tenantId: ctx.tenant.id,
    kind: args.kind,
    title: args.title,
    params: args.params,
    items: args.items,
    createdBy: { staffId: ctx.staff.staffId, email: ctx.staff.email },
    ticketId: ctx.ticketId,
    scheduledFor: args.scheduledFor ?? null,
  });
  ctx.setTarget({ type: "job", id: job.id, name: args.title });
  return job.id;
}
