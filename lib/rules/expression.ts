// Okta expression language as group rules use it: a parser with positions (so an error points at the
// part it is about), the builder's model (attribute equals / starts with / contains a value, member of
// any of these groups, joined by AND or OR) in both directions, and a small evaluator for previews.
// Pure and browser-safe: the builder runs it as you type, the server again before any Okta call.
//
// String literals are written in double quotes with `\"` and `\\` escapes (the Okta emulator reads the
// same; Okta's documentation shows no literal that needs escaping, so values with quotes are rare).

export type CompareOp = "==" | "!=" | "<" | ">" | "<=" | ">=";

export type Expr =
  | { k: "str"; v: string; at: number; end: number }
  | { k: "num"; v: number; at: number; end: number }
  | { k: "bool"; v: boolean; at: number; end: number }
  | { k: "null"; at: number; end: number }
  | { k: "attr"; name: string; at: number; end: number }
  | { k: "call"; fn: string; args: Expr[]; at: number; end: number }
  | { k: "not"; e: Expr; at: number; end: number }
  | { k: "cmp"; op: CompareOp; l: Expr; r: Expr; at: number; end: number }
  | { k: "and" | "or"; items: Expr[]; at: number; end: number };

/** Where a problem is: [at, end) character offsets into the expression. */
export interface ExpressionProblem {
  message: string;
  at: number;
  end: number;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; problem: ExpressionProblem };

export const MAX_EXPRESSION_LENGTH = 1024;

type Tok = { t: "id" | "str" | "num" | "op"; v: string; at: number; end: number };

class ParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly end: number,
  ) {
    super(message);
  }
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let v = "";
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\" && i + 1 < src.length) i++;
        v += src[i++];
      }
      if (i >= src.length) throw new ParseError("This text is not closed: a quote is missing.", at, src.length);
      i++;
      out.push({ t: "str", v, at, end: i });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "&&", "||", "<=", ">="].includes(two)) {
      out.push({ t: "op", v: two, at, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === "=") throw new ParseError("A single = is not a comparison: use == to compare.", at, at + 1);
    if ("()!,<>".includes(c)) {
      out.push({ t: "op", v: c, at, end: i + 1 });
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < src.length && /[0-9.]/.test(src[i]!)) i++;
      out.push({ t: "num", v: src.slice(at, i), at, end: i });
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_$.]/.test(src[i]!)) i++;
      const v = src.slice(at, i);
      if (v === "AND" || v === "OR") out.push({ t: "op", v: v === "AND" ? "&&" : "||", at, end: i });
      else out.push({ t: "id", v, at, end: i });
      continue;
    }
    throw new ParseError(`The character ${c} is not allowed here.`, at, at + 1);
  }
  return out;
}

/** Parses an expression; a failure names the part (character range) it is about. */
export function parseExpression(src: string): ParseResult {
  try {
    if (src.trim() === "") throw new ParseError("The expression is empty.", 0, 0);
    if (src.length > MAX_EXPRESSION_LENGTH) throw new ParseError(`An expression has at most ${MAX_EXPRESSION_LENGTH} characters.`, MAX_EXPRESSION_LENGTH, src.length);
    const toks = lex(src);
    let p = 0;
    const peek = () => toks[p];
    const isOp = (v: string) => toks[p]?.t === "op" && toks[p]!.v === v;
    const endOfInput = () => new ParseError("The expression ends too early.", src.length, src.length);
    const expectOp = (v: string) => {
      const t = peek();
      if (!t) throw endOfInput();
      if (!isOp(v)) throw new ParseError(`Expected ${v} here.`, t.at, t.end);
      p++;
    };
    const list = (k: "and" | "or", next: () => Expr, op: string): Expr => {
      const first = next();
      const items = [first];
      while (isOp(op)) {
        p++;
        items.push(next());
      }
      return items.length === 1 ? first : { k, items, at: first.at, end: items[items.length - 1]!.end };
    };
    const or = (): Expr => list("or", and, "||");
    const and = (): Expr => list("and", cmp, "&&");
    const cmp = (): Expr => {
      const l = unary();
      for (const op of ["==", "!=", "<=", ">=", "<", ">"] as const) {
        if (isOp(op)) {
          p++;
          const r = unary();
          return { k: "cmp", op, l, r, at: l.at, end: r.end };
        }
      }
      return l;
    };
    const unary = (): Expr => {
      const t = peek();
      if (t && isOp("!")) {
        p++;
        const e = unary();
        return { k: "not", e, at: t.at, end: e.end };
      }
      return primary();
    };
    const primary = (): Expr => {
      const t = peek();
      if (!t) throw endOfInput();
      if (isOp("(")) {
        p++;
        const e = or();
        expectOp(")");
        return e;
      }
      p++;
      if (t.t === "str") return { k: "str", v: t.v, at: t.at, end: t.end };
      if (t.t === "num") {
        const v = Number(t.v);
        if (!Number.isFinite(v)) throw new ParseError(`${t.v} is not a number.`, t.at, t.end);
        return { k: "num", v, at: t.at, end: t.end };
      }
      if (t.t !== "id") throw new ParseError(`${t.v} is not expected here.`, t.at, t.end);
      if (t.v === "true" || t.v === "false") return { k: "bool", v: t.v === "true", at: t.at, end: t.end };
      if (t.v === "null") return { k: "null", at: t.at, end: t.end };
      if (isOp("(")) {
        p++;
        const args: Expr[] = [];
        if (!isOp(")")) {
          args.push(or());
          while (isOp(",")) {
            p++;
            args.push(or());
          }
        }
        const close = peek();
        expectOp(")");
        return { k: "call", fn: t.v, args, at: t.at, end: close!.end };
      }
      const m = /^user\.([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(t.v);
      if (!m) throw new ParseError(`${t.v} is not a user attribute: write user.<attribute>, e.g. user.department.`, t.at, t.end);
      return { k: "attr", name: m[1]!, at: t.at, end: t.end };
    };
    const expr = or();
    const rest = peek();
    if (rest) throw new ParseError(`${rest.v} is not expected here.`, rest.at, rest.end);
    return { ok: true, expr };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, problem: { message: e.message, at: e.at, end: e.end } };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// The builder's model

export const CONDITION_OPS = ["equals", "startsWith", "contains"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
export const CONDITION_OP_LABELS: Record<ConditionOp, string> = { equals: "equals", startsWith: "starts with", contains: "contains" };

export type Condition =
  | { kind: "attribute"; attribute: string; op: ConditionOp; value: string }
  | { kind: "groups"; groupIds: string[] };

export interface BuilderState {
  join: "and" | "or";
  conditions: Condition[];
}

/** A double-quoted literal with `"` and `\` escaped. */
export function quoteLiteral(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function conditionExpression(c: Condition): string {
  if (c.kind === "groups") return `isMemberOfAnyGroup(${c.groupIds.map(quoteLiteral).join(",")})`;
  const attr = `user.${c.attribute}`;
  if (c.op === "equals") return `${attr}==${quoteLiteral(c.value)}`;
  if (c.op === "startsWith") return `String.startsWith(${attr},${quoteLiteral(c.value)})`;
  return `String.stringContains(${attr},${quoteLiteral(c.value)})`;
}

/** Okta's expression for the builder's conditions (AND / OR between them). */
export function buildExpression(state: BuilderState): string {
  return state.conditions.map(conditionExpression).join(state.join === "and" ? " AND " : " OR ");
}

function leafCondition(e: Expr): Condition | null {
  if (e.k === "cmp" && e.op === "==") {
    if (e.l.k === "attr" && e.r.k === "str") return { kind: "attribute", attribute: e.l.name, op: "equals", value: e.r.v };
    if (e.r.k === "attr" && e.l.k === "str") return { kind: "attribute", attribute: e.r.name, op: "equals", value: e.l.v };
    return null;
  }
  if (e.k !== "call") return null;
  if ((e.fn === "String.startsWith" || e.fn === "String.stringContains") && e.args.length === 2) {
    const [a, v] = e.args;
    if (a?.k === "attr" && v?.k === "str") return { kind: "attribute", attribute: a.name, op: e.fn === "String.startsWith" ? "startsWith" : "contains", value: v.v };
    return null;
  }
  if ((e.fn === "isMemberOfAnyGroup" || (e.fn === "isMemberOfGroup" && e.args.length === 1)) && e.args.length > 0 && e.args.every((a) => a.k === "str")) {
    return { kind: "groups", groupIds: e.args.map((a) => (a as { v: string }).v) };
  }
  return null;
}

/**
 * The builder's conditions for an expression, when it is one of the builder's shapes (one condition,
 * or conditions all joined by AND, or all by OR); otherwise null: a custom expression.
 */
export function expressionToBuilder(src: string): BuilderState | null {
  const parsed = parseExpression(src);
  if (!parsed.ok) return null;
  const e = parsed.expr;
  const items = e.k === "and" || e.k === "or" ? e.items : [e];
  const conditions: Condition[] = [];
  for (const item of items) {
    const c = leafCondition(item);
    if (!c) return null;
    conditions.push(c);
  }
  return { join: e.k === "or" ? "or" : "and", conditions };
}

// ---------------------------------------------------------------------------------------------------
// Checks before saving

export interface ExpressionFacts {
  attributes: Array<{ name: string; at: number; end: number }>;
  groupIds: Array<{ id: string; at: number; end: number }>;
  functions: Array<{ name: string; at: number; end: number }>;
}

const GROUP_FUNCTIONS = new Set(["isMemberOfAnyGroup", "isMemberOfGroup"]);

/** The attributes, group ids and functions an expression names, with where. */
export function expressionFacts(expr: Expr): ExpressionFacts {
  const out: ExpressionFacts = { attributes: [], groupIds: [], functions: [] };
  const walk = (e: Expr) => {
    switch (e.k) {
      case "attr":
        out.attributes.push({ name: e.name, at: e.at, end: e.end });
        return;
      case "call":
        out.functions.push({ name: e.fn, at: e.at, end: e.end });
        if (GROUP_FUNCTIONS.has(e.fn)) for (const a of e.args) if (a.k === "str") out.groupIds.push({ id: a.v, at: a.at, end: a.end });
        e.args.forEach(walk);
        return;
      case "not":
        walk(e.e);
        return;
      case "cmp":
        walk(e.l);
        walk(e.r);
        return;
      case "and":
      case "or":
        e.items.forEach(walk);
        return;
      default:
        return;
    }
  };
  walk(expr);
  return out;
}

export const GROUP_ID_PATTERN = /^00g[A-Za-z0-9]{12,37}$/;

/**
 * Syntax, attributes against the org's schema and the shape of group ids: the problems the console can
 * see before asking Okta. Whether the groups exist is checked on the server (it needs Okta).
 */
export function checkExpression(src: string, knownAttributes: ReadonlySet<string>): { ok: true; expr: Expr; facts: ExpressionFacts } | { ok: false; problems: ExpressionProblem[] } {
  const parsed = parseExpression(src);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const facts = expressionFacts(parsed.expr);
  const problems: ExpressionProblem[] = [];
  for (const a of facts.attributes) {
    if (!knownAttributes.has(a.name)) problems.push({ message: `user.${a.name} is not an attribute of this org's user profile.`, at: a.at, end: a.end });
  }
  for (const g of facts.groupIds) {
    if (!GROUP_ID_PATTERN.test(g.id)) problems.push({ message: `"${g.id}" is not an Okta group id (they start with 00g).`, at: g.at, end: g.end });
  }
  return problems.length ? { ok: false, problems } : { ok: true, expr: parsed.expr, facts };
}

// ---------------------------------------------------------------------------------------------------
// Evaluation (previews)

export interface RuleSubject {
  profile: Record<string, unknown>;
  /** The groups the user is known to belong to (for isMemberOfAnyGroup / isMemberOfGroup). */
  groupIds: ReadonlySet<string>;
}

type Value = string | number | boolean | null;

/** Functions the console can evaluate; others make a preview impossible (Okta still evaluates them). */
export const EVALUABLE_FUNCTIONS = new Set(["isMemberOfAnyGroup", "isMemberOfGroup", "String.stringContains", "String.startsWith", "String.toLowerCase", "String.toUpperCase", "String.len"]);

/** The first function the evaluator does not know, or null. */
export function unsupportedFunction(expr: Expr): string | null {
  return expressionFacts(expr).functions.find((f) => !EVALUABLE_FUNCTIONS.has(f.name))?.name ?? null;
}

function evalNode(e: Expr, s: RuleSubject): Value {
  switch (e.k) {
    case "str":
    case "num":
    case "bool":
      return e.v;
    case "null":
      return null;
    case "attr": {
      const v = s.profile[e.name];
      if (v === undefined || v === null) return null;
      return typeof v === "object" ? JSON.stringify(v) : (v as Value);
    }
    case "not":
      return !evalNode(e.e, s);
    case "and":
      return e.items.every((i) => Boolean(evalNode(i, s)));
    case "or":
      return e.items.some((i) => Boolean(evalNode(i, s)));
    case "call": {
      const args = e.args.map((a) => evalNode(a, s));
      const str = (v: Value | undefined) => (v === null || v === undefined ? "" : String(v));
      switch (e.fn) {
        case "isMemberOfAnyGroup":
        case "isMemberOfGroup":
          return args.some((id) => s.groupIds.has(str(id)));
        case "String.stringContains":
          return args[0] !== null && str(args[0]).includes(str(args[1]));
        case "String.startsWith":
          return args[0] !== null && str(args[0]).startsWith(str(args[1]));
        case "String.toLowerCase":
          return args[0] === null ? null : str(args[0]).toLowerCase();
        case "String.toUpperCase":
          return args[0] === null ? null : str(args[0]).toUpperCase();
        case "String.len":
          return str(args[0]).length;
        default:
          throw new Error(`The console cannot evaluate ${e.fn}`);
      }
    }
    case "cmp": {
      const l = evalNode(e.l, s);
      const r = evalNode(e.r, s);
      if (e.op === "==") return l === r;
      if (e.op === "!=") return l !== r;
      if (l === null || r === null) return false;
      return e.op === "<" ? l < r : e.op === ">" ? l > r : e.op === "<=" ? l <= r : l >= r;
    }
  }
}

/** Whether a user matches (throws for functions outside EVALUABLE_FUNCTIONS: check first). */
export function evaluateExpression(expr: Expr, subject: RuleSubject): boolean {
  return Boolean(evalNode(expr, subject));
}

// ---------------------------------------------------------------------------------------------------
// Okta users `search` for the part of an expression that Okta's search can express

/** A value for Okta's search grammar: double quotes, with `"` and `\` escaped. */
function searchLiteral(v: string): string {
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function toSearch(e: Expr): string | null {
  if (e.k === "cmp" && e.op === "==") {
    const attr = e.l.k === "attr" ? e.l : e.r.k === "attr" ? e.r : null;
    const lit = e.l.k === "str" ? e.l : e.r.k === "str" ? e.r : null;
    return attr && lit ? `profile.${attr.name} eq ${searchLiteral(lit.v)}` : null;
  }
  if (e.k === "call" && e.fn === "String.startsWith" && e.args.length === 2) {
    const [a, v] = e.args;
    if (a?.k === "attr" && v?.k === "str") return `profile.${a.name} sw ${searchLiteral(v.v)}`;
    return null;
  }
  if (e.k === "and" || e.k === "or") {
    const parts = e.items.map(toSearch);
    if (parts.some((p) => p === null)) return null;
    return parts.map((p) => (p!.includes(" and ") || p!.includes(" or ") ? `(${p})` : p)).join(e.k === "and" ? " and " : " or ");
  }
  return null;
}

/**
 * An Okta users `search` that returns every user the expression could match (equals -> eq, starts
 * with -> sw, AND / OR), or null when part of it has no search form (contains, group membership, not,
 * other functions): then the preview pages through the org. The preview still evaluates each user
 * the search returns with the expression, because Okta's search compares case-insensitively.
 */
export function expressionToSearch(expr: Expr): string | null {
  return toSearch(expr);
}

// ---------------------------------------------------------------------------------------------------
// Words

function conditionWords(c: Condition, groupName: (id: string) => string): string {
  if (c.kind === "groups") {
    const names = c.groupIds.map(groupName);
    return names.length === 1 ? `member of ${names[0]}` : `member of any of ${names.join(", ")}`;
  }
  return `${c.attribute} ${CONDITION_OP_LABELS[c.op]} "${c.value}"`;
}

/** The condition in words ("department equals "Marketing" and member of Sales"), or null for custom. */
export function expressionInWords(src: string, groupName: (id: string) => string = (id) => id): string | null {
  const b = expressionToBuilder(src);
  if (!b) return null;
  return b.conditions.map((c) => conditionWords(c, groupName)).join(b.join === "and" ? " and " : " or ");
}

/**
 * Where in the expression a message (Okta's errorCause, or ours) points: the first `user.<attribute>`,
 * group id, function name or quoted text that the message names and the expression contains. Null when
 * the message names no part of it.
 */
export function locateInExpression(src: string, message: string): { at: number; end: number } | null {
  const candidates = new Set<string>();
  for (const m of message.matchAll(/user\.[A-Za-z_$][A-Za-z0-9_$]*|[A-Za-z_$][A-Za-z0-9_$.]*(?=\()|"[^"]+"|\b00g[A-Za-z0-9]{12,37}\b|\b[A-Za-z_$][A-Za-z0-9_$]{2,}\b/g)) candidates.add(m[0]);
  // Okta names an attribute without "user." ("Invalid property nope in expression").
  for (const c of [...candidates]) if (!c.startsWith("user.") && !c.startsWith('"')) candidates.add(`user.${c}`);
  const ranked = [...candidates].sort((a, b) => b.length - a.length);
  for (const c of ranked) {
    const at = src.indexOf(c);
    if (at >= 0 && !/^(in|the|is|not|and|or|expression|Invalid|property|Okta|group|this|org|with|has|of|an|at|no)$/i.test(c)) return { at, end: at + c.length };
  }
  return null;
}
