import "server-only";
// The jobs pages' actions, through the one wrapper: the history, one job with its items (polled every
// second by the job page), cancel, the CSV report (a route), and the users list's bulk actions (one
// action per operation, each with the operation's own permission, so the authorization matrix and the
// permission table see exactly what single actions need). Nothing here calls Okta: the worker does.
import { z } from "zod";
import { ActionError, tenantAction, tenantRoute, toResponse } from "@/lib/actions";
import { listAppsPage } from "@/lib/okta/apps";
import type { Permission } from "@/lib/rbac/permissions";
import type { LookupResult } from "@/lib/users/lookups";
import { lookupSchema } from "@/lib/users/schemas";
import { enforceCallerCheckForJob } from "@/lib/verification/service";
import { createJob, jobCounts, parseJson, requestJobCancel, type ItemCounts } from "./engine";
import { BULK_ACTION_LABELS, BULK_ACTION_PERMISSIONS, BULK_USER_ACTIONS, MAX_BULK_USERS, type BulkUserAction } from "./kinds/bulk-user-action-schema";
import { jobReportCsv } from "./report";
import { ITEM_STATUSES, type JobItemStatus, type JobKind, type JobStatus } from "./types";

const EXAMPLE_JOB_ID = "cjobexample000000000000001";
const EXAMPLE_USER_ID = "00uexample0000000001";
export const ITEMS_PER_PAGE = 100;
const JOBS_PER_PAGE = 25;

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  user_import: "CSV import",
  bulk_user_action: "Bulk user action",
  offboarding: "Offboarding",
};

const jobIdSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Not a job id.");

export interface JobSummary {
  id: string;
  kind: JobKind;
  kindLabel: string;
  title: string;
  status: JobStatus;
  createdByEmail: string | null;
  ticketId: string | null;
  createdAt: string;
  scheduledFor: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  counts: ItemCounts;
}

export interface JobItemRow {
  id: string;
  seq: number;
  label: string;
  status: JobItemStatus;
  /** The kind's result (never a secret), for the per-item line. */
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  finishedAt: string | null;
}

export interface JobDetail extends JobSummary {
  /** Items finished per minute recently (null before there is a rate to tell). */
  ratePerMinute: number | null;
  /** Seconds until every item is done at that rate (null when unknown or finished). */
  etaSeconds: number | null;
  items: JobItemRow[];
  itemsPage: number;
  itemPages: number;
  itemFilter: JobItemStatus | null;
  canCancel: boolean;
}

type JobRow = Awaited<ReturnType<import("@/lib/db").Db["job"]["findFirst"]>> & {};

function summaryOf(job: NonNullable<JobRow>, counts: ItemCounts): JobSummary {
  return {
    id: job.id,
    kind: job.kind as JobKind,
    kindLabel: JOB_KIND_LABELS[job.kind as JobKind] ?? job.kind,
    title: job.title,
    status: job.status as JobStatus,
    createdByEmail: job.createdByEmail,
    ticketId: job.ticketId,
    createdAt: job.createdAt.toISOString(),
    scheduledFor: job.scheduledFor?.toISOString() ?? null,
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    counts,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reads

export const jobsListView = tenantAction(
  {
    name: "jobs.list",
    permission: "jobs.read",
    input: z.object({ page: z.coerce.number().int().min(1).max(1000).optional() }),
    readOnly: true,
    okta: false,
    auditFields: ["page"],
  },
  async (ctx, input): Promise<{ jobs: JobSummary[]; page: number; pages: number }> => {
    const page = input.page ?? 1;
    const [total, jobs] = await Promise.all([
      ctx.db.job.count({ where: { tenantId: ctx.tenant.id } }),
      ctx.db.job.findMany({ where: { tenantId: ctx.tenant.id }, orderBy: { createdAt: "desc" }, skip: (page - 1) * JOBS_PER_PAGE, take: JOBS_PER_PAGE }),
    ]);
    const counts = await jobCounts(ctx.db, jobs.map((j) => j.id));
    return { jobs: jobs.map((j) => summaryOf(j, counts.get(j.id)!)), page, pages: Math.max(1, Math.ceil(total / JOBS_PER_PAGE)) };
  },
);

const RATE_WINDOW_MS = 30_000;

export const jobDetailView = tenantAction(
  {
    name: "jobs.detail",
    permission: "jobs.read",
    input: z.object({
      jobId: jobIdSchema,
      page: z.coerce.number().int().min(1).max(1000).optional(),
      status: z.enum(ITEM_STATUSES).optional(),
    }),
    readOnly: true,
    okta: false,
    auditFields: ["jobId"],
    target: (i) => ({ type: "job", id: i.jobId }),
    example: { jobId: EXAMPLE_JOB_ID },
  },
  // A read: a job that is not there is part of the answer (null: the page is a 404), not a refusal.
  async (ctx, input): Promise<JobDetail | null> => {
    // Always by id AND org: another org's job answers like one that does not exist.
    const job = await ctx.db.job.findFirst({ where: { id: input.jobId, tenantId: ctx.tenant.id } });
    if (!job) return null;
    const now = Date.now();
    const itemWhere = { jobId: job.id, ...(input.status ? { status: input.status } : {}) };
    const [counts, recent, filtered] = await Promise.all([
      jobCounts(ctx.db, [job.id]),
      ctx.db.jobItem.count({ where: { jobId: job.id, finishedAt: { gte: new Date(now - RATE_WINDOW_MS) }, status: { in: ["succeeded", "failed", "skipped"] } } }),
      ctx.db.jobItem.count({ where: itemWhere }),
    ]);
    const c = counts.get(job.id)!;
    const itemPages = Math.max(1, Math.ceil(filtered / ITEMS_PER_PAGE));
    const page = Math.min(input.page ?? 1, itemPages);
    const items = await ctx.db.jobItem.findMany({
      where: itemWhere,
      orderBy: { seq: "asc" },
      skip: (page - 1) * ITEMS_PER_PAGE,
      take: ITEMS_PER_PAGE,
      select: { id: true, seq: true, label: true, status: true, result: true, error: true, attempts: true, finishedAt: true },
    });
    // Rate: items finished in the last 30 s, or since the start when younger than that.
    const started = job.startedAt?.getTime() ?? null;
    let ratePerMinute: number | null = null;
    if (started !== null && c.done > 0) {
      const span = Math.min(RATE_WINDOW_MS, Math.max(1_000, (job.finishedAt?.getTime() ?? now) - started));
      const finishedInSpan = job.finishedAt ? c.succeeded + c.failed + c.skipped : recent;
      const perMs = (span < RATE_WINDOW_MS ? c.succeeded + c.failed + c.skipped : finishedInSpan) / span;
      ratePerMinute = Math.round(perMs * 60_000 * 10) / 10;
    }
    const open = c.pending + c.running;
    const active = job.status === "running" || job.status === "queued";
    const etaSeconds = active && ratePerMinute && ratePerMinute > 0 && open > 0 ? Math.ceil((open / ratePerMinute) * 60) : null;
    return {
      ...summaryOf(job, c),
      ratePerMinute,
      etaSeconds,
      items: items.map((i) => ({
        id: i.id,
        seq: i.seq,
        label: i.label,
        status: i.status as JobItemStatus,
        result: parseJson<Record<string, unknown> | null>(i.result, null),
        error: i.error,
        attempts: i.attempts,
        finishedAt: i.finishedAt?.toISOString() ?? null,
      })),
      itemsPage: page,
      itemPages,
      itemFilter: input.status ?? null,
      canCancel: ctx.can("jobs.cancel") && ["scheduled", "queued", "running"].includes(job.status),
    };
  },
);

// ---------------------------------------------------------------------------------------------------
// Changes

export const cancelJobAction = tenantAction(
  {
    name: "jobs.cancel",
    permission: "jobs.cancel",
    input: z.object({ jobId: jobIdSchema }),
    okta: false,
    auditFields: ["jobId"],
    target: (i) => ({ type: "job", id: i.jobId }),
    example: { jobId: EXAMPLE_JOB_ID },
  },
  async (ctx, input): Promise<{ status: JobStatus }> => {
    const job = await ctx.db.job.findFirst({ where: { id: input.jobId, tenantId: ctx.tenant.id }, select: { id: true, title: true } });
    if (!job) throw new ActionError("There is no such job in this org.", "not_found", undefined, "job_not_found");
    ctx.setTarget({ type: "job", id: job.id, name: job.title });
    return requestJobCancel(ctx.db, job.id, ctx.tenant.id);
  },
);

const bulkUsersField = z
  .array(z.object({ userId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an Okta id."), login: z.string().max(300).optional() }))
  .min(1, "Select at least one user.")
  .max(MAX_BULK_USERS, `At most ${MAX_BULK_USERS} users at once.`);

function bulkInputSchema(action: BulkUserAction) {
  const base = { users: bulkUsersField };
  if (action === "add_to_group" || action === "remove_from_group") return z.object({ ...base, groupId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose a group.") });
  if (action === "assign_app") return z.object({ ...base, appId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose an app.") });
  if (action === "clear_sessions") return z.object({ ...base, revokeOAuthTokens: z.boolean().optional() });
  return z.object(base);
}

export interface BulkJobStarted {
  jobId: string;
  total: number;
}

function bulkAction(action: BulkUserAction) {
  const permission: Permission = BULK_ACTION_PERMISSIONS[action];
  const schema = bulkInputSchema(action);
  const example: Record<string, unknown> = { users: [{ userId: EXAMPLE_USER_ID, login: "someone@example.com" }] };
  if (action === "add_to_group" || action === "remove_from_group") example.groupId = "00gexample0000000001";
  if (action === "assign_app") example.appId = "0oaexample0000000001";
  return tenantAction(
    {
      name: `users.bulk.${action}`,
      permission,
      input: schema,
      target: () => ({ type: "job" }),
      auditInput: (i: Record<string, unknown>) => ({
        users: (i.users as Array<{ userId: string }>).length,
        userIds: (i.users as Array<{ userId: string }>).slice(0, 50).map((u) => u.userId),
        ...(i.groupId ? { groupId: i.groupId } : {}),
        ...(i.appId ? { appId: i.appId } : {}),
        ...(i.revokeOAuthTokens !== undefined ? { revokeOAuthTokens: i.revokeOAuthTokens } : {}),
      }),
      example: example as never,
      okta: false,
    },
    async (ctx, raw): Promise<BulkJobStarted> => {
      const input = raw as { users: Array<{ userId: string; login?: string }>; groupId?: string; appId?: string; revokeOAuthTokens?: boolean };
      // One item per user, each once.
      const seen = new Set<string>();
      const users = input.users.filter((u) => (seen.has(u.userId) ? false : (seen.add(u.userId), true)));
      // Resets are caller-driven: the org's caller-verification rule applies to them in bulk too.
      if (action === "reset_password" || action === "reset_mfa") await enforceCallerCheckForJob(ctx, users.map((u) => u.userId));
      const n = users.length;
      const title = `${BULK_ACTION_LABELS[action]}: ${n} user${n === 1 ? "" : "s"}`;
      const job = await createJob(ctx.db, {
        tenantId: ctx.tenant.id,
        kind: "bulk_user_action",
        title,
        params: {
          action,
          ...(input.groupId ? { groupId: input.groupId } : {}),
          ...(input.appId ? { appId: input.appId } : {}),
          ...(input.revokeOAuthTokens !== undefined ? { revokeOAuthTokens: input.revokeOAuthTokens } : {}),
        },
        items: users.map((u) => ({ label: u.login || u.userId, input: { userId: u.userId, ...(u.login ? { login: u.login } : {}) } })),
        createdBy: { staffId: ctx.staff.staffId, email: ctx.staff.email || null },
        ticketId: ctx.ticketId,
      });
      ctx.setTarget({ type: "job", id: job.id, name: title });
      return { jobId: job.id, total: job.total };
    },
  );
}

export const bulkUserActions = Object.fromEntries(BULK_USER_ACTIONS.map((a) => [a, bulkAction(a)])) as Record<BulkUserAction, ReturnType<typeof bulkAction>>;

// ---------------------------------------------------------------------------------------------------
// CSV report

export const jobReportRoute = tenantRoute(
  {
    name: "jobs.report",
    permission: "jobs.read",
    input: z.object({ jobId: jobIdSchema }),
    readOnly: true,
    okta: false,
    auditFields: ["jobId"],
    target: (i) => ({ type: "job", id: i.jobId }),
    example: { jobId: EXAMPLE_JOB_ID },
  },
  async (ctx, input): Promise<{ csv: string; filename: string } | null> => {
    const job = await ctx.db.job.findFirst({ where: { id: input.jobId, tenantId: ctx.tenant.id }, select: { id: true, kind: true, createdAt: true } });
    if (!job) return null;
    const items = await ctx.db.jobItem.findMany({
      where: { jobId: job.id },
      orderBy: { seq: "asc" },
      select: { seq: true, label: true, status: true, result: true, error: true, attempts: true, oktaRequestIds: true, startedAt: true, finishedAt: true },
    });
    const stamp = job.createdAt.toISOString().slice(0, 19).replace(/[-:T]/g, "");
    return { csv: jobReportCsv(items), filename: `${ctx.tenant.slug}-${job.kind}-${stamp}-${job.id}.csv` };
  },
  {
    respond: (result) => {
      if (!result.ok) return toResponse(result);
      if (!result.data) return Response.json({ ok: false, code: "not_found", error: "There is no such job in this org." }, { status: 404 });
      // A BOM so spreadsheet programs read the report as UTF-8.
      return new Response(`\uFEFF${result.data.csv}`, {
        status: 200,
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${result.data.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
          "Cache-Control": "no-store",
        },
      });
    },
  },
);

// ---------------------------------------------------------------------------------------------------
// The "Assign app" picker of the users list's bulk actions: active apps whose label starts with `q`.

/** GET /api/t/[tenant]/jobs/app-lookup?q=&limit= -> {items: [{id, label, sublabel, status}]} (one Okta request). */
export const appLookupRoute = tenantRoute(
  { name: "app.lookup", permission: "apps.read", input: lookupSchema, readOnly: true, auditFields: ["q"], example: { q: "sales" } },
  async (ctx, input): Promise<LookupResult> => {
    const page = await listAppsPage(ctx.okta, { q: input.q, limit: input.limit });
    return {
      items: page.apps
        .filter((a) => a.status === "ACTIVE")
        .slice(0, input.limit)
        .map((a) => ({ id: a.id, label: a.label, sublabel: a.name, status: a.status })),
    };
  },
);
