import "server-only";
// The user detail page's reads, through the wrapper like every Okta read: ONE readOnly action that
// starts every read at once and hands back a promise per section, so the page streams each section in
// its own Suspense boundary (a slow or failing section never holds up the others) and the whole page
// costs about one Okta round trip. None of the promises rejects.
//
// The privilege facts (is the user an Okta admin or a service account?) are composed from the same
// reads the sections make (user, admin roles, groups) plus the console's credential principal and the
// manual marks, with the same rules as the actions' guard (lib/users/privilege.ts readTargetPrivilege):
// no second read of the user, their roles or their groups.
import { z } from "zod";
import { tenantAction } from "@/lib/actions";
import type { OktaRoleSummary } from "@/lib/okta/gateway";
import { isOktaUserId, settle, userDetailSections, type Bounded, type GroupSummary, type Section, type UserDetail, type UserDetailSections } from "@/lib/okta/users";
import { afterOktaRequestsLeave } from "@/lib/okta/okta-first";
import { consolePrincipalId, manualServiceAccountMarks, ROLES_UNREADABLE_LABEL } from "./privilege";
import { assessPrivilege, isServiceAccountGroupName, type PrivilegeAssessment } from "./service-accounts";

export interface UserPrivilegeView {
  /** null: what makes a user privileged could not be read (the page then protects: no Help Desk buttons). */
  assessment: PrivilegeAssessment | null;
  /** Okta refused to list the admin roles: treated as an Okta admin, like the actions do. */
  rolesUnreadable: boolean;
  /** Sentences about facts that could not be read (shown under the banner). */
  gaps: string[];
}

export interface UserDetailData extends UserDetailSections {
  privilege: Promise<UserPrivilegeView>;
}

const NOT_READ = "Not read: the user could not be read.";

async function privilegeOf(
  user: Promise<Section<UserDetail | null>>,
  roles: Promise<Section<OktaRoleSummary[]>>,
  groups: Promise<Section<Bounded<GroupSummary>>>,
  principal: Promise<Section<string | null>>,
  marks: Promise<Section<Map<string, { purpose: string; login: string }>>>,
): Promise<UserPrivilegeView> {
  const [u, r, g, p, m] = await Promise.all([user, roles, groups, principal, marks]);
  if (!u.ok || !u.data) return { assessment: null, rolesUnreadable: false, gaps: [u.ok ? NOT_READ : u.error] };
  const gaps: string[] = [];
  const rolesUnreadable = !r.ok && r.status === 403;
  if (!r.ok && !rolesUnreadable) return { assessment: null, rolesUnreadable: false, gaps: [`Okta admin roles could not be read: ${r.error}`] };
  if (!g.ok) gaps.push(`Groups could not be read, so membership of the service-account group is unknown: ${g.error}`);
  else if (g.data.truncated) gaps.push("They are in more groups than the console reads; membership of the service-account group was checked on the first page only.");
  if (!p.ok) gaps.push(`Whether the console's own credential belongs to this user is unknown: ${p.error}`);
  if (!m.ok) gaps.push("The console's manual service-account marks could not be read.");
  const saGroups = g.ok ? g.data.items.filter((x) => isServiceAccountGroupName(x.name)) : [];
  const adminRoles = rolesUnreadable ? [{ type: "UNKNOWN", label: ROLES_UNREADABLE_LABEL }] : r.ok ? r.data : [];
  const assessment = assessPrivilege(u.data, adminRoles, {
    serviceAccountGroupMemberIds: new Set(saGroups.length ? [u.data.id] : []),
    serviceAccountGroupName: saGroups[0]?.name,
    consolePrincipalId: p.ok ? p.data : null,
    manualMarks: m.ok ? m.data : undefined,
  });
  return { assessment, rolesUnreadable, gaps };
}

async function settleDb<T>(work: Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, data: await work };
  } catch (err) {
    console.error("[users/detail] console database read failed", err);
    return { ok: false, error: "The console's database could not be read." };
  }
}

/**
 * Every read of the user detail page, started together (user, groups, app links, factors, admin roles,
 * recent System Log, and for the privilege facts the console's credential principal and manual marks).
 * A user id that is not an Okta id makes no Okta call: the user section answers null (a 404 page).
 */
export const userDetailView = tenantAction(
  {
    name: "user.detail",
    permission: "users.read",
    input: z.object({ userId: z.string().trim().min(1).max(100) }),
    readOnly: true,
    auditFields: ["userId"],
    target: (i) => ({ type: "user", id: i.userId }),
    example: { userId: "00u1abcdefghijklmnop" },
  },
  async (ctx, input): Promise<UserDetailData> => {
    const sections = userDetailSections(ctx.okta, input.userId, { mastery: ctx.tenant.mastery });
    const valid = isOktaUserId(input.userId);
    const principal = valid ? settle(consolePrincipalId(ctx.okta)) : Promise.resolve<Section<string | null>>({ ok: true, data: null });
    const marks = settleDb(afterOktaRequestsLeave().then(() => manualServiceAccountMarks(ctx.db, ctx.tenant.id)));
    const privilege = privilegeOf(sections.user, sections.roles, sections.groups, principal, marks);
    // The page needs the user before anything else (its header, or the 404): wait for that one read
    // here, inside the action (its Okta request is then part of the action's own log); the other
    // sections keep streaming on their own, their requests already in flight.
    await sections.user;
    return { ...sections, privilege };
  },
);
