// What assigning or unassigning an app changes, from bounded live reads (lib/apps/impact.ts gathers
// them). Pure and browser-safe, so the confirmations and the tests share it.
//
// Okta: assigning an app to a group gives every member the app (group-based licensing: the app's
// provisioning gives each of them an account and a licence), and members added later get it too.
// Unassigning a group takes the app from members who have no other path to it: no direct (USER-scope)
// assignment and no other assigned group. Unassigning a user removes the direct assignment only; a
// user who also has the app through a group keeps it.

export interface MemberLite {
  id: string;
  displayName: string;
  login: string;
  status: string;
}

/** How many examples a confirmation shows. */
export const SAMPLE_SIZE = 5;

export interface GroupAssignImpact {
  /** Members read (one bounded page). */
  members: number;
  /** The group has more members than were read: counts are "at least". */
  membersMore: boolean;
  /** Members who already have the app (directly or through another group). */
  alreadyHave: number;
  /** Members who will receive it. */
  willReceive: number;
  sample: MemberLite[];
  /** Both the members and the app's users were read completely. */
  exact: boolean;
}

export function groupAssignImpact(input: { members: readonly MemberLite[]; membersMore: boolean; appUserIds: ReadonlySet<string>; appUsersComplete: boolean }): GroupAssignImpact {
  const receiving = input.members.filter((m) => !input.appUserIds.has(m.id));
  return {
    members: input.members.length,
    membersMore: input.membersMore,
    alreadyHave: input.members.length - receiving.length,
    willReceive: receiving.length,
    sample: receiving.slice(0, SAMPLE_SIZE),
    exact: !input.membersMore && input.appUsersComplete,
  };
}

export interface GroupUnassignImpact {
  members: number;
  membersMore: boolean;
  /** Members who lose the app. */
  lose: number;
  loseSample: MemberLite[];
  /** Members who keep it: assigned directly too, or in another group the app is assigned to. */
  keepDirect: number;
  keepThroughOtherGroup: number;
  /** Everything needed was read completely (members, the app's direct users, other groups' members). */
  exact: boolean;
}

export function groupUnassignImpact(input: {
  members: readonly MemberLite[];
  membersMore: boolean;
  /** Users with a direct (USER-scope) assignment. */
  directIds: ReadonlySet<string>;
  directComplete: boolean;
  /** Members of the OTHER groups the app is assigned to. */
  otherGroupMemberIds: ReadonlySet<string>;
  otherGroupsComplete: boolean;
}): GroupUnassignImpact {
  let keepDirect = 0;
  let keepOther = 0;
  const lose: MemberLite[] = [];
  for (const m of input.members) {
    if (input.directIds.has(m.id)) keepDirect++;
    else if (input.otherGroupMemberIds.has(m.id)) keepOther++;
    else lose.push(m);
  }
  return {
    members: input.members.length,
    membersMore: input.membersMore,
    lose: lose.length,
    loseSample: lose.slice(0, SAMPLE_SIZE),
    keepDirect,
    keepThroughOtherGroup: keepOther,
    exact: !input.membersMore && input.directComplete && input.otherGroupsComplete,
  };
}

export type UserUnassignImpact =
  /** Assigned directly and through no group: the app and its licence go. */
  | { kind: "loses" }
  /** Assigned directly and through groups: the direct assignment goes, the app stays through them. */
  | { kind: "keeps"; viaGroupIds: string[] }
  /** Only through groups: nothing to unassign on the user; change the group instead. */
  | { kind: "group_only"; viaGroupIds: string[] }
  | { kind: "not_assigned" };

export function userUnassignImpact(input: { scope: string | null; userGroupIds: readonly string[]; appGroupIds: ReadonlySet<string> }): UserUnassignImpact {
  if (input.scope === null) return { kind: "not_assigned" };
  const via = input.userGroupIds.filter((g) => input.appGroupIds.has(g));
  if (input.scope === "GROUP") return { kind: "group_only", viaGroupIds: via };
  return via.length ? { kind: "keeps", viaGroupIds: via } : { kind: "loses" };
}

/** "12", or "200+" when more exist than were read. */
export function countText(n: number, more: boolean): string {
  return more ? `${n}+` : String(n);
}
