import "server-only";
// The preview Okta does not offer: who a rule would put in its target groups, from live data, bounded.
// One step reads at most PAGES_PER_STEP pages of users (a `search` when the expression has one, else
// every user), evaluates the expression on each (lib/rules/expression.ts), and compares with the
// target groups' members; the page calls steps one after another with the cursor and shows progress.
// Users Okta skips are skipped here too: deactivated (DEPROVISIONED) users and the rule's exclusions.
import type { OktaGateway } from "@/lib/okta/gateway";
import { evaluateExpression, expressionFacts, expressionToSearch, type Expr } from "./expression";
import { readMemberIds, readUsersPage, type UserBrief } from "./okta";

/** The most users one preview examines (search results or the org's users). */
export const PREVIEW_USER_BOUND = 2000;
/** The most members read per group (target groups, groups the expression names). */
export const PREVIEW_MEMBER_BOUND = 2000;
export const PREVIEW_PAGE_SIZE = 200;
export const PREVIEW_PAGES_PER_STEP = 2;
export const PREVIEW_SAMPLE_SIZE = 10;

export interface PreviewCursor {
  after: string | null;
  /** Users examined so far (search results or org users). */
  checked: number;
}

export interface PreviewStep {
  mode: "search" | "scan";
  /** The Okta search used (mode "search"). */
  search: string | null;
  /** Examined in this step, and in total so far. */
  checkedNow: number;
  checked: number;
  /** Of the users examined in this step: matches, and matches already in every target group. */
  matched: number;
  alreadyIn: number;
  sampleMatched: UserBrief[];
  sampleAlreadyIn: UserBrief[];
  /** The next step's cursor; null when finished. */
  next: PreviewCursor | null;
  /** Finished because the bound was hit while Okta had more. */
  bounded: boolean;
  /** A group had more members than the console reads: membership answers may be incomplete. */
  membersTruncated: boolean;
  requests: number;
}

export async function previewStep(
  okta: OktaGateway,
  input: { expr: Expr; targetGroupIds: readonly string[]; excludedUserIds: readonly string[]; cursor: PreviewCursor | null },
): Promise<PreviewStep> {
  const search = expressionToSearch(input.expr);
  const referenced = [...new Set(expressionFacts(input.expr).groupIds.map((g) => g.id))];
  const groupIds = [...new Set([...referenced, ...input.targetGroupIds])];
  const cursor = input.cursor ?? { after: null, checked: 0 };

  // Members of the groups involved, then the users, page by page.
  const memberSets = await Promise.all(groupIds.map((id) => readMemberIds(okta, id, PREVIEW_MEMBER_BOUND)));
  const members = new Map(groupIds.map((id, i) => [id, memberSets[i]!]));
  let requests = memberSets.reduce((n, m) => n + m.requests, 0);
  const excluded = new Set(input.excludedUserIds);

  const step: PreviewStep = {
    mode: search ? "search" : "scan",
    search,
    checkedNow: 0,
    checked: cursor.checked,
    matched: 0,
    alreadyIn: 0,
    sampleMatched: [],
    sampleAlreadyIn: [],
    next: null,
    bounded: false,
    membersTruncated: memberSets.some((m) => m.truncated),
    requests,
  };
  let after = cursor.after;
  for (let page = 0; page < PREVIEW_PAGES_PER_STEP; page++) {
    const room = PREVIEW_USER_BOUND - step.checked;
    const { users, nextAfter } = await readUsersPage(okta, { ...(search ? { search } : {}), ...(after ? { after } : {}), limit: Math.min(PREVIEW_PAGE_SIZE, room) });
    requests++;
    for (const u of users) {
      step.checked++;
      step.checkedNow++;
      if (u.status === "DEPROVISIONED" || excluded.has(u.id)) continue;
      const groupsOfUser = new Set(referenced.filter((g) => members.get(g)!.ids.has(u.id)));
      if (!evaluateExpression(input.expr, { profile: u.profile, groupIds: groupsOfUser })) continue;
      const brief = { id: u.id, login: u.login, displayName: u.displayName };
      step.matched++;
      if (step.sampleMatched.length < PREVIEW_SAMPLE_SIZE) step.sampleMatched.push(brief);
      if (input.targetGroupIds.every((g) => members.get(g)!.ids.has(u.id))) {
        step.alreadyIn++;
        if (step.sampleAlreadyIn.length < PREVIEW_SAMPLE_SIZE) step.sampleAlreadyIn.push(brief);
      }
    }
    after = nextAfter;
    if (!after || users.length === 0) break;
    if (step.checked >= PREVIEW_USER_BOUND) {
      step.bounded = true;
      break;
    }
  }
  step.requests = requests;
  step.next = after && !step.bounded ? { after, checked: step.checked } : null;
  return step;
}
