import "server-only";
// The groups list page's read, through the wrapper: ONE Okta call per page (listGroups with
// expand=stats, so member and app counts come with the groups).
import { tenantAction } from "@/lib/actions";
import { listGroupsPage, type GroupSummary } from "@/lib/okta/groups";
import { groupListQuery, groupPageSize, type GroupListQuery } from "./filters";
import { groupsFilterSchema } from "./filters-schema";

export interface GroupsPageData {
  groups: GroupSummary[];
  nextAfter: string | null;
  limit: number;
  /** What Okta was asked (shown under the list). */
  query: GroupListQuery;
}

export const groupsPage = tenantAction(
  {
    name: "groups.list",
    permission: "groups.read",
    input: groupsFilterSchema,
    readOnly: true,
    auditFields: ["q", "type", "limit"],
    example: {},
  },
  async (ctx, input): Promise<GroupsPageData> => {
    const query = groupListQuery(input);
    const limit = groupPageSize(input);
    const page = await listGroupsPage(ctx.okta, query, { after: input.after, limit });
    return { groups: page.groups, nextAfter: page.nextAfter, limit, query };
  },
);
