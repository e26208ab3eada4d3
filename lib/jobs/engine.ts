import "server-only";
// Bulk jobs: a Job row and its JobItem rows in the console database. createJob() writes them in one
// transaction (validated by the kind's schemas); the worker (./worker.ts) claims items with a lease and
// runs them through the gateway's bulk lane. Everything a page shows is derived from the rows: counts
// come from the items (groupBy), never from counters, so two console instances stay correct.
import type { Db } from "@/lib/db";
import { ActionError } from "@/lib/actions/errors";
import { jobKind } from "./kinds";
import { ITEM_STATUSES, type JobItemStatus, type JobKind, type JobStatus } from "./types";

/** More items than this in one job are refused (a CSV import of 10,000 rows is the largest expected). */
export const MAX_JOB_ITEMS = 20_000;
const INSERT_CHUNK = 500;

export interface CreateJobInput {
  tenantId: string;
  kind: JobKind;
  title: string;
  params: unknown;
  /** In order; `label` is what a technician recognises (a login, a CSV row number). */
  items: ReadonlyArray<{ label: string; input: unknown }>;
  createdBy: { staffId: string; email?: string | null };
  ticketId?: string | null;
  /** Later than now: the job waits as "scheduled" and starts at that time. */
  scheduledFor?: Date | null;
}

export interface CreatedJob {
  id: string;
  status: JobStatus;
  total: number;
}

/**
 * Writes a job and all its items in one transaction, after validating the params and every item with
 * the kind's schemas (an invalid one refuses the whole job: ActionError "invalid" naming the item).
 * Permission checks belong to the action that calls this (the wrapper) and to the worker (per item).
 */
export async function createJob(db: Db, input: CreateJobInput, options: { now?: Date; kick?: boolean } = {}): Promise<CreatedJob> {
  const kind = jobKind(input.kind);
  if (!kind) throw new ActionError(`This console cannot run "${input.kind}" jobs.`, "invalid", undefined, "unknown_job_kind");
  if (input.items.length === 0) throw new ActionError("A job needs at least one item.", "invalid", undefined, "empty_job");
  if (input.items.length > MAX_JOB_ITEMS) {
    throw new ActionError(`A job takes at most ${MAX_JOB_ITEMS.toLocaleString("en-US")} items; split it.`, "invalid", undefined, "too_many_items");
  }
  const params = kind.paramsSchema.safeParse(input.params);
  if (!params.success) throw new ActionError(`The job's settings are not valid: ${params.error.issues[0]?.message ?? "invalid"}.`, "invalid", undefined, "invalid_params");
  const items = input.items.map((item, i) => {
    const parsed = kind.itemSchema.safeParse(item.input);
    if (!parsed.success) {
      throw new ActionError(`Item ${i + 1} (${item.label}) is not valid: ${parsed.error.issues[0]?.message ?? "invalid"}.`, "invalid", undefined, "invalid_item");
    }
    return { seq: i + 1, label: item.label.slice(0, 300), input: JSON.stringify(parsed.data) };
  });
  const now = options.now ?? new Date();
  const scheduled = input.scheduledFor && input.scheduledFor.getTime() > now.getTime() ? input.scheduledFor : null;
  const status: JobStatus = scheduled ? "scheduled" : "queued";

  const job = await db.$transaction(
    async (tx) => {
      const created = await tx.job.create({
        data: {
          tenantId: input.tenantId,
          kind: input.kind,
          title: input.title.slice(0, 200),
          status,
          params: JSON.stringify(params.data ?? {}),
          createdById: input.createdBy.staffId,
          createdByEmail: input.createdBy.email ?? null,
          ticketId: input.ticketId ?? null,
          total: items.length,
          scheduledFor: scheduled,
        },
        select: { id: true },
      });
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        await tx.jobItem.createMany({ data: items.slice(i, i + INSERT_CHUNK).map((it) => ({ ...it, jobId: created.id })) });
      }
      return created;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
  if (options.kick !== false) {
    // The worker of this process starts on it at once (other instances find it on their next poll).
    const { kickJobWorker } = await import("./worker");
    kickJobWorker();
  }
  return { id: job.id, status, total: items.length };
}

// ---------------------------------------------------------------------------------------------------
// Counts and reads

export type ItemCounts = Record<JobItemStatus, number> & { total: number; done: number };

function emptyCounts(): ItemCounts {
  const c = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<JobItemStatus, number>;
  return { ...c, total: 0, done: 0 };
}

/** Items per status for each job, from the items themselves (one groupBy). */
export async function jobCounts(db: Db, jobIds: readonly string[]): Promise<Map<string, ItemCounts>> {
  const out = new Map<string, ItemCounts>(jobIds.map((id) => [id, emptyCounts()]));
  if (jobIds.length === 0) return out;
  const rows = await db.jobItem.groupBy({ by: ["jobId", "status"], where: { jobId: { in: [...jobIds] } }, _count: { _all: true } });
  for (const row of rows) {
    const c = out.get(row.jobId);
    if (!c) continue;
    const n = row._count._all;
    if ((ITEM_STATUSES as readonly string[]).includes(row.status)) c[row.status as JobItemStatus] += n;
    c.total += n;
  }
  for (const c of out.values()) c.done = c.succeeded + c.failed + c.skipped + c.cancelled;
  return out;
}

/** Asks a job to stop: pending items are cancelled by the worker, a running item stops before its next request. */
export async function requestJobCancel(db: Db, jobId: string, tenantId: string, now = new Date()): Promise<{ status: JobStatus }> {
  const job = await db.job.findFirst({ where: { id: jobId, tenantId }, select: { status: true } });
  if (!job) throw new ActionError("There is no such job in this org.", "not_found", undefined, "job_not_found");
  const status = job.status as JobStatus;
  if (status === "completed" || status === "cancelled" || status === "failed") {
    throw new ActionError(`This job has already ${status === "completed" ? "finished" : status === "failed" ? "failed" : "been cancelled"}.`, "invalid", undefined, "job_finished");
  }
  // A scheduled or queued job that never started is cancelled outright, with its items.
  const next: JobStatus = status === "scheduled" || status === "queued" ? "cancelled" : "cancelling";
  await db.$transaction(async (tx) => {
    await tx.job.updateMany({
      where: { id: jobId, status: { in: ["scheduled", "queued", "running", "cancelling"] } },
      data: { status: next, cancelRequestedAt: now, ...(next === "cancelled" ? { finishedAt: now } : {}) },
    });
    await tx.jobItem.updateMany({ where: { jobId, status: "pending" }, data: { status: "cancelled", finishedAt: now } });
  });
  const { kickJobWorker, abortLocalJob } = await import("./worker");
  abortLocalJob(jobId);
  kickJobWorker();
  return { status: next };
}

/** JSON columns of an item, parsed (never throws). */
export function parseJson<T = unknown>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
