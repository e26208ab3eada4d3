/**
 * Okta's SCIM-flavoured `filter` / `search` expressions (RFC 7644 §3.4.2.2 subset):
 *   attr op "value" | attr pr | expr and expr | expr or expr | not (expr) | (expr)
 * Parsing is shared; each endpoint passes a `Dialect` saying which attributes and operators it
 * accepts and whether string comparison ignores case. Anything else is Okta's 400 E0000031.
 */
import { errors } from "./http.ts";

export type CompareOp = "eq" | "ne" | "sw" | "co" | "ew" | "gt" | "ge" | "lt" | "le" | "pr";
export type Literal = string | number | boolean | null;

export type Expr =
  | { kind: "cmp"; attr: string; op: CompareOp; value: Literal }
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "not"; expr: Expr };

type Token = { t: "word"; v: string } | { t: "str"; v: string } | { t: "("} | { t: ")" };

const COMPARE_OPS = new Set<CompareOp>(["eq", "ne", "sw", "co", "ew", "gt", "ge", "lt", "le", "pr"]);

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let v = "";
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        v += input[i];
        i++;
      }
      if (i >= input.length) throw errors.invalidSearch();
      i++;
      out.push({ t: "str", v });
    } else {
      let v = "";
      while (i < input.length && !/[\s()"]/.test(input[i]!)) v += input[i++];
      out.push({ t: "word", v });
    }
  }
  return out;
}

export function parseExpression(input: string): Expr {
  const tokens = tokenize(input);
  let pos = 0;
  const peekWord = () => {
    const tk = tokens[pos];
    return tk && tk.t === "word" ? tk.v.toLowerCase() : undefined;
  };

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (peekWord() === "or") {
      pos++;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseUnary();
    while (peekWord() === "and") {
      pos++;
      left = { kind: "and", left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (peekWord() === "not") {
      pos++;
      return { kind: "not", expr: parseUnary() };
    }
    const tk = tokens[pos];
    if (!tk) throw errors.invalidSearch();
    if (tk.t === "(") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.t !== ")") throw errors.invalidSearch();
      pos++;
      return inner;
    }
    if (tk.t !== "word") throw errors.invalidSearch();
    const attr = tk.v;
    pos++;
    const opTk = tokens[pos];
    if (!opTk || opTk.t !== "word" || !COMPARE_OPS.has(opTk.v.toLowerCase() as CompareOp)) throw errors.invalidSearch();
    const op = opTk.v.toLowerCase() as CompareOp;
    pos++;
    if (op === "pr") return { kind: "cmp", attr, op, value: null };
    const valTk = tokens[pos];
    if (!valTk) throw errors.invalidSearch();
    pos++;
    if (valTk.t === "str") return { kind: "cmp", attr, op, value: valTk.v };
    if (valTk.t === "word") {
      if (valTk.v === "true" || valTk.v === "false") return { kind: "cmp", attr, op, value: valTk.v === "true" };
      if (valTk.v === "null") return { kind: "cmp", attr, op, value: null };
      if (/^-?\d+(\.\d+)?$/.test(valTk.v)) return { kind: "cmp", attr, op, value: Number(valTk.v) };
    }
    throw errors.invalidSearch();
  };

  const expr = parseOr();
  if (pos !== tokens.length) throw errors.invalidSearch();
  return expr;
}

export interface Dialect {
  /** Whether `attr op` is accepted by the endpoint. */
  allows(attr: string, op: CompareOp): boolean;
  allowNot: boolean;
  caseInsensitive: boolean;
}

/** Parses and checks an expression against a dialect; every failure is E0000031. */
export function compile(input: string, dialect: Dialect): Expr {
  const expr = parseExpression(input);
  const check = (e: Expr): void => {
    if (e.kind === "cmp") {
      if (!dialect.allows(e.attr, e.op)) throw errors.invalidSearch();
    } else if (e.kind === "not") {
      if (!dialect.allowNot) throw errors.invalidSearch();
      check(e.expr);
    } else {
      check(e.left);
      check(e.right);
    }
  };
  check(expr);
  return expr;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function compareScalar(actual: unknown, op: CompareOp, value: Literal, ci: boolean): boolean {
  if (op === "pr") return actual !== null && actual !== undefined && actual !== "";
  if (actual === undefined) actual = null;
  if (value === null) return op === "eq" ? actual === null : op === "ne" ? actual !== null : false;
  if (actual === null) return op === "ne";
  if (typeof value === "string" && typeof actual === "string") {
    // Dates compare as instants, so "2024-01-01T00:00:00Z" equals "2024-01-01T00:00:00.000Z".
    if (ISO_DATE.test(value) && ISO_DATE.test(actual)) {
      return compareOrdered(Date.parse(actual), Date.parse(value), op);
    }
    const a = ci ? actual.toLowerCase() : actual;
    const v = ci ? value.toLowerCase() : value;
    switch (op) {
      case "sw":
        return a.startsWith(v);
      case "co":
        return a.includes(v);
      case "ew":
        return a.endsWith(v);
      default:
        return compareOrdered(a, v, op);
    }
  }
  if (typeof actual === "number" && typeof value === "number") return compareOrdered(actual, value, op);
  if (typeof actual === "boolean" && typeof value === "boolean") return op === "eq" ? actual === value : op === "ne" ? actual !== value : false;
  // Mixed types: compare textual forms (e.g. a number stored as string in a custom attribute).
  return compareScalar(String(actual), op, String(value), ci);
}

function compareOrdered<T extends string | number>(a: T, b: T, op: CompareOp): boolean {
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    default:
      return false;
  }
}

/** Evaluates a compiled expression; `get` resolves an attribute path on the record. */
export function evaluate<T>(expr: Expr, record: T, get: (record: T, attr: string) => unknown, ci: boolean): boolean {
  switch (expr.kind) {
    case "and":
      return evaluate(expr.left, record, get, ci) && evaluate(expr.right, record, get, ci);
    case "or":
      return evaluate(expr.left, record, get, ci) || evaluate(expr.right, record, get, ci);
    case "not":
      return !evaluate(expr.expr, record, get, ci);
    case "cmp": {
      const actual = get(record, expr.attr);
      // Array attributes match when any element matches (SCIM multi-valued semantics).
      if (Array.isArray(actual)) {
        if (expr.op === "pr") return actual.length > 0;
        return actual.some((el) => compareScalar(el, expr.op, expr.value, ci));
      }
      return compareScalar(actual, expr.op, expr.value, ci);
    }
  }
}

/** Resolves a dotted path like "profile.login" or "type.id". */
export function getPath(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
