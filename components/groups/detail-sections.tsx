// The group detail page's sections. Each awaits its own promise (lib/groups/detail.ts) inside its own
// Suspense boundary, so a slow or failing read never holds up the others; a failure shows its sentence.
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { MembersSection } from "@/lib/groups/detail";
import { membersHref, nextMembersHref, previousMembersHref, type MembersFilterParams } from "@/lib/groups/filters";
import type { OktaRoleSummary } from "@/lib/okta/gateway";
import type { GroupAppSummary, RulesTargeting } from "@/lib/okta/groups";
import type { Bounded, Section } from "@/lib/okta/users";
import { MembersPanel, type MemberRow } from "./members-panel";

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

export interface MembersCardProps {
  slug: string;
  group: { id: string; name: string; usersCount: number | null };
  members: Promise<Section<MembersSection>>;
  roles: Promise<Section<OktaRoleSummary[]>>;
  params: MembersFilterParams;
  /** The staff member may change memberships in this org (groups.membership) and the group is an Okta group. */
  mayChange: boolean;
  /** Their roles may act on privileged targets (else admin-role groups are off limits). */
  mayChangePrivileged: boolean;
  /** Why members cannot be changed (read-only group type), when that is the case. */
  readOnlyReason: string | null;
  roleLabels: string;
  orgName: string;
  ticketRequired: boolean;
}

export async function MembersCard(props: MembersCardProps) {
  const { slug, group, params } = props;
  const [s, roles] = await Promise.all([props.members, props.mayChange && !props.mayChangePrivileged ? props.roles : Promise.resolve(null)]);
  // Help Desk and the like: never the members of a group that grants an Okta admin role (unreadable roles count as granting).
  let refusal: string | null = null;
  if (roles && (!roles.ok || roles.data.length > 0)) {
    const which = roles.ok ? roles.data.map((r) => r.label ?? r.type).join(", ") : "roles Okta would not list";
    refusal = `${group.name} grants an Okta admin role (${which}): your role in ${props.orgName} (${props.roleLabels}) does not allow changing its members.`;
  }
  const canChange = props.mayChange && !refusal;
  const count = group.usersCount === null ? undefined : `${group.usersCount.toLocaleString("en")} ${group.usersCount === 1 ? "member" : "members"}`;
  const base = membersHref(slug, group.id, {});
  return (
    <Card aria-label="Members">
      <CardHeader title="Members" description={count} />
      <CardBody className="space-y-3">
        {refusal ? <Alert tone="info">{refusal}</Alert> : props.readOnlyReason ? <Alert tone="info">{props.readOnlyReason}</Alert> : null}
        {!s.ok ? (
          <SectionError what="Members" section={s} />
        ) : (
          <>
            <MembersPanel
              slug={slug}
              group={{ id: group.id, name: group.name }}
              rows={s.data.users.map(
                (u): MemberRow => ({ id: u.id, displayName: u.displayName, login: u.login, email: u.email ?? null, status: u.status, href: `/t/${encodeURIComponent(slug)}/users/${encodeURIComponent(u.id)}` }),
              )}
              searchText={s.data.kind === "search" ? s.data.text : ""}
              searchHrefBase={base}
              previousHref={s.data.kind === "page" ? previousMembersHref(slug, group.id, params) : null}
              nextHref={s.data.kind === "page" ? nextMembersHref(slug, group.id, params, s.data.nextAfter) : null}
              canChange={canChange}
              ticketRequired={props.ticketRequired}
              orgName={props.orgName}
              caption={`Members of ${group.name}`}
            />
            {s.data.kind === "search" ? (
              <p className="text-xs text-slate-500">
                {s.data.users.length} {s.data.users.length === 1 ? "member matches" : "members match"} “{s.data.text}” (name, username or email contains it)
                {s.data.complete ? ", all members searched." : `; Okta cannot search inside a group, so the first ${s.data.scanned.toLocaleString("en")} members were searched.`}{" "}
                <Link href={base} className="font-medium text-indigo-700 hover:underline">
                  Show all members
                </Link>
              </p>
            ) : null}
          </>
        )}
      </CardBody>
    </Card>
  );
}

export async function AppsCard({ apps }: { apps: Promise<Section<Bounded<GroupAppSummary>>> }) {
  const s = await apps;
  return (
    <Card aria-label="Apps assigned to this group">
      <CardHeader title="Apps" description={s.ok ? `${s.data.items.length}${s.data.truncated ? "+" : ""} assigned to this group` : undefined} />
      <CardBody>
        {!s.ok ? (
          <SectionError what="Apps" section={s} />
        ) : s.data.items.length === 0 ? (
          <Empty>No apps are assigned to this group.</Empty>
        ) : (
          <ul className="space-y-2">
            {s.data.items.map((a) => (
              <li key={a.id} className="flex items-center gap-3">
                <span aria-hidden className="grid h-7 w-7 shrink-0 place-items-center rounded bg-slate-900 text-[10px] font-semibold text-white">
                  {a.label.slice(0, 2).toUpperCase()}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-slate-900">{a.label}</span>
                  <span className="block truncate text-xs text-slate-500">{[a.signOnMode?.replace(/_/g, " "), a.name].filter(Boolean).join(" · ")}</span>
                </span>
                {a.status && a.status !== "ACTIVE" ? <Badge tone="amber">{a.status.toLowerCase()}</Badge> : null}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

export async function RulesCard({ rules }: { rules: Promise<Section<RulesTargeting>> }) {
  const s = await rules;
  return (
    <Card aria-label="Group rules that target this group">
      <CardHeader title="Group rules" description="Rules that put people in this group" />
      <CardBody>
        {!s.ok ? (
          <SectionError what="Group rules" section={s} />
        ) : s.data.rules.length === 0 ? (
          <Empty>No group rule puts people in this group.</Empty>
        ) : (
          <ul className="space-y-3">
            {s.data.rules.map((r) => (
              <li key={r.id}>
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                  {r.name}
                  <Badge tone={r.status === "ACTIVE" ? "green" : r.status === "INVALID" ? "red" : "neutral"}>{(r.status ?? "unknown").toLowerCase()}</Badge>
                </p>
                {r.expression ? <code className="mt-1 block break-all rounded bg-slate-50 px-1.5 py-1 font-mono text-xs text-slate-700">{r.expression}</code> : null}
              </li>
            ))}
          </ul>
        )}
        {s.ok && !s.data.complete ? <p className="mt-2 text-xs text-slate-500">The org has more rules than the console reads; some may be missing.</p> : null}
      </CardBody>
    </Card>
  );
}

export async function AdminRolesCard({ roles }: { roles: Promise<Section<OktaRoleSummary[]>> }) {
  const s = await roles;
  return (
    <Card aria-label="Okta admin roles of this group">
      <CardHeader title="Okta admin roles" description="Every member holds these" />
      <CardBody>
        {!s.ok ? (
          s.status === 403 ? (
            <Alert tone="warning">Okta would not list this group&apos;s admin roles to the console&apos;s credential, so it is treated as granting one.</Alert>
          ) : (
            <SectionError what="Admin roles" section={s} />
          )
        ) : s.data.length === 0 ? (
          <Empty>This group grants no admin role.</Empty>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {s.data.map((r) => (
              <li key={r.id ?? r.type}>
                <Badge tone="indigo">{r.label ?? r.type}</Badge>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
