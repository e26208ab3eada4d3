import "server-only";
// Group rules of a customer org, through the one wrapper: reads (list, one rule, preview, blast radius)
// under rules.read, changes (create, edit, activate, deactivate, delete) under rules.manage with the
// org's Ticket ID rule and the write-ahead audit. Every change checks its input before the one Okta
// write: the expression's syntax, attributes against the org's user schema, and that the groups exist.
import { ActionError, tenantAction, type TenantActionContext } from "@/lib/actions";
import { describeOktaError } from "@/lib/okta/gateway";
import { oktaCauses } from "@/lib/okta/error-fields";
import { readUserSchema } from "@/lib/okta/user-schema";
import { mapBounded } from "@/lib/okta/bounded";
import { checkExpression, evaluateExpression, expressionFacts, expressionInWords, parseExpression, unsupportedFunction, type Expr } from "./expression";
import { getGroupRule, listGroupRules, toGroupRule, readGroupAppLabels, readGroups, readMemberIds, type GroupRef, type GroupRule } from "./okta";
import { PREVIEW_MEMBER_BOUND, previewStep, type PreviewStep } from "./preview";
import { createRuleSchema, deleteRuleSchema, previewSchema, ruleIdSchema, ruleTargetSchema, updateRuleSchema } from "./schemas";
import { z } from "zod";

const EXAMPLE_RULE_ID = "0prexample0000000001";
const EXAMPLE_GROUP_ID = "00gexample0000000001";
const RULE_GONE = "Okta has no group rule with this id in this org; it may have been deleted.";

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null;
const statusOf = (err: unknown): number | undefined => (isRec(err) && typeof err.status === "number" ? err.status : undefined);
const oktaCodeOf = (err: unknown): string | undefined => (isRec(err) && typeof err.errorCode === "string" ? err.errorCode : undefined);

// ---------------------------------------------------------------------------------------------------
// Views

export interface RuleView extends GroupRule {
  /** The condition in words, or null for a custom expression. */
  words: string | null;
  targetGroups: GroupRef[];
  /** Names of the groups the expression and the targets name (id -> name). */
  groupNames: Record<string, string>;
}

export interface RulesList {
  rules: RuleView[];
  truncated: boolean;
  canManage: boolean;
}

/** Group names for words and targets: one read per distinct group, bounded. */
const NAMED_GROUPS_BOUND = 100;

async function viewsOf(ctx: TenantActionContext, rules: GroupRule[]): Promise<RuleView[]> {
  const ids = new Set<string>();
  for (const r of rules) {
    r.targetGroupIds.forEach((id) => ids.add(id));
    const parsed = parseExpression(r.expression);
    if (parsed.ok) expressionFacts(parsed.expr).groupIds.forEach((g) => ids.add(g.id));
  }
  const groups = await readGroups(ctx.okta, [...ids].slice(0, NAMED_GROUPS_BOUND));
  const nameOf = (id: string) => groups.get(id)?.name ?? id;
  return rules.map((r) => {
    const parsed = parseExpression(r.expression);
    const named = [...r.targetGroupIds, ...(parsed.ok ? expressionFacts(parsed.expr).groupIds.map((g) => g.id) : [])];
    return {
      ...r,
      words: expressionInWords(r.expression, nameOf),
      targetGroups: r.targetGroupIds.map((id) => groups.get(id) ?? { id, name: id, type: null }),
      groupNames: Object.fromEntries(named.map((id) => [id, nameOf(id)])),
    };
  });
}

export const listRulesAction = tenantAction(
  { name: "rule.list", permission: "rules.read", input: z.object({}), readOnly: true, auditFields: [], example: {} },
  async (ctx): Promise<RulesList> => {
    const { rules, truncated } = await listGroupRules(ctx.okta);
    rules.sort((a, b) => a.name.localeCompare(b.name));
    return { rules: await viewsOf(ctx, rules), truncated, canManage: ctx.can("rules.manage") };
  },
);

export interface RuleFormData {
  /** The org's user profile attributes the builder offers (strings: equals / starts with / contains). */
  attributes: Array<{ name: string; title: string }>;
  /** Every attribute name, for checking raw expressions in the browser. */
  allAttributes: string[];
  rule: RuleView | null;
  canManage: boolean;
}

/** What the create and edit pages need: the org's schema attributes and, to edit, the rule. */
export const ruleFormAction = tenantAction(
  {
    name: "rule.form",
    permission: "rules.read",
    input: z.object({ ruleId: ruleIdSchema.optional() }),
    readOnly: true,
    auditFields: ["ruleId"],
    example: {},
  },
  async (ctx, input): Promise<RuleFormData> => {
    const [schema, rule] = await Promise.all([readUserSchema(ctx.okta), input.ruleId ? getGroupRule(ctx.okta, input.ruleId) : Promise.resolve(null)]);
    if (input.ruleId && !rule) throw new ActionError(RULE_GONE, "not_found", undefined, "E0000007");
    const attributes = schema.filter((a) => a.type === "string").map((a) => ({ name: a.name, title: a.title }));
    return {
      attributes,
      allAttributes: schema.map((a) => a.name),
      rule: rule ? (await viewsOf(ctx, [rule]))[0]! : null,
      canManage: ctx.can("rules.manage"),
    };
  },
);

// ---------------------------------------------------------------------------------------------------
// Checks before any write

/**
 * The expression against the org's schema and groups: syntax, attributes, group ids that exist. Throws
 * an "invalid" ActionError with field errors on `expression` (nothing is written). Returns the parsed
 * expression.
 */
/** Syntax first: a malformed expression is refused without any Okta call. */
function assertSyntax(expression: string): void {
  const parsed = parseExpression(expression);
  if (!parsed.ok) throw new ActionError("Okta would reject this expression; nothing was saved.", "invalid", { expression: [parsed.problem.message] }, "invalid_expression");
}

async function checkRuleExpression(ctx: TenantActionContext, expression: string): Promise<Expr> {
  assertSyntax(expression);
  const schema = await readUserSchema(ctx.okta);
  const check = checkExpression(expression, new Set(schema.map((a) => a.name)));
  if (!check.ok) {
    throw new ActionError("Okta would reject this expression; nothing was saved.", "invalid", { expression: check.problems.map((p) => p.message) }, "invalid_expression");
  }
  const ids = [...new Set(check.facts.groupIds.map((g) => g.id))];
  if (ids.length) {
    const groups = await readGroups(ctx.okta, ids);
    const missing = ids.filter((id) => groups.get(id)?.name === null);
    if (missing.length) {
      throw new ActionError(
        "The expression names a group that does not exist; nothing was saved.",
        "invalid",
        { expression: missing.map((id) => `Okta has no group with the id ${id} in this org.`) },
        "unknown_group",
      );
    }
  }
  return check.expr;
}

/** Target groups exist and are Okta groups (rules cannot assign to imported or built-in groups). */
async function checkTargets(ctx: TenantActionContext, groupIds: readonly string[]): Promise<void> {
  const groups = await readGroups(ctx.okta, groupIds);
  const problems: string[] = [];
  for (const id of groupIds) {
    const g = groups.get(id)!;
    if (g.name === null) problems.push(`Okta has no group with the id ${id} in this org.`);
    else if (g.type !== "OKTA_GROUP") problems.push(`${g.name} is ${g.type === "APP_GROUP" ? "imported from an app" : "a built-in group"}: rules can only add people to Okta groups.`);
  }
  if (problems.length) throw new ActionError("A target group cannot be used; nothing was saved.", "invalid", { groupIds: problems }, "invalid_target");
}

/** Okta's rejection of a rule (400): its causes next to the field they are about. */
function ruleRejection(err: unknown): ActionError | null {
  if (statusOf(err) !== 400) return null;
  const fieldErrors: Record<string, string[]> = {};
  for (const c of oktaCauses(err)) {
    const attr = c.attribute ?? "";
    const key = attr === "name" ? "name" : /groupIds/.test(attr) ? "groupIds" : /expression/i.test(attr) || /expression|property/i.test(c.message) ? "expression" : "_form";
    (fieldErrors[key] ??= []).push(c.message);
  }
  const sentence = describeOktaError(err)?.sentence ?? "Okta rejected the rule.";
  return new ActionError(sentence, "invalid", Object.keys(fieldErrors).length ? fieldErrors : undefined, oktaCodeOf(err) ?? "E0000001");
}

async function oktaRuleWrite<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError(RULE_GONE, "not_found", undefined, oktaCodeOf(err) ?? "E0000007");
    throw ruleRejection(err) ?? err;
  }
}

async function ruleOrGone(ctx: TenantActionContext, ruleId: string): Promise<GroupRule> {
  const rule = await getGroupRule(ctx.okta, ruleId);
  if (!rule) throw new ActionError(RULE_GONE, "not_found", undefined, "E0000007");
  ctx.setTarget({ type: "group_rule", id: rule.id, name: rule.name });
  return rule;
}

const ruleBody = (input: { name: string; expression: string; excludedUserIds: string[] }, groupIds: string[]) => ({
  type: "group_rule",
  name: input.name,
  conditions: {
    expression: { value: input.expression, type: "urn:okta:expression:1.0" },
    ...(input.excludedUserIds.length ? { people: { users: { exclude: input.excludedUserIds } } } : {}),
  },
  actions: { assignUserToGroups: { groupIds } },
});

// ---------------------------------------------------------------------------------------------------
// Changes

export const createRuleAction = tenantAction(
  {
    name: "rule.create",
    permission: "rules.manage",
    input: createRuleSchema,
    target: (i) => ({ type: "group_rule", name: i.name }),
    auditFields: ["name", "expression", "groupIds", "excludedUserIds"],
    example: { name: "Marketing", expression: 'user.department=="Marketing"', groupIds: [EXAMPLE_GROUP_ID] },
  },
  async (ctx, input): Promise<{ rule: GroupRule }> => {
    assertSyntax(input.expression);
    await Promise.all([checkRuleExpression(ctx, input.expression), checkTargets(ctx, input.groupIds)]);
    const created = await oktaRuleWrite(() => ctx.okta.client.groupApi.createGroupRule({ groupRule: ruleBody(input, input.groupIds) as never }));
    const rule = toGroupRule(created);
    ctx.setTarget({ type: "group_rule", id: rule.id, name: rule.name });
    return { rule };
  },
);

export const INACTIVE_ONLY = "Okta only allows editing an inactive rule: deactivate it first (the people it added stay in their groups), edit it, then activate it again.";

export const updateRuleAction = tenantAction(
  {
    name: "rule.update",
    permission: "rules.manage",
    input: updateRuleSchema,
    target: (i) => ({ type: "group_rule", id: i.ruleId }),
    auditFields: ["ruleId", "name", "expression", "excludedUserIds"],
    example: { ruleId: EXAMPLE_RULE_ID, name: "Marketing", expression: 'user.department=="Marketing"' },
  },
  async (ctx, input): Promise<{ rule: GroupRule }> => {
    const current = await ruleOrGone(ctx, input.ruleId);
    if (current.status === "ACTIVE") throw new ActionError(`${INACTIVE_ONLY} Nothing was changed.`, "invalid", undefined, "rule_active");
    await checkRuleExpression(ctx, input.expression);
    const body = { ...ruleBody(input, current.targetGroupIds), id: current.id };
    const replaced = await oktaRuleWrite(() => ctx.okta.client.groupApi.replaceGroupRule({ ruleId: current.id, groupRule: body as never }));
    return { rule: toGroupRule(replaced) };
  },
);

async function setRuleStatus(ctx: TenantActionContext, ruleId: string, active: boolean): Promise<{ status: string }> {
  const rule = await ruleOrGone(ctx, ruleId);
  if (active && rule.status === "INVALID") {
    throw new ActionError("Okta marked this rule invalid (a group or attribute it uses is gone): edit it first. Nothing was changed.", "invalid", undefined, "rule_invalid");
  }
  await oktaRuleWrite(() => (active ? ctx.okta.client.groupApi.activateGroupRule({ ruleId }) : ctx.okta.client.groupApi.deactivateGroupRule({ ruleId })));
  const after = await getGroupRule(ctx.okta, ruleId).catch(() => null);
  return { status: after?.status ?? (active ? "ACTIVE" : "INACTIVE") };
}

export const activateRuleAction = tenantAction(
  { name: "rule.activate", permission: "rules.manage", input: ruleTargetSchema, target: (i) => ({ type: "group_rule", id: i.ruleId }), auditFields: ["ruleId"], example: { ruleId: EXAMPLE_RULE_ID } },
  (ctx, input) => setRuleStatus(ctx, input.ruleId, true),
);

export const deactivateRuleAction = tenantAction(
  { name: "rule.deactivate", permission: "rules.manage", input: ruleTargetSchema, target: (i) => ({ type: "group_rule", id: i.ruleId }), auditFields: ["ruleId"], example: { ruleId: EXAMPLE_RULE_ID } },
  (ctx, input) => setRuleStatus(ctx, input.ruleId, false),
);

export const deleteRuleAction = tenantAction(
  {
    name: "rule.delete",
    permission: "rules.manage",
    input: deleteRuleSchema,
    target: (i) => ({ type: "group_rule", id: i.ruleId }),
    auditFields: ["ruleId", "removeUsers"],
    example: { ruleId: EXAMPLE_RULE_ID, removeUsers: false },
  },
  async (ctx, input): Promise<{ deleted: true }> => {
    const rule = await ruleOrGone(ctx, input.ruleId);
    if (rule.status === "ACTIVE") throw new ActionError("Deactivate the rule before deleting it. Nothing was changed.", "invalid", undefined, "rule_active");
    await oktaRuleWrite(() => ctx.okta.client.groupApi.deleteGroupRule({ ruleId: rule.id, removeUsers: input.removeUsers }));
    return { deleted: true };
  },
);

// ---------------------------------------------------------------------------------------------------
// Preview and blast radius (reads)

export type PreviewResult = PreviewStep;

export const previewRuleAction = tenantAction(
  { name: "rule.preview", permission: "rules.read", input: previewSchema, readOnly: true, auditFields: ["expression", "groupIds"], example: { expression: 'user.department=="Marketing"', groupIds: [EXAMPLE_GROUP_ID] } },
  async (ctx, input): Promise<PreviewResult> => {
    const expr = await checkRuleExpression(ctx, input.expression);
    const fn = unsupportedFunction(expr);
    if (fn) throw new ActionError(`The console cannot preview ${fn}(); Okta will still evaluate it when the rule is active.`, "invalid", undefined, "preview_unsupported");
    return previewStep(ctx.okta, { expr, targetGroupIds: input.groupIds, excludedUserIds: input.excludedUserIds, cursor: input.cursor });
  },
);

export interface TargetImpact {
  group: GroupRef;
  members: number;
  membersTruncated: boolean;
  /** Members who match the rule now (the ones "remove users" would take out, if the rule added them); null when the console cannot evaluate the expression. */
  matching: number | null;
  apps: string[];
  appsTruncated: boolean;
}

export interface RuleImpact {
  /** null: Okta has no such rule (any more). */
  rule: RuleView | null;
  targets: TargetImpact[];
}

/**
 * What deactivating or deleting a rule touches: each target group's members (bounded), how many of
 * them match the rule, and the apps the group assigns. Okta does not say which members a rule added,
 * so "matching" is the upper bound of who "remove users" could take out.
 */
export const ruleImpactAction = tenantAction(
  { name: "rule.impact", permission: "rules.read", input: ruleTargetSchema, readOnly: true, auditFields: ["ruleId"], example: { ruleId: EXAMPLE_RULE_ID } },
  async (ctx, input): Promise<RuleImpact> => {
    const rule = await getGroupRule(ctx.okta, input.ruleId);
    if (!rule) return { rule: null, targets: [] };
    const [view] = await viewsOf(ctx, [rule]);
    const parsed = parseExpression(rule.expression);
    const expr = parsed.ok && !unsupportedFunction(parsed.expr) ? parsed.expr : null;
    const referenced = expr ? [...new Set(expressionFacts(expr).groupIds.map((g) => g.id))] : [];
    const refMembers = new Map(await Promise.all(referenced.map(async (id) => [id, (await readMemberIds(ctx.okta, id, PREVIEW_MEMBER_BOUND)).ids] as const)));
    const targets = await mapBounded(view!.targetGroups, 3, async (group): Promise<TargetImpact> => {
      const [members, apps] = await Promise.all([readMembersWithProfiles(ctx, group.id), group.name === null ? { labels: [], truncated: false } : readGroupAppLabels(ctx.okta, group.id)]);
      const matching = expr
        ? members.users.filter((u) => evaluateExpression(expr, { profile: u.profile, groupIds: new Set(referenced.filter((g) => refMembers.get(g)!.has(u.id))) })).length
        : null;
      return { group, members: members.users.length, membersTruncated: members.truncated, matching, apps: apps.labels, appsTruncated: apps.truncated };
    });
    return { rule: view!, targets };
  },
);

async function readMembersWithProfiles(ctx: TenantActionContext, groupId: string): Promise<{ users: Array<{ id: string; profile: Record<string, unknown> }>; truncated: boolean }> {
  const collection = await ctx.okta.client.groupApi.listGroupUsers({ groupId, limit: 200 });
  const users: Array<{ id: string; profile: Record<string, unknown> }> = [];
  try {
    for await (const u of collection) {
      if (users.length >= PREVIEW_MEMBER_BOUND) return { users, truncated: true };
      if (isRec(u) && typeof u.id === "string") users.push({ id: u.id, profile: isRec(u.profile) ? (u.profile as Record<string, unknown>) : {} });
    }
  } catch (err) {
    if (statusOf(err) === 404) return { users, truncated: false };
    throw err;
  }
  return { users, truncated: false };
}
