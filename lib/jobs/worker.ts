import "server-only";
// The job worker of one console process. It polls for runnable jobs (and is kicked at once when this
// process creates or cancels one), claims items with a lease, runs up to CONCURRENCY of a job's items at a
// time through the gateway's bulk lane, and records each item's outcome with its own audit row.
//
// Claims: on PostgreSQL one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) per batch, so two
// instances never take the same item; on SQLite (one writer) a conditional updateMany per item. An item
// is claimable when pending, or running with an expired lease (its instance died): the lease is renewed
// while the item runs, so a live instance keeps its items and a crashed one's are taken over.
// A restart resumes: finished items are never run again, unfinished ones are claimed again (attempt > 1,
// and the kind looks at Okta's state first where a repeat would duplicate).
import crypto from "node:crypto";
import { setMaxListeners } from "node:events";
import os from "node:os";
import { appendAudit, isPostgres } from "@/lib/audit/append";
import type { AuditInput } from "@/lib/audit/types";
import { ActionError } from "@/lib/actions/errors";
import { activityOf, outcomeOf, type ActionTenant } from "@/lib/actions/core";
import type { Db } from "@/lib/db";
import { OktaRequestAbortedError, withOktaLane } from "@/lib/okta/budget";
import { oktaGatewayFor, withOktaRequestLog, type OktaGateway } from "@/lib/okta/gateway";
import { effectiveAccess, roleLabels } from "@/lib/rbac/grants";
import { rolesAllow, rolesAllowOnPrivilegedTarget } from "@/lib/rbac/permissions";
import { jobCounts, parseJson } from "./engine";
import { jobKind, type AnyJobKind } from "./kinds";
import type { JobItemContext, JobItemOutcome, JobKind, JobStatus } from "./types";

export interface JobWorkerOptions {
  db: Db;
  /** Names this process in claimedBy (default host:pid:random). */
  instanceId?: string;
  /** How long a claim holds without renewal (default 30 s; renewed every third of it). */
  leaseMs?: number;
  /** How often to look for runnable jobs (default 2 s; a job created in this process starts at once). */
  pollMs?: number;
  /** Items of one job in flight at once (default 8, the bulk lane's slots). */
  concurrency?: number;
  /** First look this long after start() (default: pollMs). Keeps the server's start-up cheap. */
  firstPollMs?: number;
  /** Tests: the gateway of a tenant (default oktaGatewayFor(..., { lane: "bulk" })). */
  gatewayFor?: (tenantId: string, db: Db) => Promise<OktaGateway>;
  /** Logs a line per job start and end (default true outside tests). */
  log?: boolean;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_POLL_MS = 2_000;
const DEFAULT_CONCURRENCY = 8;
const CLAIM_IDLE_MS = 250;
/** How often a running job re-reads its own status (cancel from another instance) and its creator's access. */
const RECHECK_MS = 1_000;

interface ClaimedItem {
  id: string;
  seq: number;
  label: string;
  input: string;
  attempts: number;
}

interface JobRow {
  id: string;
  tenantId: string;
  kind: string;
  title: string;
  status: string;
  params: string;
  createdById: string;
  createdByEmail: string | null;
  ticketId: string | null;
}

export class JobWorker {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly firstPollMs: number;
  private readonly gatewayFor: (tenantId: string, db: Db) => Promise<OktaGateway>;
  private readonly log: boolean;
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(options: JobWorkerOptions) {
    this.db = options.db;
    this.instanceId = options.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.firstPollMs = options.firstPollMs ?? this.pollMs;
    this.gatewayFor = options.gatewayFor ?? ((tenantId, db) => oktaGatewayFor({ id: tenantId }, { db, lane: "bulk" }));
    this.log = options.log ?? process.env.NODE_ENV !== "test";
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule(this.firstPollMs);
    return this;
  }

  /** Look now (a job was created or cancelled in this process). */
  kick(): void {
    if (this.stopped) return;
    this.schedule(0);
  }

  /** Stops polling; `abort` also cancels the items in flight (they stop before their next request). */
  async stop(options: { abort?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (options.abort) for (const run of this.runs.values()) run.controller.abort();
    await this.ticking;
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  /** Cancels this process's run of a job at once (its items stop before their next request). */
  abort(jobId: string): void {
    this.runs.get(jobId)?.controller.abort();
  }

  /** Resolves when no job of this worker is running (tests). */
  async idle(): Promise<void> {
    while (this.runs.size || this.ticking) {
      await Promise.all([this.ticking, ...[...this.runs.values()].map((r) => r.done)]);
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.ticking) {
      if (ms === 0) this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick()
        .catch((err: unknown) => console.error("[jobs] worker tick failed:", err instanceof Error ? err.message : err))
        .finally(() => {
          this.ticking = null;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.pollMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** One look: start scheduled jobs that are due, and run every runnable job not already running here. */
  async tick(now = new Date()): Promise<void> {
    await this.db.job.updateMany({ where: { status: "scheduled", scheduledFor: { lte: now } }, data: { status: "queued" } });
    const jobs = await this.db.job.findMany({
      where: { status: { in: ["queued", "running", "cancelling"] } },
      orderBy: { createdAt: "asc" },
      take: 50,
    });
    for (const job of jobs) {
      if (this.runs.has(job.id) || this.stopped) continue;
      const controller = new AbortController();
      // Every item in flight waits on the signal (budget slots, backoffs): more than Node's default 10.
      setMaxListeners(0, controller.signal);
      const done = this.runJob(job, controller)
        .catch((err: unknown) => console.error(`[jobs] job ${job.id} failed to run:`, err instanceof Error ? err.message : err))
        .finally(() => this.runs.delete(job.id));
      this.runs.set(job.id, { controller, done });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // One job

  private async runJob(job: JobRow, controller: AbortController): Promise<void> {
    const db = this.db;
    const kind = jobKind(job.kind);
    const tenant = await db.tenant.findUnique({ where: { id: job.tenantId } });
    if (!kind || !tenant || tenant.archivedAt) {
      const why = !kind ? `This console cannot run "${job.kind}" jobs.` : "The org is archived or gone; nothing was sent to Okta.";
      const now = new Date();
      await db.jobItem.updateMany({ where: { jobId: job.id, status: "pending" }, data: { status: "failed", error: why, finishedAt: now } });
      await db.job.updateMany({ where: { id: job.id, status: { in: ["queued", "running"] } }, data: { status: "failed", finishedAt: now } });
      return;
    }
    if (job.status === "queued") {
      await db.job.updateMany({ where: { id: job.id, status: "queued" }, data: { status: "running", startedAt: new Date() } });
      if (this.log) console.log(`[jobs] ${this.instanceId} runs job ${job.id} (${job.kind}, ${job.title})`);
    }
    const actionTenant: ActionTenant = {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      orgUrl: tenant.orgUrl,
      ticketRequired: tenant.ticketRequired,
      mastery: tenant.mastery,
      credentialType: tenant.credentialType,
      callerVerification: tenant.callerVerification,
    };
    const params = parseJson<unknown>(job.params, {});
    let gateway: OktaGateway | null = null;
    // The creator's access, re-read at most every RECHECK_MS while the job runs (a grant removed
    // mid-job stops the items that start after that).
    let access: { at: number; work: Promise<StaffAccessLike> } | null = null;
    const creatorAccess = (): Promise<StaffAccessLike> => {
      const now = Date.now();
      if (!access || now - access.at > RECHECK_MS) {
        const work = effectiveAccess(db, job.createdById);
        work.catch(() => {
          if (access?.work === work) access = null;
        });
        access = { at: now, work };
      }
      return access.work;
    };
    const inFlight = new Set<Promise<void>>();
    // Renew the leases of this instance's running items of this job.
    const renew = setInterval(() => {
      db.jobItem
        .updateMany({ where: { jobId: job.id, claimedBy: this.instanceId, status: "running" }, data: { leaseUntil: new Date(Date.now() + this.leaseMs) } })
        .catch(() => undefined);
    }, Math.max(200, Math.floor(this.leaseMs / 3)));
    renew.unref?.();

    let checkedAt = 0;
    let claimedNothing = false;
    try {
      for (;;) {
        if (Date.now() - checkedAt >= RECHECK_MS || claimedNothing) {
          checkedAt = Date.now();
          const current = await db.job.findUnique({ where: { id: job.id }, select: { status: true } });
          const status = (current?.status ?? "cancelled") as JobStatus;
          if (status === "cancelling" || status === "cancelled" || !current) controller.abort();
        }
        if (controller.signal.aborted) {
          await db.jobItem.updateMany({ where: { jobId: job.id, status: "pending" }, data: { status: "cancelled", finishedAt: new Date() } });
          break;
        }
        if (this.stopped) break;
        const free = this.concurrency - inFlight.size;
        const claimed = free > 0 ? await this.claim(job.id, free) : [];
        claimedNothing = claimed.length === 0;
        if (claimed.length === 0) {
          if (inFlight.size === 0) break;
          await Promise.race([Promise.race(inFlight), delay(CLAIM_IDLE_MS)]);
          continue;
        }
        gateway ??= await this.gatewayFor(job.tenantId, db);
        for (const item of claimed) {
          const p: Promise<void> = this.runItem(job, kind, actionTenant, params, gateway, item, controller.signal, creatorAccess)
            .catch((err: unknown) => console.error(`[jobs] item ${item.id} of job ${job.id}:`, err instanceof Error ? err.message : err))
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
      }
      await Promise.all(inFlight);
    } finally {
      clearInterval(renew);
    }
    await this.finish(job.id);
  }

  /** Marks the job completed / cancelled when no item is pending or running any more (on any instance). */
  private async finish(jobId: string): Promise<void> {
    const counts = (await jobCounts(this.db, [jobId])).get(jobId);
    if (!counts || counts.pending + counts.running > 0) return;
    const now = new Date();
    const job = await this.db.job.findUnique({ where: { id: jobId }, select: { status: true, cancelRequestedAt: true } });
    if (!job) return;
    const next: JobStatus = job.status === "cancelling" || job.cancelRequestedAt ? "cancelled" : "completed";
    const changed = await this.db.job.updateMany({ where: { id: jobId, status: { in: ["queued", "running", "cancelling"] } }, data: { status: next, finishedAt: now } });
    if (changed.count && this.log) console.log(`[jobs] job ${jobId} ${next}: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.cancelled} cancelled`);
  }

  /** Claims up to `n` items of the job for this instance (pending, or running with an expired lease). */
  async claim(jobId: string, n: number): Promise<ClaimedItem[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    if (isPostgres(this.db)) {
      const rows = await this.db.$queryRaw<Array<{ id: string; seq: number; label: string; input: string; attempts: number }>>`
        UPDATE "JobItem" SET "status" = 'running', "claimedBy" = ${this.instanceId}, "leaseUntil" = ${leaseUntil},
          "attempts" = "attempts" + 1, "startedAt" = COALESCE("startedAt", ${now})
        WHERE "id" IN (
          SELECT "id" FROM "JobItem"
          WHERE "jobId" = ${jobId} AND ("status" = 'pending' OR ("status" = 'running' AND "leaseUntil" < ${now}))
          ORDER BY "seq" LIMIT ${n}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING "id", "seq", "label", "input", "attempts"`;
      return rows.map((r) => ({ ...r, seq: Number(r.seq), attempts: Number(r.attempts) })).sort((a, b) => a.seq - b.seq);
    }
    // SQLite has one writer: inside one transaction nobody else can claim between the read and the
    // conditional update (which re-checks claimability anyway), so the batch is taken in three statements.
    const claimable = { jobId, OR: [{ status: "pending" }, { status: "running", leaseUntil: { lt: now } }] };
    return this.db.$transaction(async (tx) => {
      const candidates = await tx.jobItem.findMany({ where: claimable, orderBy: { seq: "asc" }, take: n, select: { id: true } });
      if (candidates.length === 0) return [];
      const ids = candidates.map((c) => c.id);
      await tx.jobItem.updateMany({ where: { id: { in: ids }, startedAt: null }, data: { startedAt: now } });
      await tx.jobItem.updateMany({
        where: { id: { in: ids }, OR: claimable.OR },
        data: { status: "running", claimedBy: this.instanceId, leaseUntil, attempts: { increment: 1 } },
      });
      const rows = await tx.jobItem.findMany({
        where: { id: { in: ids }, claimedBy: this.instanceId, leaseUntil },
        orderBy: { seq: "asc" },
        select: { id: true, seq: true, label: true, input: true, attempts: true },
      });
      return rows;
    });
  }

  // -------------------------------------------------------------------------------------------------
  // One item

  private async runItem(
    job: JobRow,
    kind: AnyJobKind,
    tenant: ActionTenant,
    params: unknown,
    okta: OktaGateway,
    claimed: ClaimedItem,
    signal: AbortSignal,
    creatorAccess: () => Promise<StaffAccessLike>,
  ): Promise<void> {
    const db = this.db;
    const parsedItem = kind.itemSchema.safeParse(parseJson(claimed.input, {}));
    const parsedParams = kind.paramsSchema.safeParse(params);
    const base: AuditInput = {
      action: kind.auditAction,
      staffId: job.createdById,
      staffEmail: job.createdByEmail,
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      target: parsedItem.success ? kind.target(parsedItem.data) : { type: "job_item", id: claimed.id, name: claimed.label },
      input: { jobId: job.id, item: claimed.seq, ...(parsedParams.success && isPlainObject(parsedParams.data) ? parsedParams.data : {}) },
      ticketId: job.ticketId,
      ip: null,
      userAgent: `okta-msp-console job worker (${this.instanceId})`,
      outcome: "success",
    };
    if (!parsedItem.success || !parsedParams.success) {
      await this.settle(claimed, { status: "failed", error: "The item's stored input is not valid for this kind of job." }, [], { ...base, outcome: "failure", errorCode: "invalid_item", errorSummary: "Stored input not valid" });
      return;
    }
    if (signal.aborted) {
      await this.settle(claimed, "cancelled", [], null);
      return;
    }

    // The creator's access NOW (a grant removed after the job was queued stops its remaining items).
    const roles = (await creatorAccess()).rolesFor(tenant.id);
    const permission = kind.permissionFor?.(parsedParams.data) ?? kind.permission;
    base.role = roleLabels(roles) || null;
    if (!rolesAllow(roles, permission)) {
      const who = job.createdByEmail ?? "The job's creator";
      const sentence = `${who} no longer may do this in ${tenant.name} (${activityOf(permission)}); nothing was sent to Okta.`;
      await this.settle(claimed, { status: "failed", error: sentence }, [], { ...base, outcome: "denied", errorCode: "forbidden", errorSummary: `Missing permission ${permission}` });
      return;
    }
    const ctx: JobItemContext<unknown> = {
      db,
      tenant,
      job: { id: job.id, kind: job.kind as JobKind, createdById: job.createdById, ticketId: job.ticketId },
      params: parsedParams.data,
      roles,
      can: (permission) => rolesAllow(roles, permission),
      assertCanActOn(check) {
        if (check.privileged && !rolesAllowOnPrivilegedTarget(roles, permission)) {
          const who = check.name ? `${check.name} holds` : "This user holds";
          throw new ActionError(
            `${who} an Okta admin role or is a service account; the job creator's role in ${tenant.name} (${roleLabels(roles)}) does not allow ${activityOf(permission)} for privileged users.`,
            "forbidden",
            undefined,
            "privileged_target",
          );
        }
      },
      okta,
      signal,
      attempt: claimed.attempts,
    };
    const logged = await withOktaLane("bulk", signal, () =>
      withOktaRequestLog(() => kind.runItem(ctx, parsedItem.data) as Promise<JobItemOutcome>, { staff: job.createdByEmail ?? job.createdById, ticketId: job.ticketId }),
    );
    const ids = logged.requestIds;
    if ("error" in logged && logged.error !== undefined) {
      if (logged.error instanceof OktaRequestAbortedError || (signal.aborted && isAbort(logged.error))) {
        // Cancelled before its next request: nothing more was sent. Requests already made are recorded.
        await this.settle(claimed, "cancelled", ids, ids.length ? { ...base, outcome: "failure", errorCode: "cancelled", errorSummary: "Job cancelled before this item finished", oktaRequestIds: ids } : null);
        return;
      }
      const outcome = outcomeOf(logged.error, kind.auditAction);
      const sentence = outcome.result.ok ? "Failed." : outcome.result.error;
      await this.settle(claimed, { status: "failed", error: sentence }, ids, { ...base, ...outcome.audit, oktaRequestIds: ids });
      return;
    }
    const result = logged.result!;
    const audit: AuditInput =
      result.status === "failed"
        ? { ...base, outcome: "failure", errorCode: "item_failed", errorSummary: result.error ?? "Failed", oktaRequestIds: ids }
        : result.status === "skipped"
          ? { ...base, outcome: "success", errorCode: "skipped", errorSummary: result.error ?? "Skipped", oktaRequestIds: ids }
          : { ...base, oktaRequestIds: ids };
    await this.settle(claimed, result, ids, audit);
  }

  /** Writes the item's outcome (only while this instance still holds it) and its audit row, together. */
  private async settle(claimed: ClaimedItem, outcome: JobItemOutcome | "cancelled", requestIds: string[], audit: AuditInput | null): Promise<void> {
    const now = new Date();
    const data =
      outcome === "cancelled"
        ? { status: "cancelled", finishedAt: now, leaseUntil: null, oktaRequestIds: JSON.stringify(requestIds) }
        : {
            status: outcome.status,
            result: outcome.result ? JSON.stringify(outcome.result) : null,
            error: outcome.error ? outcome.error.slice(0, 1000) : null,
            oktaRequestIds: JSON.stringify(requestIds.slice(0, 100)),
            finishedAt: now,
            leaseUntil: null,
          };
    const where = { id: claimed.id, claimedBy: this.instanceId, status: "running" };
    try {
      await this.db.$transaction(
        async (tx) => {
          const updated = await tx.jobItem.updateMany({ where, data });
          if (updated.count !== 1) throw new LostLease();
          if (audit) await appendAudit(tx, audit);
        },
        { maxWait: 15_000, timeout: 15_000 },
      );
    } catch (err) {
      if (err instanceof LostLease) {
        console.error(`[jobs] item ${claimed.id}: another instance took it over before its outcome was written (lease expired)`);
        return;
      }
      // The audit row could not be written: keep the item's outcome anyway (running it again would repeat
      // the Okta change) and alarm the operators.
      console.error(`[audit] AUDIT WRITE FAILED for job item ${claimed.id}: ${err instanceof Error ? err.message : String(err)}`);
      await this.db.jobItem.updateMany({ where, data }).catch(() => undefined);
    }
  }
}

class LostLease extends Error {}

type StaffAccessLike = Awaited<ReturnType<typeof effectiveAccess>>;

function isAbort(err: unknown): boolean {
  return typeof err === "object" && err !== null && ((err as { name?: string }).name === "AbortError" || (err as { code?: string }).code === "ABORTED");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------------
// The worker of this server process

const globalWorker = globalThis as unknown as { __jobWorker?: JobWorker };

/** Starts this process's worker (instrumentation.ts). The first look happens a few seconds later. */
export function startJobWorker(options: Partial<JobWorkerOptions> & { db: Db }): JobWorker {
  globalWorker.__jobWorker ??= new JobWorker({ firstPollMs: 3_000, ...options });
  return globalWorker.__jobWorker.start();
}

/** A job was created or cancelled in this process: look now instead of at the next poll. */
export function kickJobWorker(): void {
  globalWorker.__jobWorker?.kick();
}

export function abortLocalJob(jobId: string): void {
  globalWorker.__jobWorker?.abort(jobId);
}

export function currentJobWorker(): JobWorker | undefined {
  return globalWorker.__jobWorker;
}
