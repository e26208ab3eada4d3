// The contract between the bulk-job engine (lib/jobs/engine.ts, worker.ts) and the kinds of work it runs
// (lib/jobs/kinds/*): a kind turns one item into Okta calls; the engine claims items, runs them through
// the gateway's bulk lane, records each outcome and audit row, and survives restarts and other instances.
import type { z } from "zod";
import type { Db } from "@/lib/db";
import type { OktaGateway } from "@/lib/okta/gateway";
import type { ActionTenant, PrivilegedTargetCheck } from "@/lib/actions/core";
import type { Permission, Role } from "@/lib/rbac/permissions";

export const JOB_KINDS = ["user_import", "bulk_user_action", "offboarding"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["queued", "scheduled", "running", "cancelling", "cancelled", "completed", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const ITEM_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "cancelled"] as const;
export type JobItemStatus = (typeof ITEM_STATUSES)[number];

/** What one item's run ended as. `result` is JSON-safe and never holds a secret (it is stored and exported). */
export interface JobItemOutcome {
  status: "succeeded" | "failed" | "skipped";
  /** Kind-specific detail shown on the job page and in the CSV report (offboarding: one entry per step). */
  result?: Record<string, unknown>;
  /** A plain sentence for a technician (failed / skipped). */
  error?: string;
}

/** Everything a kind may use to run one item: the job creator's authority, re-read when the item runs. */
export interface JobItemContext<P> {
  db: Db;
  tenant: ActionTenant;
  job: { id: string; kind: JobKind; createdById: string; ticketId: string | null };
  params: P;
  /** The creator's roles in this org now (a grant removed after the job was queued stops its items). */
  roles: ReadonlySet<Role>;
  can(permission: Permission): boolean;
  /** Throws a forbidden ActionError when the creator may not act on this privileged target (same rule as single actions). */
  assertCanActOn(target: PrivilegedTargetCheck): void;
  /** The org's gateway, bulk lane: interactive requests of the same org go first. */
  okta: OktaGateway;
  /** Aborted when the job is cancelled: stop before the next Okta request. */
  signal: AbortSignal;
  /**
   * 1 for the first run of this item; more when an earlier run was cut off (a crash, a lost lease) and
   * this one takes it over: look at Okta's state first where repeating the write would duplicate it.
   * Optional (engine extension): absent means 1.
   */
  attempt?: number;
}

export interface JobKindDefinition<P, I> {
  kind: JobKind;
  /** Permission every item needs (checked at creation and again per item at run time). */
  permission: Permission;
  /**
   * Optional (engine extension): the permission for these params when it depends on them (a bulk user
   * action: reset password needs users.resetPassword, suspend users.lifecycle). The engine checks and
   * applies the privileged-target rule of this one when present, `permission` otherwise.
   */
  permissionFor?(params: P): Permission;
  paramsSchema: z.ZodType<P>;
  itemSchema: z.ZodType<I>;
  /** The audit action name written per item, e.g. "job.offboarding.item". */
  auditAction: string;
  /** What the item acts on, for its audit row. */
  target(item: I): { type: string; id: string; name?: string };
  runItem(ctx: JobItemContext<P>, item: I): Promise<JobItemOutcome>;
}

// Notes for kinds:
// - runItem may run again for an item whose previous attempt was cut off (a crash, a lost lease): make it
//   safe to repeat (look at Okta's state first where a repeat would duplicate, e.g. create-by-login).
// - Check `signal.aborted` before each Okta call of a multi-step item.
// - Never put a password, token or one-time code in `result`, `error` or the item's `input`.
