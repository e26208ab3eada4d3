// The users list's view logic, browser-safe and pure (unit-tested): hrefs for chips, page sizes and
// searches; the advanced builder's attributes and its rows recovered from an expression; the `/`
// shortcut; date labels.
import { isTextEntry, type ShortcutKeyEvent, type ShortcutTarget } from "@/components/org-picker/shortcut";
import { PAGE_SIZES, usersHref, type PageSize, type UsersFilterParams } from "./filters";
import type { UserStatus } from "./lifecycle";
import { parseSearch, SEARCH_OPERATORS, type AttributeKind, type SearchBuilderState, type SearchCondition, type SearchExpr, type SearchOperator } from "./search";

// ---------------------------------------------------------------------------------------------------
// Hrefs (every change of query starts at the first page: cursors belong to one query)

export function searchTextHref(slug: string, params: UsersFilterParams, text: string): string {
  const q = text.trim().replace(/\s+/g, " ");
  return usersHref(slug, { ...params, q: q || undefined });
}

export function toggleStatusHref(slug: string, params: UsersFilterParams, status: UserStatus): string {
  const current = params.status ?? [];
  const next = current.includes(status) ? current.filter((s) => s !== status) : [...current, status];
  return usersHref(slug, { ...params, status: next.length ? next : undefined });
}

export function clearStatusesHref(slug: string, params: UsersFilterParams): string {
  return usersHref(slug, { ...params, status: undefined });
}

export function pageSizeHref(slug: string, params: UsersFilterParams, size: PageSize): string {
  return usersHref(slug, { ...params, limit: size });
}

export function isPageSize(n: number): n is PageSize {
  return (PAGE_SIZES as readonly number[]).includes(n);
}

export function advancedHref(slug: string, params: UsersFilterParams, expression: string | undefined): string {
  const search = expression?.trim();
  return usersHref(slug, { ...params, search: search || undefined });
}

export function hasAnyQuery(params: UsersFilterParams): boolean {
  return Boolean(params.q || params.status?.length || params.search);
}

// ---------------------------------------------------------------------------------------------------
// The advanced builder

export interface BuilderAttribute {
  /** As written in an expression: profile.department, status, created. */
  path: string;
  label: string;
  kind: AttributeKind;
}

/** Base profile attributes every Okta org has, and the top-level properties `search` accepts. */
export const BASE_BUILDER_ATTRIBUTES: readonly BuilderAttribute[] = [
  { path: "profile.lastName", label: "Last name", kind: "string" },
  { path: "profile.firstName", label: "First name", kind: "string" },
  { path: "profile.email", label: "Primary email", kind: "string" },
  { path: "profile.login", label: "Username (login)", kind: "string" },
  { path: "profile.department", label: "Department", kind: "string" },
  { path: "profile.title", label: "Title", kind: "string" },
  { path: "profile.userType", label: "User type", kind: "string" },
  { path: "profile.employeeNumber", label: "Employee number", kind: "string" },
  { path: "profile.manager", label: "Manager", kind: "string" },
  { path: "profile.city", label: "City", kind: "string" },
  { path: "profile.countryCode", label: "Country code", kind: "string" },
  { path: "profile.mobilePhone", label: "Mobile phone", kind: "string" },
  { path: "status", label: "Status", kind: "string" },
  { path: "created", label: "Created", kind: "date" },
  { path: "activated", label: "Activated", kind: "date" },
  { path: "statusChanged", label: "Status changed", kind: "date" },
  { path: "lastUpdated", label: "Last updated", kind: "date" },
  { path: "id", label: "Okta user id", kind: "string" },
];

/** The operators the builder offers (Okta's search also knows ge / le / pr: typed by hand). */
export const BUILDER_OPERATORS: readonly SearchOperator[] = ["eq", "sw", "co", "gt", "lt"];

/**
 * The builder's attribute list: the base attributes, then the org's own schema attributes (custom
 * ones) that are not already there, by label.
 */
export function builderAttributes(schema: ReadonlyArray<{ name: string; title?: string | null; type?: string | null }> | null | undefined): BuilderAttribute[] {
  const out = [...BASE_BUILDER_ATTRIBUTES];
  const seen = new Set(out.map((a) => a.path));
  const extra: BuilderAttribute[] = [];
  for (const attr of schema ?? []) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(attr.name)) continue;
    const path = `profile.${attr.name}`;
    if (seen.has(path)) continue;
    seen.add(path);
    const kind: AttributeKind = attr.type === "number" || attr.type === "integer" || attr.type === "boolean" ? attr.type : "string";
    extra.push({ path, label: attr.title?.trim() || attr.name, kind });
  }
  extra.sort((a, b) => a.label.localeCompare(b.label));
  return [...out, ...extra];
}

export function attributeKinds(attributes: readonly BuilderAttribute[]): Record<string, AttributeKind> {
  const out: Record<string, AttributeKind> = {};
  for (const a of attributes) if (a.path.startsWith("profile.")) out[a.path.slice("profile.".length)] = a.kind;
  return out;
}

export const EMPTY_CONDITION: SearchCondition = { attribute: "profile.lastName", operator: "sw", value: "" };

function conditionOf(expr: SearchExpr): SearchCondition | null {
  if (expr.kind !== "cmp") return null;
  if (!(SEARCH_OPERATORS as readonly string[]).includes(expr.op)) return null;
  return { attribute: expr.attr, operator: expr.op, value: expr.value === null ? "" : String(expr.value) };
}

/**
 * The builder rows an expression came from, when it is one flat list of conditions joined by all
 * "and" or all "or"; null for anything the builder cannot show (nesting, not, malformed): the
 * expression then stays as typed.
 */
export function builderFromExpression(expression: string | undefined): SearchBuilderState | null {
  if (!expression?.trim()) return null;
  const parsed = parseSearch(expression);
  if (!parsed.ok) return null;
  const e = parsed.expr;
  if (e.kind === "cmp") {
    const c = conditionOf(e);
    return c ? { match: "all", conditions: [c] } : null;
  }
  if (e.kind === "and" || e.kind === "or") {
    const conditions = e.items.map(conditionOf);
    if (conditions.some((c) => c === null)) return null;
    return { match: e.kind === "and" ? "all" : "any", conditions: conditions as SearchCondition[] };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// The `/` shortcut

/**
 * `/` (with Shift where the layout needs it, never with Ctrl, Cmd or Alt) focuses the search box,
 * except while typing in a field and during an IME composition.
 */
export function isSearchShortcut(e: ShortcutKeyEvent, target: ShortcutTarget | null | undefined): boolean {
  if (e.isComposing || e.keyCode === 229) return false;
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (isTextEntry(target)) return false;
  const tag = target?.tagName?.toUpperCase();
  return tag !== "SELECT";
}

// ---------------------------------------------------------------------------------------------------
// Dates (rendered on the server: the same text in the HTML and after hydration)

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "5 Jan 2025" in UTC (fixed month names: ICU versions differ, e.g. "Sept"). */
const DAY = { format: (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` };
const FULL = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export interface DateLabel {
  /** Short text for the cell ("3 days ago", "12 Mar 2024"). */
  text: string;
  /** Full date and time in UTC for the title / screen readers. */
  full: string;
  iso: string;
}

export function dateLabel(iso: string | null, now: Date, relative = false): DateLabel | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const full = `${FULL.format(d)} UTC`;
  if (!relative) return { text: DAY.format(d), full, iso };
  const mins = Math.round((now.getTime() - d.getTime()) / 60_000);
  let text: string;
  if (mins < 0) text = DAY.format(d);
  else if (mins < 1) text = "just now";
  else if (mins < 60) text = `${mins} min ago`;
  else if (mins < 60 * 24) text = `${Math.floor(mins / 60)} h ago`;
  else if (mins < 60 * 24 * 30) {
    const days = Math.floor(mins / (60 * 24));
    text = days === 1 ? "yesterday" : `${days} days ago`;
  } else text = DAY.format(d);
  return { text, full, iso };
}
