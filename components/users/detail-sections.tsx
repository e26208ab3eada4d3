// The user detail page's sections (server components). Each async section awaits only its own read, so
// the page streams them in their own Suspense boundaries; a failed read shows its own message.
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardSkeleton, SectionSkeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";
import type { OktaRoleSummary } from "@/lib/okta/gateway";
import type { AppLinkSummary, Bounded, FactorSummary, GroupSummary, Section, UserDetail, UserEventSummary } from "@/lib/okta/users";
import { RECENT_EVENTS_DAYS, RECENT_EVENTS_LIMIT } from "@/lib/okta/users";
import { rolesAllowOnPrivilegedTarget, type Role } from "@/lib/rbac/permissions";
import type { UserPrivilegeView } from "@/lib/users/detail";
import { planUserActions, statusView } from "@/lib/users/detail-plan";
import { factorName, factorProviderLabel, factorStatusView, factorTypeLabel } from "@/lib/users/factors";
import { masterySentence } from "@/lib/users/mastery";
import { AccountFactList, AppLinkList, GroupChipList, ProfileAttributeList, RecentEventList, type RecentEventRow } from "./detail-lists";
import { FactorResetButton, UserActionsPanel, type DetailTarget, type FactorChoice } from "./detail-actions";
import { attributeLabel, formatDate, formatDateTime, orderedAttributes, profileValueText, relativeTime } from "./detail-format";

// ---------------------------------------------------------------------------------------------------
// Building blocks

export { CardSkeleton, SectionSkeleton };

function SectionError({ what, section }: { what: string; section: Extract<Section<unknown>, { ok: false }> }) {
  return (
    <Alert tone="error" title={`${what} could not be read from Okta`}>
      {section.error}
    </Alert>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-500">{children}</p>;
}

const TONE_BANNER = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  danger: "border-rose-200 bg-rose-50 text-rose-900",
  neutral: "border-slate-200 bg-slate-50 text-slate-800",
} as const;

// ---------------------------------------------------------------------------------------------------
// Synchronous sections (from the user read the page already awaited)

export function StatusMeaning({ user }: { user: UserDetail }) {
  const view = statusView(user.status);
  return (
    <div className={cn("rounded-lg border px-4 py-3 text-sm", TONE_BANNER[view.tone])} role="status" aria-label="Status">
      <p>
        <span className="font-semibold">{view.label}.</span> {view.meaning}
      </p>
      {user.transitioningToStatus ? <p className="mt-1 text-xs">Okta is changing the status to {user.transitioningToStatus}.</p> : null}
    </div>
  );
}

export function AccountFacts({ user }: { user: UserDetail }) {
  const facts: Array<[string, string | null]> = [
    ["Last sign-in", user.lastLogin],
    ["Password changed", user.passwordChanged],
    ["Status changed", user.statusChanged],
    ["Created", user.created],
    ["Activated", user.activated],
    ["Profile updated", user.lastUpdated],
  ];
  return (
    <Card aria-label="Account">
      <CardHeader title="Account" />
      <CardBody>
        <AccountFactList
          rows={facts.map(([label, iso]) => ({
            label,
            iso,
            date: iso ? formatDate(iso) : label === "Last sign-in" ? "Never" : "—",
            title: iso ? formatDateTime(iso) : "",
            relative: iso ? relativeTime(iso) : null,
          }))}
        />
      </CardBody>
    </Card>
  );
}

/** "Edit profile", only when the plan offers it (not for service accounts, not for Help Desk). */
export async function EditProfileLink({ href, user, roles, privilege }: { href: string; user: UserDetail; roles: Role[]; privilege: Promise<UserPrivilegeView> }) {
  const view = await privilege;
  const plan = planUserActions({ status: user.status, login: user.login, source: user.source, roles, assessment: view.assessment });
  if (!plan.editProfile || plan.editProfile.override) return null;
  return (
    <Link href={href} className="text-sm font-medium text-indigo-700 hover:text-indigo-600">
      Edit profile
    </Link>
  );
}

/**
 * "Add to group" on the Groups card, only where the membership guard would let this role act on this
 * user: Help Desk never changes the groups of an Okta admin or a service account (the server refuses
 * anyway), so the button gives way to the reason. An unreadable privilege counts as privileged.
 */
export async function AddToGroupSlot({ privilege, roles, button }: { privilege: Promise<UserPrivilegeView>; roles: Role[]; button: ReactNode }) {
  const view = await privilege;
  const privileged = view.assessment?.privileged ?? true;
  if (!privileged || rolesAllowOnPrivilegedTarget(roles, "groups.membership")) return button;
  return <span className="text-xs text-slate-500">Your role does not change the groups of privileged users.</span>;
}

export function ProfileCard({ user, edit }: { user: UserDetail; edit: ReactNode }) {
  const attrs = orderedAttributes(user.profile);
  const mastered = user.source.importMastered;
  return (
    <Card aria-label="Profile">
      <CardHeader
        title="Profile"
        description={mastered ? `Mastered by ${user.source.owner}: change these attributes there.` : `${attrs.length} attributes, custom ones included.`}
        actions={edit}
      />
      <CardBody className="p-0">
        <ProfileAttributeList rows={attrs.map((a) => ({ name: a.name, label: attributeLabel(a.name), value: profileValueText(a.value), custom: a.custom }))} />
      </CardBody>
    </Card>
  );
}

export function SourceCard({ user }: { user: UserDetail }) {
  const s = user.source;
  return (
    <Card aria-label="Source and mastery">
      <CardHeader title="Source and mastery" />
      <CardBody className="space-y-2 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={s.kind === "okta" ? "neutral" : s.importMastered ? "blue" : "indigo"}>{s.label}</Badge>
          {s.detail ? <span className="font-mono text-xs text-slate-600">{s.detail}</span> : null}
        </p>
        <p className="text-slate-700">{masterySentence(s)}</p>
        {user.userType ? <p className="text-slate-500">User type: {user.userType}</p> : null}
      </CardBody>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------
// Privilege: banner and actions

export async function PrivilegeBanner({ privilege }: { privilege: Promise<UserPrivilegeView> }) {
  const view = await privilege;
  const a = view.assessment;
  if (!a) {
    return (
      <Alert tone="warning" title="Whether this user is privileged could not be read">
        {view.gaps.join(" ")} Help Desk actions are withheld until it can be.
      </Alert>
    );
  }
  if (!a.privileged) {
    return view.gaps.length ? <Alert tone="warning" title="Some privilege facts could not be read">{view.gaps.join(" ")}</Alert> : null;
  }
  const title = a.serviceAccount && a.oktaAdmin ? "Service account with Okta admin roles" : a.serviceAccount ? "Service account" : "Privileged user: holds Okta admin roles";
  return (
    <section aria-label="Privileged user" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
      <p className="flex items-center gap-2 font-semibold">
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 shrink-0">
          <path fillRule="evenodd" d="M10 1.5 3 4.5v5c0 4.2 3 7.6 7 9 4-1.4 7-4.8 7-9v-5l-7-3Zm0 4a1 1 0 0 1 1 1v4a1 1 0 1 1-2 0v-4a1 1 0 0 1 1-1Zm0 8.5a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2Z" clipRule="evenodd" />
        </svg>
        {title}
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {a.oktaAdmin ? <li>Holds Okta admin roles: {a.adminRoles.join(", ")}. Help Desk never acts on Okta admins.</li> : null}
        {a.serviceAccountReasons.map((r) => (
          <li key={r.kind}>{r.sentence}</li>
        ))}
        {a.serviceAccount ? <li>Changes to service accounts are refused for every role; an Administrator may override with a Ticket ID and the login typed. It consumes an Okta licence.</li> : null}
      </ul>
      {view.gaps.length ? <p className="mt-2 text-xs">{view.gaps.join(" ")}</p> : null}
    </section>
  );
}

export async function ActionsCard({
  user,
  roles,
  privilege,
  factors,
  target,
  editHref,
}: {
  user: UserDetail;
  roles: Role[];
  privilege: Promise<UserPrivilegeView>;
  factors: Promise<Section<Bounded<FactorSummary>>>;
  target: DetailTarget;
  editHref: string | null;
}) {
  const [view, f] = await Promise.all([privilege, factors]);
  const plan = planUserActions({ status: user.status, login: user.login, source: user.source, roles, assessment: view.assessment });
  const choices: FactorChoice[] | null = f.ok ? f.data.items.map((x) => ({ id: x.id, name: factorName(x) })) : null;
  return (
    <Card aria-label="Actions">
      <CardHeader title="Actions" description="Each one runs in Okta now, after you confirm." />
      <CardBody className="space-y-4">
        {plan.operations.length === 0 ? <p className="text-sm text-slate-600">No actions are available to you for this user.</p> : null}
        <UserActionsPanel target={target} operations={plan.operations} factors={choices} />
        {editHref && plan.editProfile?.caution ? <p className="text-xs text-slate-500">{plan.editProfile.caution}</p> : null}
        {plan.withheld.length ? (
          <div className="rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-700 ring-1 ring-inset ring-slate-200" role="note" aria-label="Why some actions are missing">
            <p className="font-medium text-slate-900">Why some actions are missing</p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {plan.withheld.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------
// Async sections

function Truncated({ bounded, what }: { bounded: Bounded<unknown>; what: string }) {
  return bounded.truncated ? <p className="mt-3 text-xs text-slate-500">Showing the first {bounded.items.length} {what}; Okta has more.</p> : null;
}

export async function GroupsCard({ groups, action }: { groups: Promise<Section<Bounded<GroupSummary>>>; action?: ReactNode }) {
  const s = await groups;
  return (
    <Card aria-label="Groups">
      <CardHeader title="Groups" description={s.ok ? `${s.data.items.length}${s.data.truncated ? "+" : ""} groups` : undefined} actions={action} />
      <CardBody>
        {!s.ok ? (
          <SectionError what="Groups" section={s} />
        ) : s.data.items.length === 0 ? (
          <Empty>Not in any group.</Empty>
        ) : (
          <>
            <GroupChipList
              rows={s.data.items.map((g) => ({
                id: g.id,
                name: g.name,
                description: g.description ?? null,
                kind: g.type && g.type !== "OKTA_GROUP" ? (g.type === "BUILT_IN" ? "built-in" : g.type === "APP_GROUP" ? "app group" : g.type) : null,
              }))}
            />
            <Truncated bounded={s.data} what="groups" />
          </>
        )}
      </CardBody>
    </Card>
  );
}

export async function AppsCard({ apps }: { apps: Promise<Section<Bounded<AppLinkSummary>>> }) {
  const s = await apps;
  return (
    <Card aria-label="App assignments">
      <CardHeader title="App assignments" description={s.ok ? `${s.data.items.length}${s.data.truncated ? "+" : ""} apps on their dashboard` : undefined} />
      <CardBody>
        {!s.ok ? (
          <SectionError what="App assignments" section={s} />
        ) : s.data.items.length === 0 ? (
          <Empty>No apps assigned.</Empty>
        ) : (
          <>
            <AppLinkList rows={s.data.items.map((a) => ({ key: `${a.appInstanceId}-${a.label}`, label: a.label, detail: `${a.appName ?? a.appInstanceId}${a.hidden ? " · hidden" : ""}` }))} />
            <Truncated bounded={s.data} what="apps" />
          </>
        )}
      </CardBody>
    </Card>
  );
}

export async function FactorsCard({
  factors,
  privilege,
  user,
  roles,
  target,
}: {
  factors: Promise<Section<Bounded<FactorSummary>>>;
  privilege: Promise<UserPrivilegeView>;
  user: UserDetail;
  roles: Role[];
  target: DetailTarget;
}) {
  const [s, view] = await Promise.all([factors, privilege]);
  const plan = planUserActions({ status: user.status, login: user.login, source: user.source, roles, assessment: view.assessment });
  return (
    <Card aria-label="MFA factors">
      <CardHeader title="MFA factors" description={s.ok ? `${s.data.items.length} enrolled` : undefined} />
      <CardBody className={s.ok && s.data.items.length ? "p-0" : undefined}>
        {!s.ok ? (
          <SectionError what="MFA factors" section={s} />
        ) : s.data.items.length === 0 ? (
          <Empty>No factors enrolled: they will be asked to enroll at their next sign-in if a policy requires MFA.</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {s.data.items.map((f) => {
              const st = factorStatusView(f.status);
              const provider = factorProviderLabel(f.provider, f.vendorName);
              return (
                <li key={f.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3">
                  <div className="min-w-0 flex-1">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                      {factorTypeLabel(f.factorType)}
                      <Badge tone={st.tone}>{st.label}</Badge>
                    </p>
                    <p className="mt-0.5 text-xs text-slate-500">
                      {[provider, f.detail].filter(Boolean).join(" · ")}
                      {f.enrolled ? (
                        <>
                          {" · enrolled "}
                          <time dateTime={f.enrolled} title={formatDateTime(f.enrolled)}>
                            {formatDate(f.enrolled)}
                          </time>
                        </>
                      ) : null}
                    </p>
                  </div>
                  {plan.factorReset ? <FactorResetButton target={target} planned={plan.factorReset} factor={{ id: f.id, name: factorName(f) }} /> : null}
                </li>
              );
            })}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

export async function RolesCard({ roles }: { roles: Promise<Section<OktaRoleSummary[]>> }) {
  const s = await roles;
  return (
    <Card aria-label="Okta admin roles">
      <CardHeader title="Okta admin roles" />
      <CardBody>
        {!s.ok ? (
          s.status === 403 ? (
            <Alert tone="warning" title="Okta refused to list the admin roles">
              The org&apos;s credential may not read role assignments, so the console treats this user as an Okta admin. {s.error}
            </Alert>
          ) : (
            <SectionError what="Admin roles" section={s} />
          )
        ) : s.data.length === 0 ? (
          <Empty>No admin roles: a regular user.</Empty>
        ) : (
          <ul className="space-y-2">
            {s.data.map((r, i) => (
              <li key={r.id ?? `${r.type}-${i}`} className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone="red">{r.label ?? r.type}</Badge>
                {r.assignmentType === "GROUP" ? <span className="text-xs text-slate-500">through a group</span> : null}
                {r.status && r.status !== "ACTIVE" ? <span className="text-xs text-slate-500">{r.status.toLowerCase()}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

function outcomeTone(result: string | null): "green" | "red" | "amber" | "neutral" {
  if (result === "SUCCESS" || result === "ALLOW") return "green";
  if (result === "FAILURE" || result === "DENY") return "red";
  if (result === "CHALLENGE" || result === "UNKNOWN" || result === "SKIPPED") return "amber";
  return "neutral";
}

function who(p: UserEventSummary["actor"]): string {
  return p.displayName ?? p.alternateId ?? p.id ?? "—";
}

function recentEventRow(e: UserEventSummary, userId: string): RecentEventRow {
  const targets = e.targets.filter((t) => t.id !== userId).map((t) => t.displayName ?? t.alternateId ?? t.id);
  return {
    uuid: e.uuid,
    published: e.published,
    when: formatDateTime(e.published),
    message: e.displayMessage ?? e.eventType,
    outcome: e.outcome.result ? { label: e.outcome.result.toLowerCase(), tone: outcomeTone(e.outcome.result) } : null,
    eventType: e.eventType,
    detail: [
      e.actor.id === userId ? "by this user" : `by ${who(e.actor)}`,
      ...(targets.length ? [`on ${targets.join(", ")}`] : []),
      ...(e.ipAddress ? [e.ipAddress] : []),
      ...(e.outcome.reason ? [e.outcome.reason] : []),
    ]
      .map((part) => ` · ${part}`)
      .join(""),
  };
}

export async function EventsCard({ events, userId }: { events: Promise<Section<UserEventSummary[]>>; userId: string }) {
  const s = await events;
  return (
    <Card aria-label="Recent activity">
      <CardHeader title="Recent activity" description={`Okta System Log, last ${RECENT_EVENTS_DAYS} days, newest ${RECENT_EVENTS_LIMIT}; as actor or target.`} />
      <CardBody className={s.ok && s.data.length ? "p-0" : undefined}>
        {!s.ok ? (
          <SectionError what="Recent activity" section={s} />
        ) : s.data.length === 0 ? (
          <Empty>No System Log events for this user in the last {RECENT_EVENTS_DAYS} days.</Empty>
        ) : (
          <RecentEventList rows={s.data.map((e) => recentEventRow(e, userId))} />
        )}
      </CardBody>
    </Card>
  );
}
