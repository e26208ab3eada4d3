import "server-only";
// The users list page's reads, through the wrapper:
//
//   usersPage(slug, searchParams)  -> ONE Okta call: the page of users, the next cursor, what Okta was asked
//   usersSearchAttributes(slug)    -> the advanced builder's attributes (the org's schema), when opened
//   usersMarkers(slug, {})         -> who is privileged (Okta admins, service accounts), read IN PARALLEL
//                                     with the page and bounded; the page never waits for it, and its
//                                     failure only turns the marker column to "unknown"
//
// A malformed advanced expression is refused by usersPage's input schema, i.e. before the wrapper
// even builds the org's gateway: no Okta call is made and the staff member reads the parser's sentence.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import type { Db } from "@/lib/db/client";
import type { OktaGateway } from "@/lib/okta/gateway";
import { listAdminAssignees } from "@/lib/okta/role-assignees";
import { readUserSchemaOrBase } from "@/lib/okta/user-schema";
import { listUsersPage, type UserSummary } from "@/lib/okta/users";
import { listInput, pageSize, type UsersFilterParams } from "./filters";
import { usersFilterSchema } from "./filters-schema";
import type { PrivilegeMarkers } from "./list-markers";
import { builderAttributes, type BuilderAttribute } from "./list-view";
import { serviceAccountContext } from "./privilege";
import { userListQuery, type OktaUserListParams } from "./search";

export interface UsersPageData {
  users: UserSummary[];
  nextAfter: string | null;
  /** False for Okta's `q`, which returns one page only. */
  pages: boolean;
  limit: number;
  /** What Okta was asked (shown to experts under the search). */
  query: { mode: OktaUserListParams["mode"]; expression: string | null };
}

/** The list's URL state, with the one Okta query it becomes checked here: malformed is refused before any call. */
export const usersPageInput = usersFilterSchema.superRefine((params, ctx) => {
  const query = userListQuery(listInput(params));
  if (!query.ok) ctx.addIssue({ code: "custom", path: ["search"], message: query.error });
});

export async function readUsersPage(okta: OktaGateway, tenant: { mastery: string }, params: UsersFilterParams): Promise<UsersPageData> {
  const query = userListQuery(listInput(params));
  // usersPageInput refused this already; kept for direct callers (bench, tests).
  if (!query.ok) throw new Error(query.error);
  const limit = pageSize(params);
  const page = await listUsersPage(okta, { params: query.params, after: params.after, limit, mastery: tenant.mastery });
  return {
    users: page.users,
    nextAfter: page.nextAfter,
    pages: page.pages,
    limit,
    query: { mode: query.params.mode, expression: query.params.q ?? query.params.filter ?? query.params.search ?? null },
  };
}

export const usersPage = tenantAction(
  {
    name: "users.list",
    permission: "users.read",
    input: usersPageInput,
    readOnly: true,
    auditFields: ["q", "status", "search", "sortBy", "sortOrder", "limit"],
    example: {},
  },
  async (ctx, input): Promise<UsersPageData> => readUsersPage(ctx.okta, ctx.tenant, input),
);

function errorLine(err: unknown): string {
  if (err && typeof err === "object" && "status" in err) return `HTTP ${String((err as { status: unknown }).status)}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The org-wide facts behind the privileged marker: the users holding an Okta admin role (bounded
 * pages of GET /api/v1/iam/assignees/users) and the service-account context (the org's
 * service-account group, the console's own principal, manual marks). The two reads run in parallel
 * and each may fail on its own: what failed is reported as unknown, never as "not privileged".
 */
export async function readPrivilegeMarkers(okta: OktaGateway, db: Db, tenantId: string): Promise<PrivilegeMarkers> {
  const [admins, service] = await Promise.allSettled([listAdminAssignees(okta), serviceAccountContext(okta, db, tenantId)]);
  if (admins.status === "rejected") console.warn(`[users list] admin roles not read: ${errorLine(admins.reason)}`);
  if (service.status === "rejected") console.warn(`[users list] service-account context not read: ${errorLine(service.reason)}`);
  const sa = service.status === "fulfilled" ? service.value : null;
  return {
    admins: admins.status === "fulfilled" ? { ids: [...admins.value.ids], complete: admins.value.complete } : null,
    serviceAccounts: sa
      ? {
          groupMemberIds: [...(sa.serviceAccountGroupMemberIds ?? [])],
          groupName: sa.serviceAccountGroupName ?? null,
          groupComplete: !sa.groupTruncated,
          consolePrincipalId: sa.consolePrincipalId ?? null,
          manualMarks: [...(sa.manualMarks ?? new Map<string, { purpose?: string | null }>())].map(([id, m]) => ({ id, purpose: m.purpose ?? null })),
        }
      : null,
  };
}

export const usersMarkers = tenantAction(
  { name: "users.list.markers", permission: "users.read", input: z.object({}), readOnly: true, auditFields: [], example: {} },
  async (ctx): Promise<PrivilegeMarkers> => readPrivilegeMarkers(ctx.okta, ctx.db, ctx.tenant.id),
);

export interface SearchAttributes {
  attributes: BuilderAttribute[];
  /** The org's profile attribute names (unknown ones are refused before the call), when read. */
  profileAttributes: string[] | null;
  /** Why only the standard attributes are offered, when the schema could not be read. */
  note: string | null;
}

/**
 * The advanced builder's attribute list from the org's user schema (lib/okta/user-schema.ts: cached
 * per org for a minute, so opening the builder rarely costs an Okta call).
 */
export const usersSearchAttributes = tenantAction(
  { name: "users.list.attributes", permission: "users.read", input: z.object({}), readOnly: true, auditFields: [], example: {} },
  async (ctx): Promise<SearchAttributes> => {
    const read = await readUserSchemaOrBase(ctx.okta);
    const attributes = builderAttributes(read.attributes.map((a) => ({ name: a.name, title: a.title, type: a.type })));
    return read.ok
      ? { attributes, profileAttributes: read.attributes.map((a) => a.name), note: null }
      : { attributes, profileAttributes: null, note: read.error };
  },
);
