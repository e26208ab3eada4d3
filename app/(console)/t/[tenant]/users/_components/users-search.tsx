"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { UsersFilterParams } from "@/lib/users/filters";
import { STATUS_INFO, USER_STATUSES } from "@/lib/users/lifecycle";
import {
  advancedHref,
  attributeKinds,
  BASE_BUILDER_ATTRIBUTES,
  BUILDER_OPERATORS,
  builderFromExpression,
  clearStatusesHref,
  EMPTY_CONDITION,
  isSearchShortcut,
  searchTextHref,
  toggleStatusHref,
  type BuilderAttribute,
} from "@/lib/users/list-view";
import { loadSearchAttributes } from "./list-actions";
import { buildSearch, classifyText, DATE_PROPERTIES, OPERATOR_LABELS, parseSearch, type SearchBuilderState, type SearchCondition } from "@/lib/users/search";

const isDateAttribute = (attr: string) => (DATE_PROPERTIES as readonly string[]).includes(attr);

const CONTROL =
  "block rounded-md border-0 bg-white text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

function textHint(text: string): string | null {
  switch (classifyText(text)) {
    case "empty":
      return null;
    case "id":
      return "An Okta user id: finds that user.";
    case "login":
      return "Finds the user whose username or primary email is exactly this.";
    case "words":
      return text.trim().includes(" ")
        ? "First name then last name, or a last name of several words (starts with, any case)."
        : "First name, last name or email starting with this.";
  }
}

export function UsersSearch({
  slug,
  params,
  serverError,
}: {
  slug: string;
  params: UsersFilterParams;
  /** The server refused the expression in the URL (pasted link): shown in the advanced panel. */
  serverError?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (href: string) => startTransition(() => router.push(href));

  // ---- search box ----------------------------------------------------------------------------
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(params.q ?? "");
  // A new URL (Back, a chip, a pasted link) brings its own text: adjust state while rendering.
  const [seenQ, setSeenQ] = useState(params.q);
  if (seenQ !== params.q) {
    setSeenQ(params.q);
    setText(params.q ?? "");
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !isSearchShortcut(e, e.target as HTMLElement | null)) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    go(searchTextHref(slug, params, text));
  };
  const hint = textHint(text);
  const hintId = useId();

  // ---- advanced ------------------------------------------------------------------------------
  const [open, setOpen] = useState(Boolean(params.search));
  const initial = useMemo(() => builderFromExpression(params.search) ?? { match: "all" as const, conditions: [{ ...EMPTY_CONDITION }] }, [params.search]);
  const [builder, setBuilder] = useState<SearchBuilderState>(initial);
  const [expression, setExpression] = useState(params.search ?? "");
  const [exprError, setExprError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [seenSearch, setSeenSearch] = useState(params.search);
  if (seenSearch !== params.search) {
    setSeenSearch(params.search);
    setBuilder(initial);
    setExpression(params.search ?? "");
    setExprError(null);
    setRowErrors({});
    if (params.search) setOpen(true);
  }
  // The org's schema (custom attributes), read once the builder is first opened; base ones until then.
  const [schema, setSchema] = useState<{ attributes: readonly BuilderAttribute[]; profileAttributes: string[] | null; note: string | null } | null>(null);
  const schemaAsked = useRef(false);
  useEffect(() => {
    if (!open || schemaAsked.current) return;
    schemaAsked.current = true;
    loadSearchAttributes(slug)
      .then((r) => setSchema(r.ok ? r.data : { attributes: BASE_BUILDER_ATTRIBUTES, profileAttributes: null, note: r.error }))
      .catch(() => setSchema({ attributes: BASE_BUILDER_ATTRIBUTES, profileAttributes: null, note: "The org's custom attributes could not be read; only the standard ones are offered." }));
  }, [open, slug]);
  const attributes = schema?.attributes ?? BASE_BUILDER_ATTRIBUTES;
  const searchCtx = useMemo(() => (schema?.profileAttributes ? { profileAttributes: schema.profileAttributes } : {}), [schema]);
  const kinds = useMemo(() => attributeKinds(attributes), [attributes]);
  const panelId = useId();
  const exprId = useId();

  const updateBuilder = (next: SearchBuilderState) => {
    setBuilder(next);
    // Rows still being filled in stay quiet; complete ones write the expression.
    const complete = next.conditions.filter((c) => c.operator === "pr" || (c.value ?? "").trim() !== "");
    if (complete.length === 0) return;
    const built = buildSearch({ ...next, conditions: complete }, { ...searchCtx, attributeKinds: kinds });
    if (built.ok) {
      setExpression(built.expression);
      setExprError(null);
      setRowErrors({});
    } else {
      const byRow: Record<number, string> = {};
      for (const err of built.errors) {
        const index = err.index >= 0 ? next.conditions.indexOf(complete[err.index]!) : -1;
        byRow[index] = err.message;
      }
      setRowErrors(byRow);
    }
  };
  const setRow = (i: number, patch: Partial<SearchCondition>) =>
    updateBuilder({ ...builder, conditions: builder.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (expression.trim() === "") {
      go(advancedHref(slug, params, undefined));
      return;
    }
    const parsed = parseSearch(expression, searchCtx);
    if (!parsed.ok) {
      // Refused here, before any request: the parser's sentence, next to the expression.
      setExprError(parsed.error);
      return;
    }
    setExprError(null);
    go(advancedHref(slug, params, parsed.expression));
  };

  const selected = new Set(params.status ?? []);
  const shownError = exprError ?? (expression === (params.search ?? "") ? serverError : null) ?? null;

  return (
    <section aria-label="Find users" className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <form role="search" onSubmit={onSubmit} className="flex flex-1 gap-2">
          <div className="relative flex-1">
            <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400">
              <path
                fillRule="evenodd"
                d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.58 3.58a.75.75 0 1 1-1.06 1.06l-3.58-3.58A7 7 0 0 1 2 9Z"
                clipRule="evenodd"
              />
            </svg>
            <input
              ref={inputRef}
              type="search"
              name="q"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-label="Search users"
              aria-describedby={hint ? hintId : undefined}
              aria-keyshortcuts="/"
              placeholder="Search by name, email or username"
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              className={cn(CONTROL, "h-10 w-full pl-9 pr-10")}
            />
            <kbd
              aria-hidden
              title="Press / to search"
              className="pointer-events-none absolute right-2.5 top-1/2 hidden -translate-y-1/2 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-500 sm:block"
            >
              /
            </kbd>
          </div>
          <Button type="submit" className="h-10" disabled={pending}>
            Search
          </Button>
        </form>
        <Button
          variant="secondary"
          className="h-10"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 text-slate-500">
            <path d="M3 5a1 1 0 0 1 1-1h12a1 1 0 1 1 0 2H4a1 1 0 0 1-1-1Zm2 5a1 1 0 0 1 1-1h8a1 1 0 1 1 0 2H6a1 1 0 0 1-1-1Zm3 4a1 1 0 1 0 0 2h4a1 1 0 1 0 0-2H8Z" />
          </svg>
          Advanced search
          {params.search ? <span className="rounded-full bg-indigo-100 px-1.5 text-xs text-indigo-700">on</span> : null}
        </Button>
      </div>
      {hint ? (
        <p id={hintId} className="-mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}

      <div role="group" aria-label="Filter by status" className="flex flex-wrap items-center gap-1.5">
        <span className="mr-1 text-xs font-medium uppercase tracking-wide text-slate-500">Status</span>
        {USER_STATUSES.map((s) => {
          const on = selected.has(s);
          return (
            <button
              key={s}
              type="button"
              aria-pressed={on}
              onClick={() => go(toggleStatusHref(slug, params, s))}
              className={cn(
                "rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition-colors",
                on ? "bg-indigo-600 text-white ring-indigo-600 hover:bg-indigo-500" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              {STATUS_INFO[s].label}
            </button>
          );
        })}
        {selected.size > 0 ? (
          <button type="button" onClick={() => go(clearStatusesHref(slug, params))} className="ml-1 text-xs font-medium text-indigo-700 hover:underline">
            Clear status
          </button>
        ) : null}
        {pending ? (
          <span role="status" className="ml-auto text-xs text-slate-500">
            Loading…
          </span>
        ) : null}
      </div>

      {open ? (
        <form id={panelId} onSubmit={apply} aria-label="Advanced search" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span>Users matching</span>
            <select
              aria-label="Match"
              value={builder.match}
              onChange={(e) => updateBuilder({ ...builder, match: e.target.value === "any" ? "any" : "all" })}
              className={cn(CONTROL, "h-8 py-0 pl-2 pr-7")}
            >
              <option value="all">all (and)</option>
              <option value="any">any (or)</option>
            </select>
            <span>of these conditions</span>
          </div>
          <ol className="space-y-2">
            {builder.conditions.map((c, i) => (
              <li key={i} className="space-y-1">
                <div className="grid grid-cols-1 gap-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,11rem)_minmax(0,1fr)_auto]">
                  <select
                    aria-label={`Attribute of condition ${i + 1}`}
                    value={c.attribute}
                    onChange={(e) => setRow(i, { attribute: e.target.value })}
                    className={cn(CONTROL, "h-9 py-0 pl-2 pr-7")}
                  >
                    {attributes.map((a) => (
                      <option key={a.path} value={a.path}>
                        {a.label}
                      </option>
                    ))}
                    {!attributes.some((a) => a.path === c.attribute) ? <option value={c.attribute}>{c.attribute}</option> : null}
                  </select>
                  <select
                    aria-label={`Operator of condition ${i + 1}`}
                    value={c.operator}
                    onChange={(e) => setRow(i, { operator: e.target.value as SearchCondition["operator"] })}
                    className={cn(CONTROL, "h-9 py-0 pl-2 pr-7")}
                  >
                    {BUILDER_OPERATORS.map((op) => (
                      <option key={op} value={op}>
                        {OPERATOR_LABELS[op]} ({op})
                      </option>
                    ))}
                    {!BUILDER_OPERATORS.includes(c.operator) ? (
                      <option value={c.operator}>
                        {OPERATOR_LABELS[c.operator]} ({c.operator})
                      </option>
                    ) : null}
                  </select>
                  {c.attribute === "status" && c.operator === "eq" ? (
                    <select
                      aria-label={`Value of condition ${i + 1}`}
                      value={(c.value ?? "").toUpperCase()}
                      onChange={(e) => setRow(i, { value: e.target.value })}
                      className={cn(CONTROL, "h-9 w-full py-0 pl-2 pr-7")}
                    >
                      <option value="">Choose a status</option>
                      {USER_STATUSES.map((st) => (
                        <option key={st} value={st}>
                          {STATUS_INFO[st].label} ({st})
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      aria-label={`Value of condition ${i + 1}`}
                      aria-invalid={rowErrors[i] ? true : undefined}
                      type={isDateAttribute(c.attribute) && !/T/.test(c.value ?? "") ? "date" : "text"}
                      value={c.value ?? ""}
                      disabled={c.operator === "pr"}
                      onChange={(e) => setRow(i, { value: e.target.value })}
                      placeholder="Value"
                      className={cn(CONTROL, "h-9 w-full px-3", rowErrors[i] && "ring-rose-400")}
                    />
                  )}
                  <Button
                    variant="ghost"
                    className="h-9 justify-self-end"
                    aria-label={`Remove condition ${i + 1}`}
                    disabled={builder.conditions.length === 1}
                    onClick={() => updateBuilder({ ...builder, conditions: builder.conditions.filter((_, j) => j !== i) })}
                  >
                    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
                      <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
                    </svg>
                  </Button>
                </div>
                {rowErrors[i] ? (
                  <p role="alert" className="text-xs text-rose-700">
                    {rowErrors[i]}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={() => updateBuilder({ ...builder, conditions: [...builder.conditions, { ...EMPTY_CONDITION }] })}>
              + Add condition
            </Button>
            {schema?.note ? <p className="text-xs text-amber-800">{schema.note}</p> : null}
          </div>
          <div className="space-y-1">
            <label htmlFor={exprId} className="block text-sm font-medium text-slate-800">
              Okta search expression
            </label>
            <textarea
              id={exprId}
              value={expression}
              onChange={(e) => {
                setExpression(e.target.value);
                setExprError(null);
              }}
              rows={2}
              spellCheck={false}
              aria-invalid={shownError ? true : undefined}
              aria-describedby={`${exprId}-note`}
              placeholder='profile.department eq "Engineering" and status eq "ACTIVE"'
              className={cn(CONTROL, "w-full px-3 py-2 font-mono text-xs", shownError && "ring-rose-400")}
            />
            {shownError ? (
              <p id={`${exprId}-note`} role="alert" className="text-sm text-rose-700">
                {shownError}
              </p>
            ) : (
              <p id={`${exprId}-note`} className="text-xs text-slate-500">
                Built from the conditions above; edit it by hand for nesting, <code>ge</code>, <code>le</code>, <code>pr</code> or <code>not</code>. Sent to Okta as <code>search</code>, combined with the search box and status.
              </p>
            )}
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              Apply
            </Button>
            {params.search ? (
              <Button variant="secondary" onClick={() => go(advancedHref(slug, params, undefined))}>
                Remove advanced search
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
