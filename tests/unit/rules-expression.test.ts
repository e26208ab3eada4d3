import { describe, expect, it } from "vitest";
import {
  buildExpression,
  checkExpression,
  evaluateExpression,
  expressionInWords,
  expressionToBuilder,
  expressionToSearch,
  locateInExpression,
  parseExpression,
  quoteLiteral,
  unsupportedFunction,
  type BuilderState,
  type Expr,
} from "@/lib/rules/expression";
import { compileRuleExpression } from "../../emulator/expressions";

const G1 = "00g1abcdefghijklmnop";
const G2 = "00g2abcdefghijklmnop";

const parse = (src: string): Expr => {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(r.problem.message);
  return r.expr;
};

describe("builder -> expression", () => {
  it("writes Okta's forms for each condition", () => {
    expect(buildExpression({ join: "and", conditions: [{ kind: "attribute", attribute: "department", op: "equals", value: "Marketing" }] })).toBe('user.department=="Marketing"');
    expect(buildExpression({ join: "and", conditions: [{ kind: "attribute", attribute: "login", op: "startsWith", value: "a" }] })).toBe('String.startsWith(user.login,"a")');
    expect(buildExpression({ join: "and", conditions: [{ kind: "attribute", attribute: "title", op: "contains", value: "Eng" }] })).toBe('String.stringContains(user.title,"Eng")');
    expect(buildExpression({ join: "or", conditions: [{ kind: "groups", groupIds: [G1, G2] }, { kind: "attribute", attribute: "city", op: "equals", value: "Oslo" }] })).toBe(
      `isMemberOfAnyGroup("${G1}","${G2}") OR user.city=="Oslo"`,
    );
  });

  it("escapes quotes and backslashes in values", () => {
    expect(quoteLiteral('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    const state: BuilderState = { join: "and", conditions: [{ kind: "attribute", attribute: "title", op: "equals", value: 'R&D "Labs" \\ 2' }] };
    const expr = buildExpression(state);
    expect(expressionToBuilder(expr)).toEqual(state);
    // The emulator (Okta's stand-in) reads the same literal back.
    expect(compileRuleExpression(expr)({ profile: { title: 'R&D "Labs" \\ 2' }, groupIds: new Set() })).toBe(true);
  });
});

describe("expression -> builder (round trips)", () => {
  const states: BuilderState[] = [
    { join: "and", conditions: [{ kind: "attribute", attribute: "department", op: "equals", value: "Marketing" }] },
    { join: "and", conditions: [{ kind: "attribute", attribute: "department", op: "equals", value: "Sales" }, { kind: "attribute", attribute: "login", op: "startsWith", value: "a" }] },
    { join: "or", conditions: [{ kind: "attribute", attribute: "title", op: "contains", value: "Manager" }, { kind: "groups", groupIds: [G1] }] },
    { join: "and", conditions: [{ kind: "groups", groupIds: [G1, G2] }] },
  ];
  for (const state of states) {
    it(`round-trips ${buildExpression(state)}`, () => {
      const expr = buildExpression(state);
      expect(expressionToBuilder(expr)).toEqual(state);
      expect(buildExpression(expressionToBuilder(expr)!)).toBe(expr);
    });
  }

  it("reads Okta's other spellings of the same conditions", () => {
    expect(expressionToBuilder('user.department == "Marketing" && String.startsWith(user.login, "a")')).toEqual({
      join: "and",
      conditions: [
        { kind: "attribute", attribute: "department", op: "equals", value: "Marketing" },
        { kind: "attribute", attribute: "login", op: "startsWith", value: "a" },
      ],
    });
    expect(expressionToBuilder(`isMemberOfGroup("${G1}")`)).toEqual({ join: "and", conditions: [{ kind: "groups", groupIds: [G1] }] });
    expect(expressionToBuilder("(user.city=='Oslo')")).toEqual({ join: "and", conditions: [{ kind: "attribute", attribute: "city", op: "equals", value: "Oslo" }] });
  });

  it("returns null (custom expression) for what the builder cannot show", () => {
    for (const src of [
      'user.a=="x" AND (user.b=="y" OR user.c=="z")',
      '!(user.department=="Sales")',
      'user.department!="Sales"',
      'String.toLowerCase(user.department)=="sales"',
      "user.employeeNumber==5",
      'user.getInternalProperty("status")=="ACTIVE"',
      'user.department=="x" AND',
    ]) {
      expect(expressionToBuilder(src), src).toBeNull();
    }
  });
});

describe("parse errors point at the part", () => {
  it("names a single = and where it is", () => {
    const r = parseExpression('user.department = "x"');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toMatch(/==/);
      expect(r.problem.at).toBe(16);
    }
  });
  it("an unclosed quote, a stray token, an early end", () => {
    const a = parseExpression('user.department=="x');
    expect(!a.ok && a.problem.message).toMatch(/quote/);
    const b = parseExpression('user.department=="x" "y"');
    expect(!b.ok && b.problem.at).toBe(21);
    const c = parseExpression('user.department==');
    expect(!c.ok && c.problem.message).toMatch(/ends too early/);
    const d = parseExpression('department=="x"');
    expect(!d.ok && d.problem.message).toMatch(/user\.<attribute>/);
  });
  it("checks attributes against the schema and group ids' shape", () => {
    const r = checkExpression(`user.departmnt=="x" OR isMemberOfAnyGroup("nope")`, new Set(["department"]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.message)).toEqual([
        "user.departmnt is not an attribute of this org's user profile.",
        '"nope" is not an Okta group id (they start with 00g).',
      ]);
      expect(r.problems[0]).toMatchObject({ at: 0, end: 14 });
    }
    expect(checkExpression('user.department=="x"', new Set(["department"])).ok).toBe(true);
  });
  it("locates the part an Okta cause names", () => {
    const src = 'user.department=="x" AND user.nope=="y"';
    expect(locateInExpression(src, "Invalid property nope in expression")).toEqual({ at: 25, end: 34 });
    expect(locateInExpression(src, "Something else entirely")).toBeNull();
  });
});

describe("expression -> Okta search", () => {
  it("translates equals, starts with, and / or", () => {
    expect(expressionToSearch(parse('user.department=="Marketing"'))).toBe('profile.department eq "Marketing"');
    expect(expressionToSearch(parse('String.startsWith(user.login,"a")'))).toBe('profile.login sw "a"');
    expect(expressionToSearch(parse('user.department=="Sales" AND String.startsWith(user.title,"VP")'))).toBe('profile.department eq "Sales" and profile.title sw "VP"');
    expect(expressionToSearch(parse('user.city=="Oslo" OR user.city=="Bergen" && user.title=="x"'))).toBe('profile.city eq "Oslo" or (profile.city eq "Bergen" and profile.title eq "x")');
    expect(expressionToSearch(parse('user.title=="say \\"hi\\""'))).toBe('profile.title eq "say \\"hi\\""');
  });
  it("falls back (null) for contains, group membership, not and other functions", () => {
    for (const src of ['String.stringContains(user.title,"x")', `isMemberOfAnyGroup("${G1}")`, '!(user.a=="b")', 'user.a!="b"', 'user.a=="b" AND String.stringContains(user.c,"d")']) {
      expect(expressionToSearch(parse(src)), src).toBeNull();
    }
  });
});

describe("evaluator", () => {
  const subject = { profile: { department: "Marketing", login: "ann@acme.example", title: "Senior Designer", n: 4 }, groupIds: new Set([G1]) };
  it("agrees with Okta's semantics as the emulator implements them", () => {
    const cases = [
      'user.department=="Marketing"',
      'user.department=="marketing"',
      'String.startsWith(user.login,"ann")',
      'String.stringContains(user.title,"Design")',
      `isMemberOfAnyGroup("${G2}","${G1}")`,
      `isMemberOfGroup("${G2}")`,
      'user.missing==null',
      'user.missing=="x" OR user.department!="Sales"',
      '!(user.department=="Marketing") AND true',
      'String.toLowerCase(user.department)=="marketing"',
      "user.n > 3 AND user.n <= 4",
      'String.len(user.department)==9',
      'String.stringContains(user.missing,"")',
    ];
    for (const src of cases) {
      const ours = evaluateExpression(parse(src), subject);
      const emulator = compileRuleExpression(src)(subject);
      expect(ours, src).toBe(emulator);
    }
    expect(evaluateExpression(parse('user.department=="Marketing"'), subject)).toBe(true);
    expect(evaluateExpression(parse('user.department=="marketing"'), subject)).toBe(false);
  });
  it("says which function it cannot evaluate", () => {
    expect(unsupportedFunction(parse('Arrays.contains(user.x,"y")'))).toBe("Arrays.contains");
    expect(unsupportedFunction(parse('String.startsWith(user.x,"y")'))).toBeNull();
  });
});

describe("words", () => {
  it("says the condition with group names", () => {
    expect(expressionInWords(`user.department=="Marketing" AND isMemberOfAnyGroup("${G1}")`, (id) => (id === G1 ? "Sales" : id))).toBe('department equals "Marketing" and member of Sales');
    expect(expressionInWords("!(user.a==\"b\")")).toBeNull();
  });
});
