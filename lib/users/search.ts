// How a technician's search becomes one Okta users query (browser-safe: the search box and the
// advanced builder use it to show the expression and refuse a malformed one before any call; the
// server uses it to build the call).
//
// Okta's three list parameters (Management API, List all users):
//  - `q`: starts-with on firstName, lastName or email; omits DEPROVISIONED users; does NOT page.
//  - `filter`: status, lastUpdated, id, profile.login/email/firstName/lastName; `eq` only (ranges on
//    lastUpdated); case-sensitive values; and/or, no not.
//  - `search`: any profile attribute and id, status, created, activated, statusChanged, lastUpdated,
//    type.id; case-insensitive values; no `ne`; `co` only on firstName, lastName, email and login;
//    pages; the only one that takes sortBy/sortOrder.
// Expression syntax follows SCIM (RFC 7644 §3.4.2.2): a value is a JSON literal, so inside quotes `"`
// and `\` are escaped with a backslash.
import { isUserStatus, USER_STATUSES, type UserStatus } from "./lifecycle";

export const SEARCH_OPERATORS = ["eq", "sw", "co", "gt", "ge", "lt", "le", "pr"] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export const OPERATOR_LABELS: Record<SearchOperator, string> = {
  eq: "equals",
  sw: "starts with",
  co: "contains",
  gt: "after / greater than",
  ge: "on or after / at least",
  lt: "before / less than",
  le: "on or before / at most",
  pr: "has a value",
};

/** Top-level user properties Okta's `search` accepts (everything else must be `profile.<name>`). */
export const SEARCH_TOP_LEVEL = ["id", "status", "created", "activated", "statusChanged", "lastUpdated", "type.id"] as const;
export const DATE_PROPERTIES: readonly string[] = ["created", "activated", "statusChanged", "lastUpdated"];
/** The only attributes Okta's `search` accepts `co` on. */
export const CONTAINS_ATTRIBUTES: readonly string[] = ["profile.firstName", "profile.lastName", "profile.email", "profile.login"];

/** Columns the users list can sort by (sortBy works with `search` only). */
export const SORTABLE_ATTRIBUTES = [
  "profile.lastName",
  "profile.firstName",
  "profile.login",
  "profile.email",
  "profile.department",
  "status",
  "created",
  "activated",
  "statusChanged",
  "lastUpdated",
] as const;
export type SortableAttribute = (typeof SORTABLE_ATTRIBUTES)[number];
export type SortOrder = "asc" | "desc";

/** Longer expressions are refused before the call (Okta: "an overly complex or long search query can result in an error"). */
export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_CONDITIONS = 40;
const MAX_DEPTH = 8;

export type SearchValue = string | number | boolean;

export type SearchExpr =
  | { kind: "cmp"; attr: string; op: SearchOperator; value: SearchValue | null }
  | { kind: "and" | "or"; items: SearchExpr[] }
  | { kind: "not"; expr: SearchExpr };

export type ParseResult = { ok: true; expr: SearchExpr; expression: string } | { ok: false; error: string };

/** Profile attribute names Okta allows (letters, digits, underscore; starting with a letter). */
const PROFILE_ATTRIBUTE = /^profile\.[A-Za-z][A-Za-z0-9_]*$/;
/** Okta's documented date form, e.g. "2013-06-01T00:00:00.000Z" (a plain day is not documented). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

// ---------------------------------------------------------------------------------------------------
// Writing expressions

/** A string as a quoted search literal: `"` and `\` escaped. */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function formatValue(value: SearchValue): string {
  return typeof value === "string" ? quoteSearchValue(value) : String(value);
}

/** The canonical text of an expression (parenthesised where and/or/not nest). */
export function formatSearch(expr: SearchExpr): string {
  switch (expr.kind) {
    case "cmp":
      return expr.op === "pr" || expr.value === null ? `${expr.attr} pr` : `${expr.attr} ${expr.op} ${formatValue(expr.value)}`;
    case "not":
      return `not (${formatSearch(expr.expr)})`;
    case "and":
    case "or":
      return expr.items.map((item) => (item.kind === "and" || item.kind === "or" ? `(${formatSearch(item)})` : formatSearch(item))).join(` ${expr.kind} `);
  }
}

const cmp = (attr: string, op: SearchOperator, value: SearchValue | null): SearchExpr => ({ kind: "cmp", attr, op, value });

function junction(kind: "and" | "or", items: SearchExpr[]): SearchExpr {
  const flat = items.flatMap((i) => (i.kind === kind ? i.items : [i]));
  return flat.length === 1 ? flat[0]! : { kind, items: flat };
}

// ---------------------------------------------------------------------------------------------------
// Checking one comparison (shared by the parser and the builder)

export interface SearchContext {
  /**
   * The org's profile attribute names (from its user schema), when known: an unknown attribute is
   * refused before the call. Without it any well-formed `profile.<name>` passes.
   */
  profileAttributes?: readonly string[];
}

const listOr = (items: readonly string[]) => `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;

function checkAttribute(attr: string, ctx: SearchContext): string | null {
  if ((SEARCH_TOP_LEVEL as readonly string[]).includes(attr)) return null;
  if (!PROFILE_ATTRIBUTE.test(attr)) {
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(attr)) {
      return `"${attr}" is not a property Okta's search knows: use profile.${attr} for a profile attribute, or one of ${listOr(SEARCH_TOP_LEVEL)}.`;
    }
    return `"${attr}" is not an attribute path: use profile.<attribute> (letters, digits and _) or one of ${listOr(SEARCH_TOP_LEVEL)}.`;
  }
  const name = attr.slice("profile.".length);
  if (ctx.profileAttributes && !ctx.profileAttributes.includes(name)) {
    const near = ctx.profileAttributes.find((a) => a.toLowerCase() === name.toLowerCase());
    return near
      ? `The org's user profile has no attribute "${name}"; attribute names are case-sensitive: did you mean ${"profile." + near}?`
      : `The org's user profile has no attribute "${name}".`;
  }
  return null;
}

/** Null when `attr op value` is something Okta's search accepts; otherwise why not. */
export function checkComparison(attr: string, op: SearchOperator, value: SearchValue | null, ctx: SearchContext = {}): string | null {
  const bad = checkAttribute(attr, ctx);
  if (bad) return bad;
  if (op === "pr") return null;
  if (value === null) return `A value is missing after "${attr} ${op}".`;
  if (op === "co" && !CONTAINS_ATTRIBUTES.includes(attr)) {
    return `Okta's search allows "co" (contains) only on ${listOr(CONTAINS_ATTRIBUTES)}; use "sw" (starts with) for ${attr}.`;
  }
  if ((op === "sw" || op === "co") && typeof value !== "string") return `"${op}" needs a text value in double quotes.`;
  if (typeof value === "string" && CONTROL.test(value)) return `The value for ${attr} contains a line break or another control character.`;
  if (attr === "status") {
    if (typeof value !== "string" || (op === "eq" && !isUserStatus(value.toUpperCase()))) {
      return `status is one of ${listOr(USER_STATUSES)}.`;
    }
  }
  if (DATE_PROPERTIES.includes(attr)) {
    if (typeof value !== "string" || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
      return `${attr} takes a date in quotes, like "2024-01-31T00:00:00.000Z".`;
    }
    if (op === "sw") return `${attr} is a date: compare it with eq, gt, ge, lt or le.`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Parsing an expert's expression

type Token =
  | { t: "word"; v: string; at: number }
  | { t: "str"; v: string; at: number }
  | { t: "("; at: number }
  | { t: ")"; at: number };

class SearchSyntaxError extends Error {}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  const opens: number[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(") {
      opens.push(i);
      out.push({ t: "(", at: i++ });
    } else if (c === ")") {
      if (opens.pop() === undefined) throw new SearchSyntaxError(`There is a closing parenthesis at character ${i + 1} with no opening one.`);
      out.push({ t: ")", at: i++ });
    } else if (c === '"') {
      const at = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= input.length) throw new SearchSyntaxError(`The quote opened at character ${at + 1} is never closed.`);
        const ch = input[i]!;
        if (ch === '"') break;
        if (ch === "\\") {
          const next = input[i + 1];
          if (next !== '"' && next !== "\\") {
            throw new SearchSyntaxError(`At character ${i + 1}: inside quotes a backslash may only escape " or \\ (write \\\\ for a backslash).`);
          }
          v += next;
          i += 2;
          continue;
        }
        v += ch;
        i++;
      }
      i++;
      out.push({ t: "str", v, at });
    } else {
      const at = i;
      let v = "";
      while (i < input.length && !/[\s()"]/.test(input[i]!)) v += input[i++];
      out.push({ t: "word", v, at });
    }
  }
  if (opens.length > 0) throw new SearchSyntaxError(`The parenthesis opened at character ${opens[0]! + 1} is never closed.`);
  return out;
}

const KNOWN_OPS = new Set<string>(SEARCH_OPERATORS);

/**
 * Parses and checks an expression an expert typed. Refuses anything Okta's `search` would refuse (or
 * that would surely be a mistake) with one plain sentence, before any Okta call.
 */
export function parseSearch(input: string, ctx: SearchContext = {}): ParseResult {
  const text = input.trim();
  if (text === "") return { ok: false, error: "The search expression is empty." };
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, error: `The search expression is too long (${text.length} characters; at most ${MAX_EXPRESSION_LENGTH}).` };
  }
  try {
    const tokens = tokenize(text);
    let pos = 0;
    let conditions = 0;
    const peekWord = () => {
      const tk = tokens[pos];
      return tk && tk.t === "word" ? tk.v.toLowerCase() : undefined;
    };
    const where = (tk: Token | undefined) => (tk ? `at character ${tk.at + 1}` : "at the end");

    const parseOr = (depth: number): SearchExpr => {
      const items = [parseAnd(depth)];
      while (peekWord() === "or") {
        pos++;
        items.push(parseAnd(depth));
      }
      return junction("or", items);
    };
    const parseAnd = (depth: number): SearchExpr => {
      const items = [parseUnary(depth)];
      while (peekWord() === "and") {
        pos++;
        items.push(parseUnary(depth));
      }
      return junction("and", items);
    };
    const parseUnary = (depth: number): SearchExpr => {
      if (depth > MAX_DEPTH) throw new SearchSyntaxError(`The expression nests more than ${MAX_DEPTH} levels deep; simplify it.`);
      const tk = tokens[pos];
      if (!tk) throw new SearchSyntaxError("The expression ends where a condition was expected.");
      if (tk.t === "word" && tk.v.toLowerCase() === "not") {
        pos++;
        if (tokens[pos]?.t !== "(") throw new SearchSyntaxError(`"not" must be followed by a condition in parentheses, e.g. not (status eq "ACTIVE").`);
        return { kind: "not", expr: parseUnary(depth + 1) };
      }
      if (tk.t === "(") {
        pos++;
        const inner = parseOr(depth + 1);
        // tokenize() guarantees balance, so a ")" is next unless something dangles before it.
        const close = tokens[pos];
        if (close?.t !== ")") throw new SearchSyntaxError(`Expected "and", "or" or ")" ${where(close)}.`);
        pos++;
        return inner;
      }
      if (tk.t !== "word") throw new SearchSyntaxError(`Expected an attribute ${where(tk)}, found ${tk.t === "str" ? "a quoted value" : `"${tk.t}"`}.`);
      if (["and", "or"].includes(tk.v.toLowerCase())) throw new SearchSyntaxError(`"${tk.v}" ${where(tk)} has no condition before it.`);
      const attr = tk.v;
      pos++;
      const opTk = tokens[pos];
      if (!opTk || opTk.t !== "word") throw new SearchSyntaxError(`An operator is missing after "${attr}" (${listOr(SEARCH_OPERATORS)}).`);
      const op = opTk.v.toLowerCase();
      if (op === "ne") throw new SearchSyntaxError(`Okta's search has no "ne": write (${attr} lt "value" or ${attr} gt "value") instead.`);
      if (!KNOWN_OPS.has(op)) throw new SearchSyntaxError(`"${opTk.v}" ${where(opTk)} is not an operator Okta's search knows: use ${listOr(SEARCH_OPERATORS)}.`);
      pos++;
      let value: SearchValue | null = null;
      if (op !== "pr") {
        const valTk = tokens[pos];
        if (!valTk || valTk.t === "(" || valTk.t === ")") throw new SearchSyntaxError(`A value is missing after "${attr} ${op}".`);
        if (valTk.t === "word" && ["and", "or"].includes(valTk.v.toLowerCase())) throw new SearchSyntaxError(`A value is missing after "${attr} ${op}".`);
        pos++;
        if (valTk.t === "str") value = valTk.v;
        else if (valTk.v === "true" || valTk.v === "false") value = valTk.v === "true";
        else if (NUMBER.test(valTk.v)) value = Number(valTk.v);
        else if (valTk.v === "null") throw new SearchSyntaxError(`Compare with null is not supported: use "${attr} pr" (has a value) or not (${attr} pr).`);
        else throw new SearchSyntaxError(`Put text values in double quotes: ${attr} ${op} ${quoteSearchValue(valTk.v)}.`);
      }
      const bad = checkComparison(attr, op as SearchOperator, value, ctx);
      if (bad) throw new SearchSyntaxError(bad);
      if (++conditions > MAX_CONDITIONS) throw new SearchSyntaxError(`The expression has more than ${MAX_CONDITIONS} conditions; narrow it down.`);
      return cmp(attr, op as SearchOperator, value);
    };

    const expr = parseOr(0);
    if (pos !== tokens.length) {
      const tk = tokens[pos]!;
      throw new SearchSyntaxError(`Expected "and" or "or" ${where(tk)}, found ${tk.t === "word" ? `"${tk.v}"` : tk.t === "str" ? "a quoted value" : `"${tk.t}"`}.`);
    }
    return { ok: true, expr, expression: formatSearch(expr) };
  } catch (err) {
    if (err instanceof SearchSyntaxError) return { ok: false, error: err.message };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// The advanced builder

export interface SearchCondition {
  attribute: string;
  operator: SearchOperator;
  /** As typed in the form; ignored for `pr`. */
  value?: string;
}

export interface SearchBuilderState {
  match: "all" | "any";
  conditions: SearchCondition[];
}

export type AttributeKind = "string" | "number" | "integer" | "boolean" | "date";

export interface BuilderContext extends SearchContext {
  /** Types of profile attributes from the org's schema (default: text). */
  attributeKinds?: Readonly<Record<string, AttributeKind>>;
}

export type BuildResult = { ok: true; expr: SearchExpr; expression: string } | { ok: false; errors: Array<{ index: number; message: string }> };

function kindOf(attr: string, ctx: BuilderContext): AttributeKind {
  if (DATE_PROPERTIES.includes(attr)) return "date";
  if (attr.startsWith("profile.")) return ctx.attributeKinds?.[attr.slice("profile.".length)] ?? "string";
  return "string";
}

function builderValue(raw: string, kind: AttributeKind, attr: string): SearchValue | { error: string } {
  const v = raw.trim();
  if (v === "") return { error: "Enter a value." };
  switch (kind) {
    case "number":
    case "integer":
      if (!NUMBER.test(v) || (kind === "integer" && v.includes("."))) return { error: `${attr} takes ${kind === "integer" ? "a whole number" : "a number"}.` };
      return Number(v);
    case "boolean":
      if (v !== "true" && v !== "false") return { error: `${attr} is true or false.` };
      return v === "true";
    case "date":
      // A plain day means its start, in UTC (what Okta stores).
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v;
    default:
      return attr === "status" ? v.toUpperCase() : v;
  }
}

/** The builder's rows as one search expression, or the problem with each row. */
export function buildSearch(state: SearchBuilderState, ctx: BuilderContext = {}): BuildResult {
  const errors: Array<{ index: number; message: string }> = [];
  const items: SearchExpr[] = [];
  if (state.conditions.length === 0) return { ok: false, errors: [{ index: -1, message: "Add at least one condition." }] };
  if (state.conditions.length > MAX_CONDITIONS) return { ok: false, errors: [{ index: -1, message: `At most ${MAX_CONDITIONS} conditions.` }] };
  state.conditions.forEach((c, index) => {
    if (!KNOWN_OPS.has(c.operator)) {
      errors.push({ index, message: `Choose an operator.` });
      return;
    }
    let value: SearchValue | null = null;
    if (c.operator !== "pr") {
      const parsed = builderValue(c.value ?? "", kindOf(c.attribute, ctx), c.attribute);
      if (typeof parsed === "object") {
        errors.push({ index, message: parsed.error });
        return;
      }
      value = parsed;
    }
    const bad = checkComparison(c.attribute, c.operator, value, ctx);
    if (bad) errors.push({ index, message: bad });
    else items.push(cmp(c.attribute, c.operator, value));
  });
  if (errors.length > 0) return { ok: false, errors };
  const expr = junction(state.match === "all" ? "and" : "or", items);
  return { ok: true, expr, expression: formatSearch(expr) };
}

// ---------------------------------------------------------------------------------------------------
// The users list query: search box + status chips + advanced expression + sort -> one Okta call

export interface UserListInput {
  /** The search box: plain text, an exact login/email, or an Okta user id. */
  text?: string;
  /** Status chips (any of). */
  statuses?: readonly UserStatus[];
  /** An advanced expression (from the builder or typed by an expert). */
  search?: string;
  sortBy?: SortableAttribute;
  sortOrder?: SortOrder;
}

/** Exactly one of q / filter / search (or none: the plain list), as Okta's list users call takes them. */
export interface OktaUserListParams {
  mode: "all" | "q" | "filter" | "search";
  q?: string;
  filter?: string;
  search?: string;
  sortBy?: SortableAttribute;
  sortOrder?: SortOrder;
  /**
   * False for `q`: Okta returns at most one page (no `after` cursor). The list then says so and offers
   * the same search as a paging `search` (see `textAsSearch`).
   */
  pages: boolean;
}

export type UserListQueryResult = { ok: true; params: OktaUserListParams } | { ok: false; error: string };

const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;

export type TextKind = "empty" | "id" | "login" | "words";

export function classifyText(text: string): TextKind {
  const t = text.trim();
  if (t === "") return "empty";
  if (OKTA_USER_ID.test(t)) return "id";
  if (!/\s/.test(t) && t.includes("@")) return "login";
  return "words";
}

/** The search box as a search expression (what `q` does, but paging and combinable). */
export function textAsSearch(text: string): SearchExpr | null {
  const t = text.trim().replace(/\s+/g, " ");
  switch (classifyText(t)) {
    case "empty":
      return null;
    case "id":
      return cmp("id", "eq", t);
    case "login":
      // `search` compares case-insensitively (a `filter` on login would be case-sensitive).
      return junction("or", [cmp("profile.login", "eq", t), cmp("profile.email", "eq", t)]);
    case "words": {
      const words = t.split(" ");
      if (words.length === 1) {
        return junction("or", [cmp("profile.firstName", "sw", t), cmp("profile.lastName", "sw", t), cmp("profile.email", "sw", t)]);
      }
      // "Ada Lovelace": first name + last name, or a last name of several words ("van der Berg").
      const [first, ...rest] = words;
      return junction("or", [junction("and", [cmp("profile.firstName", "sw", first!), cmp("profile.lastName", "sw", rest.join(" "))]), cmp("profile.lastName", "sw", t)]);
    }
  }
}

function statusesExpr(statuses: readonly UserStatus[]): SearchExpr {
  return junction("or", statuses.map((s) => cmp("status", "eq", s)));
}

/**
 * The default list (no query) omits DEPROVISIONED users; sorting needs `search`, and Okta's own
 * documentation writes "status is not X" as `(status lt "X" or status gt "X")`.
 */
const NOT_DEACTIVATED: SearchExpr = junction("or", [cmp("status", "lt", "DEPROVISIONED"), cmp("status", "gt", "DEPROVISIONED")]);

/** Decides the one Okta call for the users list. Refuses a malformed advanced expression with a sentence. */
export function userListQuery(input: UserListInput, ctx: SearchContext = {}): UserListQueryResult {
  const text = (input.text ?? "").trim();
  const statuses = [...new Set(input.statuses ?? [])];
  const kind = classifyText(text);
  let advanced: SearchExpr | null = null;
  if (input.search !== undefined && input.search.trim() !== "") {
    const parsed = parseSearch(input.search, ctx);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    advanced = parsed.expr;
  }
  const sort = input.sortBy ? { sortBy: input.sortBy, sortOrder: input.sortOrder ?? ("asc" as const) } : {};

  // Plain words alone: Okta's `q`, as a technician expects from a people search.
  if (!advanced && statuses.length === 0 && !input.sortBy && kind === "words" && !text.includes(" ")) {
    return { ok: true, params: { mode: "q", q: text, pages: false } };
  }
  // Status chips alone: a `filter` (eq with or is exactly what filter supports).
  if (!advanced && kind === "empty" && statuses.length > 0 && !input.sortBy) {
    return { ok: true, params: { mode: "filter", filter: formatSearch(statusesExpr(statuses)), pages: true } };
  }
  if (!advanced && kind === "empty" && statuses.length === 0) {
    if (!input.sortBy) return { ok: true, params: { mode: "all", pages: true } };
    return { ok: true, params: { mode: "search", search: formatSearch(NOT_DEACTIVATED), ...sort, pages: true } };
  }
  const parts: SearchExpr[] = [];
  const fromText = textAsSearch(text);
  if (fromText) parts.push(fromText);
  if (advanced) parts.push(advanced);
  if (statuses.length > 0) parts.push(statusesExpr(statuses));
  const expr = junction("and", parts);
  const expression = formatSearch(expr);
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, error: `The search is too long (${expression.length} characters; at most ${MAX_EXPRESSION_LENGTH}).` };
  }
  return { ok: true, params: { mode: "search", search: expression, ...sort, pages: true } };
}
