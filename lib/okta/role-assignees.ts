import "server-only";
// Which users of an org hold an Okta admin role: `GET /api/v1/iam/assignees/users` (List all users
// with role assignments). The users list reads it beside its page to mark Okta admins, so it is
// bounded: a few pages at most, and the caller gets `complete: false` when it stopped early (then a
// user missing from `ids` is "unknown", not "not an admin").
//
// Okta's documentation does not say whether users who hold a role only through a group are listed
// here; the users list therefore only marks who IS listed, and the detail page (which reads the
// user's own roles) stays the place that decides. The console's server-side guard reads roles per
// target at action time and never relies on this list.
import type { OktaGateway } from "./gateway";

export interface AdminAssignees {
  ids: Set<string>;
  /** False when there were more pages than the bound allowed. */
  complete: boolean;
}

export const ADMIN_ASSIGNEES_PAGE_LIMIT = 100;
export const ADMIN_ASSIGNEES_MAX_PAGES = 3;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `after` cursor of the `next` link in the body's `_links` (absolute URL), or null. */
export function nextAssigneesCursor(body: unknown): string | null {
  if (!isRec(body) || !isRec(body._links) || !isRec(body._links.next)) return null;
  const href = body._links.next.href;
  if (typeof href !== "string" || href === "") return null;
  try {
    return new URL(href).searchParams.get("after") || null;
  } catch {
    return null;
  }
}

export async function listAdminAssignees(
  gateway: OktaGateway,
  options: { maxPages?: number; limit?: number } = {},
): Promise<AdminAssignees> {
  const maxPages = options.maxPages ?? ADMIN_ASSIGNEES_MAX_PAGES;
  const limit = options.limit ?? ADMIN_ASSIGNEES_PAGE_LIMIT;
  const ids = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const body: unknown = await gateway.client.roleAssignmentApi.listUsersWithRoleAssignments({ limit, ...(after ? { after } : {}) });
    const value = isRec(body) && Array.isArray(body.value) ? body.value : [];
    for (const item of value) if (isRec(item) && typeof item.id === "string") ids.add(item.id);
    const next = nextAssigneesCursor(body);
    if (!next || next === after) return { ids, complete: true };
    after = next;
  }
  return { ids, complete: false };
}
