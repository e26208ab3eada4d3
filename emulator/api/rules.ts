/**
 * /api/v1/groups/rules. Okta's event names for rules are not in its published event-type catalogue
 * we could check; we use `group.rule.create|update|activate|deactivate|delete` by analogy with
 * `policy.rule.*` (unverified).
 */
import { applyRule, compileRule, removeMember } from "../directory.ts";
import type { EventParty } from "../events.ts";
import { errors, isObject, OktaError, parseLimit, type ApiContext, type ApiResult } from "../http.ts";
import type { GroupRuleRecord } from "../model.ts";
import { expressionAttributes } from "../expressions.ts";
import { pageOf, sortedSequence } from "../paging.ts";
import { BASE_PROPERTIES } from "../schema.ts";
import type { Router } from "../router.ts";
import { serializeRule } from "../serialize.ts";

function ruleTarget(r: GroupRuleRecord): EventParty {
  return { id: r.id, type: "Rule", alternateId: "unknown", displayName: r.name };
}

function findRule(ctx: ApiContext, id: string): GroupRuleRecord {
  const r = ctx.org.rules.get(id);
  if (!r) throw errors.notFound(id, "GroupRule");
  return r;
}

/** Validates a create/replace body and returns the rule's editable parts. */
function parseRuleBody(ctx: ApiContext): Pick<GroupRuleRecord, "name" | "conditions" | "actions"> {
  const body = ctx.body;
  if (!isObject(body)) throw errors.malformedBody();
  const name = body.name;
  if (typeof name !== "string" || name.trim() === "") throw errors.validation("name", ["name: The field cannot be left blank"]);
  if (name.length > 50) throw errors.validation("name", ["name: The field is too long"]);
  const conditions = isObject(body.conditions) ? body.conditions : {};
  const expression = isObject(conditions.expression) ? conditions.expression : {};
  const value = expression.value;
  if (typeof value !== "string") throw errors.validation("conditions.expression.value", ["conditions.expression.value: The field cannot be left blank"]);
  const actions = isObject(body.actions) && isObject(body.actions.assignUserToGroups) ? body.actions.assignUserToGroups : {};
  const groupIds = Array.isArray(actions.groupIds) ? actions.groupIds.map(String) : [];
  if (groupIds.length === 0) throw errors.validation("actions.assignUserToGroups.groupIds", ["actions.assignUserToGroups.groupIds: The field cannot be left blank"]);
  for (const gid of groupIds) {
    const g = ctx.org.groups.get(gid);
    if (!g) throw errors.validation("actions.assignUserToGroups.groupIds", [`Group ${gid} does not exist`]);
    if (g.type !== "OKTA_GROUP") throw errors.validation("actions.assignUserToGroups.groupIds", [`Group ${gid} is not an Okta group`]);
  }
  const people = isObject(conditions.people) ? conditions.people : undefined;
  const excludeUsers = people && isObject(people.users) && Array.isArray(people.users.exclude) ? people.users.exclude.map(String) : [];
  const rule = {
    name,
    conditions: {
      expression: { value, type: "urn:okta:expression:1.0" as const },
      ...(excludeUsers.length ? { people: { users: { exclude: excludeUsers } } } : {}),
    },
    actions: { assignUserToGroups: { groupIds } },
  };
  try {
    compileRule(rule as GroupRuleRecord);
  } catch (e) {
    // Okta reports invalid expressions as a validation error on the expression, with the reason as cause.
    throw errors.validation("conditions.expression.value", [`Invalid expression: ${(e as Error).message}`]);
  }
  // Okta evaluates group rules against the user profile only: an attribute the org's schema does not
  // define is refused when the rule is saved (the help's "attributes can only come from the Okta user profile").
  const custom = ctx.org.userSchema?.custom ?? {};
  const unknown = expressionAttributes(value).filter((a) => !(a in BASE_PROPERTIES) && !(a in custom));
  if (unknown.length) {
    throw errors.validation(
      "conditions.expression.value",
      unknown.map((a) => `Invalid property ${a} in expression ${value}`),
    );
  }
  return rule;
}

function createRule(ctx: ApiContext): ApiResult {
  const parts = parseRuleBody(ctx);
  const ts = new Date().toISOString();
  const rule: GroupRuleRecord = { id: ctx.ids.id("0pr"), type: "group_rule", status: "INACTIVE", created: ts, lastUpdated: ts, ...parts };
  ctx.org.rules.set(rule.id, rule);
  ctx.emit("group.rule.create", "Create group rule", [ruleTarget(rule)]);
  return { status: 200, body: serializeRule(rule) };
}

function replaceRule(ctx: ApiContext): ApiResult {
  const rule = findRule(ctx, ctx.params.ruleId!);
  // Okta only lets inactive rules be edited; the exact error code is not documented, E0000001 with a cause is what clients see for validation refusals.
  if (rule.status === "ACTIVE") throw errors.validation("status", ["status: Cannot update an active rule; deactivate it first"]);
  Object.assign(rule, parseRuleBody(ctx), { lastUpdated: new Date().toISOString() });
  if (rule.status === "INVALID") rule.status = "INACTIVE";
  ctx.emit("group.rule.update", "Update group rule", [ruleTarget(rule)]);
  return { status: 200, body: serializeRule(rule) };
}

function setRuleStatus(ctx: ApiContext, active: boolean): ApiResult {
  const rule = findRule(ctx, ctx.params.ruleId!);
  if (active && rule.status === "INVALID") {
    throw new OktaError(400, "E0000001", "Api validation failed: status", [{ errorSummary: "status: An invalid rule cannot be activated" }]);
  }
  const target = active ? "ACTIVE" : "INACTIVE";
  if (rule.status !== target) {
    rule.status = target;
    rule.lastUpdated = new Date().toISOString();
    ctx.emit(active ? "group.rule.activate" : "group.rule.deactivate", active ? "Activate group rule" : "Deactivate group rule", [ruleTarget(rule)]);
    if (active) applyRule(ctx, rule);
  }
  return { status: 204 };
}

function deleteRule(ctx: ApiContext): ApiResult {
  const rule = findRule(ctx, ctx.params.ruleId!);
  const tracked = ctx.org.ruleMemberships?.get(rule.id);
  if (ctx.query.get("removeUsers") === "true" && tracked) {
    for (const gid of rule.actions.assignUserToGroups.groupIds) {
      const group = ctx.org.groups.get(gid);
      for (const uid of tracked) {
        const user = ctx.org.users.get(uid);
        if (group && user) removeMember(ctx, group, user);
      }
    }
  }
  ctx.org.ruleMemberships?.delete(rule.id);
  ctx.org.rules.delete(rule.id);
  ctx.emit("group.rule.delete", "Delete group rule", [ruleTarget(rule)]);
  return { status: 202 };
}

function listRules(ctx: ApiContext): ApiResult {
  const limit = parseLimit(ctx.query, 50, 200);
  const search = ctx.query.get("search")?.toLowerCase();
  const ids = [...ctx.org.rules.keys()].sort();
  const load = (id: string) => {
    const r = ctx.org.rules.get(id);
    // Okta's rule `search` is a keyword match on the rule name.
    return r && (!search || r.name.toLowerCase().includes(search)) ? r : undefined;
  };
  return pageOf(ctx, sortedSequence(ids), limit, load, serializeRule);
}

export function registerRuleRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/groups/rules", listRules)
    .add("POST", "/api/v1/groups/rules", createRule)
    .add("GET", "/api/v1/groups/rules/:ruleId", (ctx) => ({ status: 200, body: serializeRule(findRule(ctx, ctx.params.ruleId!)) }))
    .add("PUT", "/api/v1/groups/rules/:ruleId", replaceRule)
    .add("DELETE", "/api/v1/groups/rules/:ruleId", deleteRule)
    .add("POST", "/api/v1/groups/rules/:ruleId/lifecycle/activate", (ctx) => setRuleStatus(ctx, true))
    .add("POST", "/api/v1/groups/rules/:ruleId/lifecycle/deactivate", (ctx) => setRuleStatus(ctx, false));
}
