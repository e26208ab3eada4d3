/**
 * The subset of Okta Expression Language that group rules use:
 *   user.attr == "v", !=, &&, ||, AND, OR, !, parentheses, string/number/boolean/null literals,
 *   isMemberOfAnyGroup("id", ...), isMemberOfGroup("id"), String.stringContains(a, b),
 *   String.startsWith(a, b), String.toLowerCase(a), String.toUpperCase(a), String.len(a).
 * `compileRuleExpression` throws a message describing the problem; callers turn it into 400 E0000001.
 */

export interface RuleSubject {
  profile: Record<string, unknown>;
  /** ids of groups the user belongs to */
  groupIds: ReadonlySet<string>;
}

type Value = string | number | boolean | null;
type Node =
  | { k: "lit"; v: Value }
  | { k: "attr"; name: string }
  | { k: "call"; fn: string; args: Node[] }
  | { k: "not"; e: Node }
  | { k: "bin"; op: "==" | "!=" | "&&" | "||" | "<" | ">" | "<=" | ">="; l: Node; r: Node };

type Tok = { t: "id" | "str" | "num" | "op"; v: string };

const FUNCTIONS: Record<string, { arity: [number, number] }> = {
  isMemberOfAnyGroup: { arity: [1, 100] },
  isMemberOfGroup: { arity: [1, 1] },
  "String.stringContains": { arity: [2, 2] },
  "String.startsWith": { arity: [2, 2] },
  "String.toLowerCase": { arity: [1, 1] },
  "String.toUpperCase": { arity: [1, 1] },
  "String.len": { arity: [1, 1] },
};

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = "";
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\") i++;
        v += src[i++] ?? "";
      }
      if (i >= src.length) throw new Error("Unterminated string literal");
      i++;
      out.push({ t: "str", v });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "&&", "||", "<=", ">="].includes(two)) {
      out.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("()!,<>".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let v = "";
      while (i < src.length && /[0-9.]/.test(src[i]!)) v += src[i++];
      out.push({ t: "num", v });
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let v = "";
      while (i < src.length && /[A-Za-z0-9_$.]/.test(src[i]!)) v += src[i++];
      if (v === "AND" || v === "OR") out.push({ t: "op", v: v === "AND" ? "&&" : "||" });
      else out.push({ t: "id", v });
      continue;
    }
    throw new Error(`Unexpected character '${c}'`);
  }
  return out;
}

function parse(src: string): Node {
  const toks = lex(src);
  let p = 0;
  const isOp = (v: string) => toks[p]?.t === "op" && toks[p]!.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new Error(`Expected '${v}'`);
    p++;
  };
  const or = (): Node => {
    let l = and();
    while (isOp("||")) {
      p++;
      l = { k: "bin", op: "||", l, r: and() };
    }
    return l;
  };
  const and = (): Node => {
    let l = cmp();
    while (isOp("&&")) {
      p++;
      l = { k: "bin", op: "&&", l, r: cmp() };
    }
    return l;
  };
  const cmp = (): Node => {
    const l = unary();
    for (const op of ["==", "!=", "<=", ">=", "<", ">"] as const) {
      if (isOp(op)) {
        p++;
        return { k: "bin", op, l, r: unary() };
      }
    }
    return l;
  };
  const unary = (): Node => {
    if (isOp("!")) {
      p++;
      return { k: "not", e: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const t = toks[p];
    if (!t) throw new Error("Unexpected end of expression");
    if (isOp("(")) {
      p++;
      const e = or();
      expectOp(")");
      return e;
    }
    p++;
    if (t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "num") return { k: "lit", v: Number(t.v) };
    if (t.t !== "id") throw new Error(`Unexpected '${t.v}'`);
    if (t.v === "true" || t.v === "false") return { k: "lit", v: t.v === "true" };
    if (t.v === "null") return { k: "lit", v: null };
    if (isOp("(")) {
      p++;
      const args: Node[] = [];
      if (!isOp(")")) {
        args.push(or());
        while (isOp(",")) {
          p++;
          args.push(or());
        }
      }
      expectOp(")");
      const fn = FUNCTIONS[t.v];
      if (!fn) throw new Error(`Unknown function ${t.v}`);
      if (args.length < fn.arity[0] || args.length > fn.arity[1]) throw new Error(`Wrong number of arguments for ${t.v}`);
      return { k: "call", fn: t.v, args };
    }
    if (!/^user\.[A-Za-z_$][A-Za-z0-9_$]*$/.test(t.v)) throw new Error(`Invalid property ${t.v} in expression`);
    return { k: "attr", name: t.v.slice("user.".length) };
  };
  const node = or();
  if (p !== toks.length) throw new Error(`Unexpected '${toks[p]!.v}'`);
  return node;
}

function evalNode(n: Node, s: RuleSubject): Value {
  switch (n.k) {
    case "lit":
      return n.v;
    case "attr": {
      const v = s.profile[n.name];
      return v === undefined ? null : typeof v === "object" && v !== null ? JSON.stringify(v) : (v as Value);
    }
    case "not":
      return !evalNode(n.e, s);
    case "call": {
      const args = n.args.map((a) => evalNode(a, s));
      const str = (v: Value) => (v === null ? "" : String(v));
      switch (n.fn) {
        case "isMemberOfAnyGroup":
        case "isMemberOfGroup":
          return args.some((id) => s.groupIds.has(str(id)));
        case "String.stringContains":
          return args[0] !== null && str(args[0]!).includes(str(args[1]!));
        case "String.startsWith":
          return args[0] !== null && str(args[0]!).startsWith(str(args[1]!));
        case "String.toLowerCase":
          return args[0] === null ? null : str(args[0]!).toLowerCase();
        case "String.toUpperCase":
          return args[0] === null ? null : str(args[0]!).toUpperCase();
        case "String.len":
          return str(args[0]!).length;
        default:
          return null;
      }
    }
    case "bin": {
      if (n.op === "&&") return Boolean(evalNode(n.l, s)) && Boolean(evalNode(n.r, s));
      if (n.op === "||") return Boolean(evalNode(n.l, s)) || Boolean(evalNode(n.r, s));
      const l = evalNode(n.l, s);
      const r = evalNode(n.r, s);
      switch (n.op) {
        case "==":
          return l === r;
        case "!=":
          return l !== r;
        default:
          if (l === null || r === null) return false;
          return n.op === "<" ? l < r : n.op === ">" ? l > r : n.op === "<=" ? l <= r : l >= r;
      }
    }
  }
}

export type CompiledRule = (subject: RuleSubject) => boolean;

export function compileRuleExpression(src: string): CompiledRule {
  if (src.trim() === "") throw new Error("Expression must not be empty");
  const ast = parse(src);
  return (subject) => Boolean(evalNode(ast, subject));
}

/** The profile attributes (`user.<name>`) an expression reads; throws like compileRuleExpression if it does not parse. */
export function expressionAttributes(src: string): string[] {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (n.k === "attr") out.add(n.name);
    else if (n.k === "call") n.args.forEach(walk);
    else if (n.k === "not") walk(n.e);
    else if (n.k === "bin") {
      walk(n.l);
      walk(n.r);
    }
  };
  walk(parse(src));
  return [...out];
}
