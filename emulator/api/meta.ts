/**
 * GET /api/v1/meta/schemas/user/:schemaId (the default user type's profile schema) and
 * GET /api/v1/iam/assignees/users (users holding admin role assignments, Okta's `value` + `_links.next` page).
 */
import { errors, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { Router } from "../router.ts";
import { isUserSchemaId, serializeUserSchema } from "../schema.ts";
import { SortedIds } from "../store.ts";
import { orgId } from "./org.ts";
import { adminAssigneeIds } from "../roles.ts";

function getUserSchema(ctx: ApiContext): ApiResult {
  const schemaId = ctx.params.schemaId!;
  if (!isUserSchemaId(ctx.org, schemaId)) throw errors.notFound(schemaId, "UserSchema");
  return { status: 200, body: serializeUserSchema(ctx.org, ctx.orgUrl) };
}

/** The spec's default page size; the maximum is not documented (200, like the users list, is our choice). */
const ASSIGNEES_DEFAULT_LIMIT = 100;
const ASSIGNEES_MAX_LIMIT = 200;

/**
 * Users with at least one admin role (direct, or through a group: emulator/roles.ts),
 * in id order. The next link is given only when more assignees follow (Okta's example shows one).
 */
function listAssignees(ctx: ApiContext): ApiResult {
  const limit = parseLimit(ctx.query, ASSIGNEES_DEFAULT_LIMIT, ASSIGNEES_MAX_LIMIT);
  const ids = new SortedIds(adminAssigneeIds(ctx.org));
  const after = ctx.query.get("after");
  const start = after ? ids.indexAfter(after) : 0;
  const page: string[] = [];
  for (let i = start; i < ids.length && page.length < limit; i++) page.push(ids.at(i)!);
  const more = start + page.length < ids.length;
  const org = orgId(ctx.org.slug);
  const body: Record<string, unknown> = {
    value: page.map((id) => ({
      id,
      orn: `orn:okta:${org}:users:${id}`,
      _links: { self: { href: `${ctx.orgUrl}/api/v1/users/${id}` }, roles: { href: `${ctx.orgUrl}/api/v1/users/${id}/roles` } },
    })),
    _links: more ? { next: { href: `${ctx.orgUrl}/api/v1/iam/assignees/users?${new URLSearchParams({ after: page[page.length - 1]!, limit: String(limit) })}` } } : {},
  };
  return { status: 200, body };
}

export function registerMetaRoutes(router: Router): void {
  router.add("GET", "/api/v1/meta/schemas/user/:schemaId", getUserSchema).add("GET", "/api/v1/iam/assignees/users", listAssignees);
}
