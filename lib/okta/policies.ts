import "server-only";
// Okta policies and network zones, read live and bounded: the four policy lists and the zones in one
// parallel wave, then every policy's rules with at most RULE_READS_IN_FLIGHT calls in flight. Read-only.
// The sentences and the applicability logic live in lib/policies/explain.ts (pure, unit-tested).
//
// An org may not offer every type: Classic Engine orgs answer ACCESS_POLICY with 400 E0000002 ("Invalid
// policy type specified"); such a type is reported in `unavailable` instead of failing the read. A token
// that may not read policies at all (Okta's Help Desk administrator: 403 E0000006) fails the read, and
// the caller shows Okta's sentence. Zone names are a nicety: without them sentences name the zone id.
import type { OktaGateway } from "./gateway";
import { mapBounded } from "./bounded";
import {
  EMPTY_PEOPLE,
  networkOf,
  peopleOf,
  policiesForGroups,
  POLICY_TYPES,
  referencesToGroups,
  type PolicyDoc,
  type PolicyRef,
  type PolicyRuleDoc,
  type PolicyType,
  type UserPolicies,
} from "@/lib/policies/explain";

export type { PolicyRef, PolicyType, UserPolicies } from "@/lib/policies/explain";

/** Rules reads in flight at once (Okta's concurrency limit is shared with every technician's clicks). */
export const RULE_READS_IN_FLIGHT = 4;
/** Policies read per type at most; real orgs have a handful. */
export const POLICIES_PER_TYPE = 100;
/** Rules read per policy at most. */
export const RULES_PER_POLICY = 100;

export interface PolicySet {
  policies: PolicyDoc[];
  /** zone id -> name */
  zoneNames: Map<string, string>;
  /** Types this org does not offer (e.g. ACCESS_POLICY in a Classic Engine org). */
  unavailable: PolicyType[];
  /** True when a list or a policy's rules were cut at the bounds above. */
  truncated: boolean;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, d = ""): string => (typeof v === "string" ? v : d);

/** SDK models are class instances (Dates, nested classes): plain JSON for pages and sentences. */
function plain(v: unknown): Record<string, unknown> | null {
  if (!isRec(v)) return null;
  return JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
}

function isInvalidPolicyType(err: unknown): boolean {
  return isRec(err) && err.status === 400 && err.errorCode === "E0000002";
}

async function take(collection: AsyncIterable<unknown>, cap: number): Promise<{ items: unknown[]; truncated: boolean }> {
  const items: unknown[] = [];
  for await (const item of collection) {
    if (items.length >= cap) return { items, truncated: true };
    if (item !== null && item !== undefined) items.push(item);
  }
  return { items, truncated: false };
}

function toPolicy(raw: unknown, type: PolicyType): PolicyDoc | null {
  if (!isRec(raw) || typeof raw.id !== "string") return null;
  return {
    id: raw.id,
    name: str(raw.name, raw.id),
    type,
    status: str(raw.status, "ACTIVE"),
    priority: typeof raw.priority === "number" ? raw.priority : Number.MAX_SAFE_INTEGER,
    system: raw.system === true,
    people: type === "ACCESS_POLICY" ? EMPTY_PEOPLE : peopleOf(plain(raw.conditions)),
    settings: plain(raw.settings),
    rules: null,
  };
}

function toRule(raw: unknown): PolicyRuleDoc | null {
  if (!isRec(raw) || typeof raw.id !== "string") return null;
  const conditions = plain(raw.conditions);
  return {
    id: raw.id,
    name: str(raw.name, raw.id),
    status: str(raw.status, "ACTIVE"),
    priority: typeof raw.priority === "number" ? raw.priority : Number.MAX_SAFE_INTEGER,
    system: raw.system === true,
    people: peopleOf(conditions),
    network: networkOf(conditions),
    actions: plain(raw.actions) ?? {},
  };
}

async function listType(gateway: OktaGateway, type: PolicyType): Promise<{ policies: PolicyDoc[]; truncated: boolean } | "unavailable"> {
  try {
    const { items, truncated } = await take(await gateway.client.policyApi.listPolicies({ type }), POLICIES_PER_TYPE);
    return { policies: items.map((p) => toPolicy(p, type)).filter((p): p is PolicyDoc => p !== null), truncated };
  } catch (err) {
    if (isInvalidPolicyType(err)) return "unavailable";
    throw err;
  }
}

async function zoneNames(gateway: OktaGateway): Promise<Map<string, string>> {
  try {
    const { items } = await take(await gateway.client.networkZoneApi.listNetworkZones({}), 500);
    const out = new Map<string, string>();
    for (const z of items) if (isRec(z) && typeof z.id === "string") out.set(z.id, str(z.name, z.id));
    return out;
  } catch {
    // Sentences fall back to the zone id; the policies themselves are what the technician asked for.
    return new Map();
  }
}

/** Every policy of the four types with its rules and the zone names. */
export async function readPolicies(gateway: OktaGateway): Promise<PolicySet> {
  const [lists, zones] = await Promise.all([Promise.all(POLICY_TYPES.map((t) => listType(gateway, t))), zoneNames(gateway)]);
  const unavailable: PolicyType[] = [];
  const policies: PolicyDoc[] = [];
  let truncated = false;
  lists.forEach((l, i) => {
    if (l === "unavailable") unavailable.push(POLICY_TYPES[i]!);
    else {
      policies.push(...l.policies);
      truncated ||= l.truncated;
    }
  });
  await mapBounded(policies, RULE_READS_IN_FLIGHT, async (p) => {
    const { items, truncated: cut } = await take(await gateway.client.policyApi.listPolicyRules({ policyId: p.id }), RULES_PER_POLICY);
    p.rules = items
      .map(toRule)
      .filter((r): r is PolicyRuleDoc => r !== null)
      .sort((a, b) => a.priority - b.priority);
    truncated ||= cut;
  });
  return { policies, zoneNames: zones, unavailable, truncated };
}

/**
 * Where the groups appear in the org's policies (policy conditions and rule conditions, include or
 * exclude), each with a plain sentence of what the policy or rule does.
 */
export async function policiesReferencingGroups(gateway: OktaGateway, groupIds: string[]): Promise<PolicyRef[]> {
  if (!groupIds.length) return [];
  const set = await readPolicies(gateway);
  return referencesToGroups(set.policies, groupIds, set.zoneNames);
}

/**
 * Which policies apply to a user with these groups and through which of them, which higher-priority
 * policy wins where several include the user, and which rules leave the user out because of a group.
 */
export async function policiesForUser(gateway: OktaGateway, userGroupIds: string[], userId?: string): Promise<UserPolicies & { unavailable: PolicyType[]; truncated: boolean }> {
  const set = await readPolicies(gateway);
  return { ...policiesForGroups(set.policies, userGroupIds, set.zoneNames, userId), unavailable: set.unavailable, truncated: set.truncated };
}
