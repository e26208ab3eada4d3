import "server-only";
// Kind user_import: one CSV row -> one Okta user (profile, groups, activation). Safe to repeat: the
// login is looked up in Okta first, so an item whose earlier attempt created the user (and was then
// cut off by a crash or a lost lease) does not create a second one; it finishes the groups instead.
// No password is ever set (bulk imports never issue temporary passwords: each could be shown once
// only), so nothing secret is in the params, the items or the results.
import { z } from "zod";
import { mapBounded } from "@/lib/okta/bounded";
import { describeOktaError } from "@/lib/okta/gateway";
import { oktaGroupIdSchema } from "@/lib/users/schemas";
import type { JobItemContext, JobItemOutcome, JobKindDefinition } from "@/lib/jobs/types";
import { findUserByLogin } from "./lookups";

export const IMPORT_ACTIVATIONS = ["email", "staged"] as const;
export type ImportActivation = (typeof IMPORT_ACTIVATIONS)[number];

export const importParamsSchema = z.object({
  activation: z.enum(IMPORT_ACTIVATIONS),
  fileName: z.string().max(200).default("import.csv"),
});
export type ImportParams = z.infer<typeof importParamsSchema>;

const profileValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null(), z.array(z.union([z.string().max(1024), z.number()])).max(100)]);
export const importItemSchema = z.object({
  /** The row's line in the file (for the technician). */
  line: z.number().int().min(2),
  login: z.string().min(5).max(100),
  profile: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/), profileValue),
  groups: z.array(z.object({ id: oktaGroupIdSchema, name: z.string().max(255) })).max(50).default([]),
});
export type ImportItem = z.infer<typeof importItemSchema>;

const GROUP_CONCURRENCY = 4;
const isRec = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const statusOf = (err: unknown) => (isRec(err) && typeof err.status === "number" ? err.status : undefined);
const sentence = (err: unknown, fallback: string) => describeOktaError(err)?.sentence ?? (err instanceof Error && err.message ? err.message : fallback);

function aborted(ctx: JobItemContext<unknown>): JobItemOutcome | null {
  return ctx.signal.aborted ? { status: "skipped", error: "The job was cancelled before this row was created." } : null;
}

/** The same person as the row (an earlier attempt of this item made them)? */
function sameAsRow(existing: Record<string, unknown>, item: ImportItem): boolean {
  const p = isRec(existing.profile) ? existing.profile : {};
  const eq = (a: unknown, b: unknown) => String(a ?? "").trim().toLowerCase() === String(b ?? "").trim().toLowerCase();
  return ["firstName", "lastName", "email"].every((k) => eq(p[k], item.profile[k]));
}

async function addGroups(ctx: JobItemContext<ImportParams>, userId: string, item: ImportItem): Promise<{ added: string[]; errors: string[] }> {
  const added: string[] = [];
  const errors: string[] = [];
  await mapBounded(item.groups, GROUP_CONCURRENCY, async (g) => {
    if (ctx.signal.aborted) return void errors.push(`${g.name}: not added (the job was cancelled).`);
    try {
      // PUT membership is idempotent in Okta: repeating it for a member changes nothing.
      await ctx.okta.client.groupApi.assignUserToGroup({ groupId: g.id, userId });
      added.push(g.name);
    } catch (err) {
      errors.push(`${g.name}: ${statusOf(err) === 404 ? "Okta has no such group any more." : sentence(err, "not added.")}`);
    }
  });
  return { added, errors };
}

export async function runImportItem(ctx: JobItemContext<ImportParams>, item: ImportItem): Promise<JobItemOutcome> {
  const stop = aborted(ctx);
  if (stop) return stop;
  const existing = await findUserByLogin(ctx.okta, item.login);
  let userId: string;
  let status: string | null;
  let reused = false;
  if (existing) {
    if (!sameAsRow(existing, item)) {
      return {
        status: "failed",
        result: { login: item.login, existingUserId: String(existing.id ?? "") },
        error: `Okta already has a different user with login ${item.login}; this row was not created.`,
      };
    }
    userId = String(existing.id ?? "");
    status = typeof existing.status === "string" ? existing.status : null;
    reused = true;
  } else {
    const again = aborted(ctx);
    if (again) return again;
    try {
      const created = await ctx.okta.client.userApi.createUser({ body: { profile: item.profile as never }, activate: ctx.params.activation === "email" });
      userId = String(created.id ?? "");
      status = typeof created.status === "string" ? created.status : null;
    } catch (err) {
      if (statusOf(err) === 400) {
        const causes = isRec(err) && Array.isArray(err.errorCauses) ? err.errorCauses.map((c) => (isRec(c) ? String(c.errorSummary ?? "") : "")).filter(Boolean) : [];
        return { status: "failed", result: { login: item.login }, error: `Okta refused row ${item.line}: ${[sentence(err, "invalid input"), ...causes].join(" ")}` };
      }
      throw err;
    }
  }
  const groups = await addGroups(ctx, userId, item);
  const result = {
    login: item.login,
    outcome: reused ? "Already created (not created twice)" : ctx.params.activation === "email" ? "Created and activated (activation email sent)" : "Created (staged)",
    userId,
    status,
    ...(reused ? { note: "Already in Okta with this row's name and email (an earlier attempt created it); not created twice." } : {}),
    ...(item.groups.length ? { groupsAdded: groups.added.join("; ") } : {}),
    ...(groups.errors.length ? { groupsNotAdded: groups.errors.join("; ") } : {}),
  };
  if (groups.errors.length) return { status: "failed", result, error: `Created ${item.login}, but not every group: ${groups.errors.join("; ")}` };
  return { status: "succeeded", result };
}

export const userImportKind: JobKindDefinition<ImportParams, ImportItem> = {
  kind: "user_import",
  permission: "users.import",
  paramsSchema: importParamsSchema,
  itemSchema: importItemSchema,
  auditAction: "job.user_import.item",
  target: (item) => ({ type: "user", id: item.login, name: item.login }),
  runItem: runImportItem,
};
