"use client";

// Create or edit a group rule: name, target groups (create only: Okta cannot change them later), the
// condition from the builder (attribute equals / starts with / contains, member of any of these groups,
// joined by AND or OR) or as a raw expression for experts, excluded users, a live preview, Ticket ID.
// The expression is checked here as you type (syntax, attributes of this org) and again on the server
// (and the groups it names must exist); Okta's own rejection lands next to the expression, pointing at
// the part it names.
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { createRule, updateRule } from "../actions";
import { RulePreview } from "./rule-preview";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { LazyCombobox } from "@/components/ui/combobox-lazy";
import { lookupSource, type ComboboxOption } from "@/components/ui/combobox-source";
import { SelectField, TextAreaField, TextField, TicketIdField } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import {
  buildExpression,
  checkExpression,
  CONDITION_OP_LABELS,
  CONDITION_OPS,
  expressionToBuilder,
  locateInExpression,
  type BuilderState,
  type Condition,
  type ConditionOp,
  type ExpressionProblem,
} from "@/lib/rules/expression";
import type { RuleFormData } from "@/lib/rules/actions";

type Row =
  | { key: number; kind: "attribute"; attribute: string; op: ConditionOp; value: string }
  | { key: number; kind: "groups"; groups: ComboboxOption[] };

let rowKey = 0;

function rowsFrom(state: BuilderState, names: Record<string, string>): Row[] {
  return state.conditions.map((c): Row =>
    c.kind === "groups"
      ? { key: ++rowKey, kind: "groups", groups: c.groupIds.map((id) => ({ id, label: names[id] ?? id })) }
      : { key: ++rowKey, kind: "attribute", attribute: c.attribute, op: c.op, value: c.value },
  );
}

function conditionsOf(rows: Row[]): Condition[] {
  return rows.map((r): Condition => (r.kind === "groups" ? { kind: "groups", groupIds: r.groups.map((g) => g.id) } : { kind: "attribute", attribute: r.attribute, op: r.op, value: r.value }));
}

/** The expression with one part marked (the part a problem is about). */
function MarkedExpression({ expression, at, end }: { expression: string; at: number; end: number }) {
  const e = Math.max(end, at + 1);
  return (
    <code className="block whitespace-pre-wrap break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-rose-200">
      {expression.slice(0, at)}
      <mark className="rounded bg-rose-200 px-0.5 text-rose-900">{expression.slice(at, e) || " "}</mark>
      {expression.slice(e)}
    </code>
  );
}

export function RuleForm({ slug, data, ticketRequired, orgName }: { slug: string; data: RuleFormData; ticketRequired: boolean; orgName: string }) {
  const router = useRouter();
  const base = `/t/${encodeURIComponent(slug)}`;
  const rule = data.rule;
  const initialBuilder = rule ? expressionToBuilder(rule.expression) : { join: "and" as const, conditions: [] };
  const firstAttr = data.attributes.find((a) => a.name === "department")?.name ?? data.attributes[0]?.name ?? "login";

  const [name, setName] = useState(rule?.name ?? "");
  const [targets, setTargets] = useState<ComboboxOption[]>(rule ? rule.targetGroups.map((g) => ({ id: g.id, label: g.name ?? g.id })) : []);
  const [mode, setMode] = useState<"builder" | "raw">(rule && !initialBuilder ? "raw" : "builder");
  const [join, setJoin] = useState<"and" | "or">(initialBuilder?.join ?? "and");
  const [rows, setRows] = useState<Row[]>(() =>
    initialBuilder && initialBuilder.conditions.length ? rowsFrom(initialBuilder, rule?.groupNames ?? {}) : [{ key: ++rowKey, kind: "attribute", attribute: firstAttr, op: "equals", value: "" }],
  );
  const [raw, setRaw] = useState(rule?.expression ?? "");
  const [excluded, setExcluded] = useState<ComboboxOption[]>(rule ? rule.excludedUserIds.map((id) => ({ id, label: id })) : []);
  const [ticketId, setTicketId] = useState("");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const groupSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/groups/lookup`), [slug]);
  const userSource = useMemo(() => lookupSource(`/api/t/${encodeURIComponent(slug)}/users/lookup`), [slug]);
  const known = useMemo(() => new Set(data.allAttributes), [data.allAttributes]);
  const attrTitles = useMemo(() => {
    const list = data.attributes.map((a) => ({ value: a.name, label: a.title }));
    // An attribute a rule already uses stays choosable even if it is not a string in the schema.
    for (const r of rows) if (r.kind === "attribute" && !list.some((o) => o.value === r.attribute)) list.push({ value: r.attribute, label: r.attribute });
    return list;
  }, [data.attributes, rows]);

  const builderExpression = buildExpression({ join, conditions: conditionsOf(rows) });
  const expression = mode === "builder" ? builderExpression : raw.trim();
  const emptyValue = mode === "builder" && rows.some((r) => (r.kind === "attribute" ? r.value === "" : r.groups.length === 0));
  const check = expression ? checkExpression(expression, known) : null;
  const localProblems: ExpressionProblem[] = check && !check.ok ? check.problems : [];
  const rawBuilder = mode === "raw" ? expressionToBuilder(raw) : null;
  const serverExpressionErrors = errors.expression;
  const located = serverExpressionErrors?.map((m) => locateInExpression(expression, m)).find((x) => x !== null) ?? null;

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? ({ ...r, ...patch } as Row) : r)));
  const canPreview = Boolean(expression) && !emptyValue && localProblems.length === 0 && targets.length > 0;

  const submit = () => {
    setFormError(null);
    const local: Record<string, string[]> = {};
    if (!name.trim()) local.name = ["Give the rule a name."];
    if (!rule && targets.length === 0) local.groupIds = ["Pick at least one target group."];
    if (emptyValue) local.expression = ["Fill in every condition, or remove the empty one."];
    else if (!expression) local.expression = ["Write a condition or build one above."];
    else if (localProblems.length) local.expression = localProblems.map((p) => p.message);
    if (ticketRequired && !ticketId.trim()) local.ticketId = [`${orgName} requires a ticket ID for every change.`];
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setErrors({});
    startTransition(async () => {
      const input = {
        name: name.trim(),
        expression,
        excludedUserIds: excluded.map((u) => u.id),
        ticketId: ticketId.trim() || undefined,
      };
      const r = rule ? await updateRule(slug, { ...input, ruleId: rule.id }) : await createRule(slug, { ...input, groupIds: targets.map((t) => t.id) });
      if (r.ok) {
        notify.success(rule ? `Rule ${input.name} saved. It stays inactive until you activate it.` : `Rule ${input.name} created, inactive: preview and activate it from the list.`);
        router.push(`${base}/groups/rules`);
        router.refresh();
      } else {
        setErrors(r.fieldErrors ?? {});
        setFormError(r.error);
      }
    });
  };

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <div className="grid gap-4 md:grid-cols-2">
        <TextField label="Rule name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} required errors={errors.name} hint="At most 50 characters." />
        {rule ? (
          <div>
            <p className="text-sm font-medium text-slate-700">Target groups</p>
            <ul className="mt-1 flex flex-wrap gap-1">
              {rule.targetGroups.map((g) => (
                <li key={g.id}>
                  <Badge tone="indigo">{g.name ?? `${g.id} (deleted)`}</Badge>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-slate-500">Okta does not allow changing a rule&apos;s target groups; create a new rule for other groups.</p>
          </div>
        ) : (
          <LazyCombobox
            label="Add people to these groups"
            noun="groups"
            multiple
            source={groupSource}
            value={targets}
            onChange={setTargets}
            errors={errors.groupIds}
            hint="Okta groups only (not imported or built-in groups). Okta cannot change them after the rule is created."
          />
        )}
      </div>

      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-900">Condition</legend>
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="How to write the condition">
          <Button size="sm" variant={mode === "builder" ? "primary" : "secondary"} aria-pressed={mode === "builder"} disabled={mode === "raw" && !rawBuilder} onClick={() => {
            if (mode === "raw" && rawBuilder) {
              setJoin(rawBuilder.join);
              setRows(rowsFrom(rawBuilder, { ...(rule?.groupNames ?? {}), ...Object.fromEntries(rows.flatMap((r) => (r.kind === "groups" ? r.groups.map((g) => [g.id, g.label]) : []))) }));
            }
            setMode("builder");
          }}>
            Builder
          </Button>
          <Button size="sm" variant={mode === "raw" ? "primary" : "secondary"} aria-pressed={mode === "raw"} onClick={() => {
            if (mode === "builder") setRaw(builderExpression);
            setMode("raw");
          }}>
            Expression
          </Button>
          {mode === "raw" && !rawBuilder && raw.trim() ? <Badge tone="amber">Custom expression: the builder cannot show it</Badge> : null}
        </div>

        {mode === "builder" ? (
          <div className="space-y-3">
            {rows.length > 1 ? (
              <div className="max-w-xs">
                <SelectField
                  label="Match"
                  value={join}
                  onChange={(e) => setJoin(e.target.value as "and" | "or")}
                  options={[
                    { value: "and", label: "All of these conditions (AND)" },
                    { value: "or", label: "Any of these conditions (OR)" },
                  ]}
                />
              </div>
            ) : null}
            <ol className="space-y-3">
              {rows.map((r, i) => (
                <li key={r.key} className="rounded-md border border-slate-200 bg-white p-3">
                  <div className="flex flex-col gap-3 md:flex-row md:items-start">
                    <div className="md:w-48">
                      <SelectField
                        label={`Condition ${i + 1}`}
                        value={r.kind}
                        onChange={(e) =>
                          setRows((rs) =>
                            rs.map((x) =>
                              x.key !== r.key ? x : e.target.value === "groups" ? { key: x.key, kind: "groups", groups: [] } : { key: x.key, kind: "attribute", attribute: firstAttr, op: "equals", value: "" },
                            ),
                          )
                        }
                        options={[
                          { value: "attribute", label: "Profile attribute" },
                          { value: "groups", label: "Is member of any of" },
                        ]}
                      />
                    </div>
                    {r.kind === "attribute" ? (
                      <>
                        <div className="md:w-60">
                          <SelectField label="Attribute" value={r.attribute} onChange={(e) => update(r.key, { attribute: e.target.value })} options={attrTitles} />
                        </div>
                        <div className="md:w-36">
                          <SelectField
                            label="Operator"
                            value={r.op}
                            onChange={(e) => update(r.key, { op: e.target.value as ConditionOp })}
                            options={CONDITION_OPS.map((op) => ({ value: op, label: CONDITION_OP_LABELS[op] }))}
                          />
                        </div>
                        <div className="md:flex-1">
                          <TextField label="Value" value={r.value} onChange={(e) => update(r.key, { value: e.target.value })} hint="Case-sensitive, as Okta compares." />
                        </div>
                      </>
                    ) : (
                      <LazyCombobox label="Groups" noun="groups" multiple source={groupSource} value={r.groups} onChange={(groups) => update(r.key, { groups })} className="md:flex-1" />
                    )}
                    {rows.length > 1 ? (
                      <Button size="sm" variant="secondary" className="md:mt-6" aria-label={`Remove condition ${i + 1}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                        Remove
                      </Button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
            <Button size="sm" variant="secondary" onClick={() => setRows((rs) => [...rs, { key: ++rowKey, kind: "attribute", attribute: firstAttr, op: "equals", value: "" }])}>
              Add condition
            </Button>
            <div>
              <p className="text-xs font-medium text-slate-600">Okta expression</p>
              <code className="mt-1 block whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800" data-testid="built-expression">
                {builderExpression || "—"}
              </code>
            </div>
          </div>
        ) : (
          <TextAreaField
            label="Okta expression"
            value={raw}
            onChange={(e) => setRaw(e.target.value)}
            rows={4}
            spellCheck={false}
            className="font-mono"
            hint='Okta Expression Language, e.g. user.department=="Marketing" AND isMemberOfAnyGroup("00g…"). Checked before saving.'
          />
        )}

        {localProblems.length && expression && !emptyValue ? (
          <div className="space-y-1" role="alert">
            <MarkedExpression expression={expression} at={localProblems[0]!.at} end={localProblems[0]!.end} />
            <ul className="list-disc pl-5 text-sm text-rose-700">
              {localProblems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {serverExpressionErrors?.length ? (
          <div className="space-y-1" role="alert">
            {located ? <MarkedExpression expression={expression} at={located.at} end={located.end} /> : null}
            <ul className="list-disc pl-5 text-sm text-rose-700">
              {serverExpressionErrors.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </fieldset>

      <LazyCombobox
        label="Never add these users (exclusions)"
        noun="users"
        multiple
        source={userSource}
        value={excluded}
        onChange={setExcluded}
        errors={errors.excludedUserIds}
        hint="Okta skips them even when they match. At most 100."
      />

      {canPreview ? (
        <RulePreview key={`${expression}|${targets.map((t) => t.id).join(",")}|${excluded.map((u) => u.id).join(",")}`} slug={slug} expression={expression} groupIds={targets.map((t) => t.id)} excludedUserIds={excluded.map((u) => u.id)} base={base} />
      ) : (
        <p className="text-sm text-slate-500">The preview needs a complete, valid condition and at least one target group.</p>
      )}

      <TicketIdField ticketRequired={ticketRequired} orgName={orgName} value={ticketId} onChange={(e) => setTicketId(e.target.value)} errors={errors.ticketId} />
      {errors._form?.length ? <Alert tone="error">{errors._form.join(" ")}</Alert> : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : rule ? "Save rule" : "Create rule (inactive)"}
        </Button>
        <ButtonLink href={`${base}/groups/rules`} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
      <p className="text-xs text-slate-500">Okta saves rules inactive: nobody is added until the rule is activated from the list, after a preview.</p>
    </form>
  );
}
