/**
 * /api/v1/policies (read-only): policies of a type, one policy, its rules; /api/v1/zones: network zones.
 *
 * Okta: `type` is required on the list, and a missing or unknown type is refused with 400 E0000002
 * "The request was not valid: Invalid policy type specified" (the answer terraform-provider-okta and
 * okta-sdk-java users report). Policies and rules come back in priority order. Types Okta knows but
 * the emulator does not model (IDP_DISCOVERY, PROFILE_ENROLLMENT ...) list empty.
 */
import { compile, evaluate, getPath, type Dialect } from "../filters.ts";
import { OktaError, errors, linkHeader, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { NetworkZoneRecord, PolicyRecord, PolicyRuleRecord } from "../model.ts";
import { pageOf, sortedSequence } from "../paging.ts";
import type { Router } from "../router.ts";

/** Okta's PolicyType enum (spec 2026.06.3). */
const POLICY_TYPES = new Set([
  "ACCESS_POLICY",
  "ENTITY_RISK",
  "IDP_DISCOVERY",
  "MFA_ENROLL",
  "OKTA_SIGN_ON",
  "PASSWORD",
  "POST_AUTH_SESSION",
  "PROFILE_ENROLLMENT",
  "DEVICE_SIGNAL_COLLECTION",
  "SESSION_VIOLATION_DETECTION",
  "CLIENT_UPDATE",
  "IDENTITY_CLAIM_SOURCING",
]);

const invalidPolicyType = () => new OktaError(400, "E0000002", "The request was not valid: Invalid policy type specified");

type Link = { href: string; hints?: { allow: string[] } };

function policyLinks(p: PolicyRecord, orgUrl: string): Record<string, Link> {
  const self = `${orgUrl}/api/v1/policies/${p.id}`;
  const links: Record<string, Link> = {
    self: { href: self, hints: { allow: p.system ? ["GET", "PUT"] : ["GET", "PUT", "DELETE"] } },
    rules: { href: `${self}/rules`, hints: { allow: ["GET", "POST"] } },
  };
  // Okta's system policies cannot be deactivated; the others link the opposite lifecycle operation.
  if (!p.system) {
    const op = p.status === "ACTIVE" ? "deactivate" : "activate";
    links[op] = { href: `${self}/lifecycle/${op}`, hints: { allow: ["POST"] } };
  }
  return links;
}

export function serializePolicy(p: PolicyRecord, orgUrl: string) {
  return {
    type: p.type,
    id: p.id,
    status: p.status,
    name: p.name,
    // The spec types description as a string; a policy without one omits it.
    ...(p.description !== null ? { description: p.description } : {}),
    priority: p.priority,
    system: p.system,
    conditions: p.conditions === null ? null : structuredClone(p.conditions),
    created: p.created,
    lastUpdated: p.lastUpdated,
    ...(p.settings ? { settings: structuredClone(p.settings) } : {}),
    _links: policyLinks(p, orgUrl),
  };
}

export function serializePolicyRule(r: PolicyRuleRecord, orgUrl: string) {
  const self = `${orgUrl}/api/v1/policies/${r.policyId}/rules/${r.id}`;
  const links: Record<string, Link> = { self: { href: self, hints: { allow: r.system ? ["GET", "PUT"] : ["GET", "PUT", "DELETE"] } } };
  if (!r.system) {
    const op = r.status === "ACTIVE" ? "deactivate" : "activate";
    links[op] = { href: `${self}/lifecycle/${op}`, hints: { allow: ["POST"] } };
  }
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    priority: r.priority,
    created: r.created,
    lastUpdated: r.lastUpdated,
    system: r.system,
    // Okta's examples show `conditions: null` on a catch-all rule, but the rule schemas do not allow
    // null there; a rule without conditions leaves the field out.
    ...(r.conditions !== null ? { conditions: structuredClone(r.conditions) } : {}),
    actions: structuredClone(r.actions),
    type: r.type,
    _links: links,
  };
}

export function serializeZone(z: NetworkZoneRecord, orgUrl: string) {
  const self = `${orgUrl}/api/v1/zones/${z.id}`;
  const op = z.status === "ACTIVE" ? "deactivate" : "activate";
  return {
    type: z.type,
    id: z.id,
    name: z.name,
    status: z.status,
    usage: z.usage,
    created: z.created,
    lastUpdated: z.lastUpdated,
    system: z.system,
    gateways: structuredClone(z.gateways),
    proxies: z.proxies ? structuredClone(z.proxies) : null,
    _links: {
      self: { href: self, hints: { allow: ["GET", "PUT", "DELETE"] } },
      [op]: { href: `${self}/lifecycle/${op}`, hints: { allow: ["POST"] } },
    },
  };
}

function byPriority<T extends { priority: number; id: string }>(a: T, b: T): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function findPolicy(ctx: ApiContext, id: string): PolicyRecord {
  const p = ctx.org.policies?.get(id);
  if (!p) throw errors.notFound(id, "Policy");
  return p;
}

function listPolicies(ctx: ApiContext): ApiResult {
  const type = ctx.query.get("type");
  if (type === null || !POLICY_TYPES.has(type)) throw invalidPolicyType();
  const status = ctx.query.get("status");
  const q = ctx.query.get("q")?.toLowerCase();
  const policies = [...(ctx.org.policies?.values() ?? [])]
    .filter((p) => p.type === type && (status === null || p.status === status) && (!q || p.name.toLowerCase().startsWith(q)))
    .sort(byPriority);
  return { status: 200, body: policies.map((p) => serializePolicy(p, ctx.orgUrl)), headers: { Link: linkHeader(ctx) } };
}

function listPolicyRules(ctx: ApiContext): ApiResult {
  const policy = findPolicy(ctx, ctx.params.policyId!);
  const rules = [...(ctx.org.policyRules?.get(policy.id) ?? [])].sort(byPriority);
  return { status: 200, body: rules.map((r) => serializePolicyRule(r, ctx.orgUrl)), headers: { Link: linkHeader(ctx) } };
}

function getPolicyRule(ctx: ApiContext): ApiResult {
  const policy = findPolicy(ctx, ctx.params.policyId!);
  const rule = ctx.org.policyRules?.get(policy.id)?.find((r) => r.id === ctx.params.ruleId);
  if (!rule) throw errors.notFound(ctx.params.ruleId!, "PolicyRule");
  return { status: 200, body: serializePolicyRule(rule, ctx.orgUrl) };
}

/** The zones `filter`: Okta supports id, usage and system (eq). */
const ZONE_FILTER: Dialect = {
  allows: (attr, op) => op === "eq" && ["id", "usage", "system"].includes(attr),
  allowNot: false,
  caseInsensitive: false,
};

function listZones(ctx: ApiContext): ApiResult {
  // The spec's default limit is -1 (everything); Okta pages zones by id.
  const limit = parseLimit(ctx.query, 1000, 1000);
  const filter = ctx.query.get("filter");
  const expr = filter !== null ? compile(filter, ZONE_FILTER) : null;
  const zones = ctx.org.zones ?? new Map<string, NetworkZoneRecord>();
  const load = (id: string) => {
    const z = zones.get(id);
    return z && (!expr || evaluate(expr, z, getPath, false)) ? z : undefined;
  };
  return pageOf(ctx, sortedSequence([...zones.keys()].sort()), limit, load, (z) => serializeZone(z, ctx.orgUrl));
}

function getZone(ctx: ApiContext): ApiResult {
  const z = ctx.org.zones?.get(ctx.params.zoneId!);
  if (!z) throw errors.notFound(ctx.params.zoneId!, "Zone");
  return { status: 200, body: serializeZone(z, ctx.orgUrl) };
}

export function registerPolicyRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/policies", listPolicies)
    .add("GET", "/api/v1/policies/:policyId", (ctx) => ({ status: 200, body: serializePolicy(findPolicy(ctx, ctx.params.policyId!), ctx.orgUrl) }))
    .add("GET", "/api/v1/policies/:policyId/rules", listPolicyRules)
    .add("GET", "/api/v1/policies/:policyId/rules/:ruleId", getPolicyRule)
    .add("GET", "/api/v1/zones", listZones)
    .add("GET", "/api/v1/zones/:zoneId", getZone);
}
