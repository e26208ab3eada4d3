// "Policies" on a user's page and on a group's page (server components). Read-only: what Okta's global
// session, authentication, authenticator enrolment and password policies ask of a person through their
// groups ("why does Jane get asked for FIDO2 at home?"), and where a group appears in the policies.
//
//   user page:  <UserPoliciesCard reads={userPoliciesView(slug, { userId })} />, rendered by the server
//               function behind the page's Policies tab (read when the tab is opened)
//   group page: <GroupPoliciesCard slug={slug} groupId={id} /> inside its own <Suspense fallback={<PoliciesSkeleton />}>
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions/result";
import type { Section } from "@/lib/okta/users";
import type { PolicySet } from "@/lib/okta/policies";
import { POLICY_TYPE_LABELS, POLICY_TYPES, policiesForGroups, referencesToGroups, type PolicyRef, type PolicyType, type UserPolicy } from "@/lib/policies/explain";
import { policySetView, type UserPolicyReads } from "@/lib/policies/actions";

const TITLE = "Policies";

export { PoliciesSkeleton } from "./policies-skeleton";

function ReadFailure({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Frame>
      <Alert tone="error" title={title}>
        {children}
      </Alert>
    </Frame>
  );
}

function Frame({ description, children }: { description?: ReactNode; children: ReactNode }) {
  return (
    <Card aria-label={TITLE}>
      <CardHeader title={TITLE} description={description} />
      <CardBody className="space-y-4">{children}</CardBody>
    </Card>
  );
}

/** The read's failure (the action refused, or Okta answered with an error), or the set. */
function unwrap(result: ActionResult<Section<PolicySet>>): { set: PolicySet } | { error: string } {
  if (!result.ok) return { error: result.error };
  if (!result.data.ok) return { error: result.data.error };
  return { set: result.data.data };
}

function Unavailable({ set }: { set: PolicySet }) {
  const notes: string[] = [];
  if (set.unavailable.length) notes.push(`This org does not offer ${set.unavailable.map((t) => POLICY_TYPE_LABELS[t].toLowerCase() + "s").join(" or ")} (Okta answered that the type is not valid here, as in Classic Engine orgs).`);
  if (set.truncated) notes.push("The org has more policies or rules than the console reads at once; the list may be incomplete.");
  return notes.length ? <p className="text-xs text-slate-500">{notes.join(" ")}</p> : null;
}

function TypeLabel({ type }: { type: PolicyType }) {
  return <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{POLICY_TYPE_LABELS[type]}</span>;
}

function groupList(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  return ids.map((id) => names.get(id) ?? id).join(", ");
}

function AppliedPolicy({ p, names }: { p: UserPolicy; names: ReadonlyMap<string, string> }) {
  const shownRules = p.type === "OKTA_SIGN_ON" || p.type === "ACCESS_POLICY" ? p.rules : [];
  return (
    <div className="min-w-0">
      <p className="text-sm font-medium text-slate-900">
        {p.policyName}
        {p.viaGroupIds.length ? <span className="font-normal text-slate-500"> · through {groupList(p.viaGroupIds, names)}</span> : null}
      </p>
      {p.type === "MFA_ENROLL" || p.type === "PASSWORD" || !shownRules.length ? <p className="text-sm text-slate-700">{p.summary}</p> : null}
      {shownRules.length ? (
        <ul className="mt-1 space-y-1">
          {shownRules.map((r) => (
            <li key={r.ruleId} className="text-sm text-slate-700">
              <span className="text-slate-900">{r.summary}</span>
              <span className="text-slate-500">
                {" "}
                — rule “{r.ruleName}”{r.viaGroupIds.length && p.type === "ACCESS_POLICY" ? `, through ${groupList(r.viaGroupIds, names)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The policies that apply to one user through their groups: the Policies tab of the user page, read
 * when opened (lib/policies/actions.ts userPoliciesView: the policy set and the user's groups).
 */
export async function UserPoliciesCard({ reads }: { reads: Promise<ActionResult<UserPolicyReads>> }) {
  const result = await reads;
  if (!result.ok) {
    return <ReadFailure title="Policies could not be read">{result.error}</ReadFailure>;
  }
  const read = unwrap({ ok: true, data: result.data.policies });
  const g = result.data.groups;
  if ("error" in read) {
    return <ReadFailure title="Policies could not be read from Okta">{read.error}</ReadFailure>;
  }
  if (!g.ok) {
    return <ReadFailure title="Their groups could not be read, so which policies apply is unknown">{g.error}</ReadFailure>;
  }
  const names = new Map(g.data.items.map((x) => [x.id, x.name]));
  const { set } = read;
  const explained = policiesForGroups(set.policies, [...names.keys()], set.zoneNames);
  return (
    <Frame description="What Okta asks of them, and through which of their groups">
      <ul className="divide-y divide-slate-100">
        {POLICY_TYPES.filter((t) => !set.unavailable.includes(t)).map((type) => {
          const ofType = explained.policies.filter((p) => p.type === type);
          const applied = ofType.filter((p) => p.applies);
          const superseded = ofType.filter((p) => !p.applies);
          const excluded = explained.exclusions.filter((e) => e.type === type);
          return (
            <li key={type} className="space-y-1.5 py-3 first:pt-0 last:pb-0">
              <TypeLabel type={type} />
              {applied.length ? (
                applied.map((p) => <AppliedPolicy key={p.policyId} p={p} names={names} />)
              ) : (
                <p className="text-sm text-slate-500">{type === "ACCESS_POLICY" ? "No rule names their groups; each app's own policy applies." : "None of their groups is included."}</p>
              )}
              {superseded.length ? (
                <p className="text-xs text-slate-500">
                  Also included by {superseded.map((p) => `“${p.policyName}”`).join(", ")}; Okta applies only the first by priority.
                </p>
              ) : null}
              {excluded.map((e) => (
                <p key={`${e.policyId}-${e.ruleId ?? ""}-${e.groupId ?? "user"}`} className="text-xs text-amber-800">
                  Left out of {e.ruleName ? `rule “${e.ruleName}” (${e.policyName})` : `“${e.policyName}”`}
                  {e.groupId ? ` because they are in ${names.get(e.groupId) ?? e.groupId}` : " by name"}: {e.summary.charAt(0).toLowerCase() + e.summary.slice(1)} does not apply to them.
                </p>
              ))}
            </li>
          );
        })}
      </ul>
      {g.data.truncated ? <p className="text-xs text-slate-500">They are in more groups than the console reads; policies through the others are not shown.</p> : null}
      <Unavailable set={set} />
    </Frame>
  );
}

function RefRow({ r }: { r: PolicyRef }) {
  return (
    <li className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2.5 first:pt-0 last:pb-0">
      <div className="min-w-0 flex-1">
        <TypeLabel type={r.type} />
        <p className="text-sm font-medium text-slate-900">
          {r.name}
          {r.ruleName ? <span className="font-normal text-slate-500"> › rule “{r.ruleName}”</span> : null}
        </p>
        <p className="text-sm text-slate-700">{r.summary}</p>
      </div>
      <div className="flex shrink-0 gap-1.5">
        {r.status !== "ACTIVE" ? <Badge>inactive</Badge> : null}
        <Badge tone={r.effect === "include" ? "indigo" : "amber"}>{r.effect === "include" ? "includes this group" : "excludes this group"}</Badge>
      </div>
    </li>
  );
}

/**
 * Where one group appears in the org's policies. Self-contained (reads through the wrapper itself), or
 * give it `policies`, the read the page started with its other reads, so it costs no extra round trip.
 */
export async function GroupPoliciesCard({ slug, groupId, policies }: { slug: string; groupId: string; policies?: Promise<ActionResult<Section<PolicySet>>> }) {
  const read = unwrap(await (policies ?? policySetView(slug, { groupId })));
  if ("error" in read) {
    return <ReadFailure title="Policies could not be read from Okta">{read.error}</ReadFailure>;
  }
  const refs = referencesToGroups(read.set.policies, [groupId], read.set.zoneNames);
  return (
    <Frame description={refs.length ? `${refs.length} ${refs.length === 1 ? "place names" : "places name"} this group` : undefined}>
      {refs.length ? (
        <ul className="divide-y divide-slate-100">
          {refs.map((r) => (
            <RefRow key={`${r.id}-${r.ruleId ?? ""}-${r.effect}`} r={r} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No policy or policy rule includes or excludes this group.</p>
      )}
      <Unavailable set={read.set} />
    </Frame>
  );
}
