// The users search model (lib/users/search.ts): quoting, the expert-expression parser and its refusals,
// the builder, and how the search box + chips + sort become exactly one Okta list call.
import { describe, expect, it } from "vitest";
import { buildSearch, classifyText, formatSearch, parseSearch, quoteSearchValue, textAsSearch, userListQuery } from "@/lib/users/search";

describe("quoting", () => {
  it("escapes double quotes and backslashes", () => {
    expect(quoteSearchValue("Smith")).toBe('"Smith"');
    expect(quoteSearchValue('O"Brien')).toBe('"O\\"Brien"');
    expect(quoteSearchValue("back\\slash")).toBe('"back\\\\slash"');
    expect(quoteSearchValue('\\"')).toBe('"\\\\\\""');
  });

  it("round-trips any value through format and parse", () => {
    for (const v of ['O"Brien', "a\\b", '\\"', "x\\", '"', "plain", "", "(and) or \"not\""]) {
      const parsed = parseSearch(`profile.lastName eq ${quoteSearchValue(v)}`);
      expect(parsed.ok && parsed.expr).toEqual({ kind: "cmp", attr: "profile.lastName", op: "eq", value: v });
    }
  });
});

describe("parsing an expert's expression", () => {
  const ok = (s: string) => {
    const r = parseSearch(s);
    if (!r.ok) throw new Error(r.error);
    return r.expression;
  };
  const refused = (s: string, ctx = {}) => {
    const r = parseSearch(s, ctx);
    if (r.ok) throw new Error(`accepted: ${r.expression}`);
    return r.error;
  };

  it("accepts Okta's documented shapes and prints them canonically", () => {
    expect(ok('profile.department eq "Engineering"')).toBe('profile.department eq "Engineering"');
    expect(ok('(status lt "STAGED" or status gt "STAGED")')).toBe('status lt "STAGED" or status gt "STAGED"');
    expect(ok('profile.lastName SW "smi" AND (status eq "ACTIVE" or status eq "LOCKED_OUT")')).toBe(
      'profile.lastName sw "smi" and (status eq "ACTIVE" or status eq "LOCKED_OUT")',
    );
    expect(ok('lastUpdated gt "2024-01-01T00:00:00.000Z"')).toBe('lastUpdated gt "2024-01-01T00:00:00.000Z"');
    expect(ok("profile.mobilePhone pr")).toBe("profile.mobilePhone pr");
    expect(ok('not (profile.userType eq "Contractor")')).toBe('not (profile.userType eq "Contractor")');
    expect(ok("profile.employeeNumber gt 100 and profile.isManager eq true")).toBe("profile.employeeNumber gt 100 and profile.isManager eq true");
    expect(ok('type.id eq "oty1" and id eq "00u1"')).toBe('type.id eq "oty1" and id eq "00u1"');
  });

  it("refuses unbalanced quotes and parentheses, naming the place", () => {
    expect(refused('profile.lastName eq "Smith')).toBe("The quote opened at character 21 is never closed.");
    expect(refused('(profile.lastName eq "Smith"')).toBe("The parenthesis opened at character 1 is never closed.");
    expect(refused('profile.lastName eq "Smith")')).toBe("There is a closing parenthesis at character 28 with no opening one.");
  });

  it("refuses unknown operators, ne and null", () => {
    expect(refused('profile.lastName like "Smith"')).toMatch(/^"like" at character 18 is not an operator Okta's search knows/);
    expect(refused('status ne "ACTIVE"')).toBe(`Okta's search has no "ne": write (status lt "value" or status gt "value") instead.`);
    expect(refused("profile.title eq null")).toMatch(/use "profile.title pr"/);
  });

  it("refuses bad attribute paths and co outside its four attributes", () => {
    expect(refused('department eq "IT"')).toMatch(/^"department" is not a property Okta's search knows: use profile.department/);
    expect(refused('profile.first-name eq "x"')).toMatch(/is not an attribute path/);
    expect(refused('profile..x eq "x"')).toMatch(/is not an attribute path/);
    expect(refused('lastLogin gt "2024-01-01T00:00:00.000Z"')).toMatch(/not a property Okta's search knows/);
    expect(refused('profile.department co "ngin"')).toMatch(/"co" \(contains\) only on profile.firstName/);
    expect(parseSearch('profile.email co "@acme"').ok).toBe(true);
  });

  it("checks value types: dates, statuses, text for sw", () => {
    expect(refused('created gt "yesterday"')).toMatch(/created takes a date in quotes/);
    expect(refused('created gt "2024-01-01"')).toMatch(/created takes a date/);
    expect(refused('status eq "LOCKED"')).toMatch(/^status is one of STAGED/);
    expect(parseSearch('status eq "locked_out"').ok).toBe(true); // values are case-insensitive in search
    expect(refused("profile.lastName sw 12")).toBe('"sw" needs a text value in double quotes.');
    expect(refused("profile.lastName eq Smith")).toBe('Put text values in double quotes: profile.lastName eq "Smith".');
  });

  it("refuses dangling logic and missing pieces", () => {
    expect(refused("")).toBe("The search expression is empty.");
    expect(refused('profile.lastName eq "a" and')).toBe("The expression ends where a condition was expected.");
    expect(refused('and profile.lastName eq "a"')).toMatch(/has no condition before it/);
    expect(refused('profile.lastName eq "a" profile.firstName eq "b"')).toMatch(/^Expected "and" or "or" at character 25/);
    expect(refused("profile.lastName")).toMatch(/An operator is missing after "profile.lastName"/);
    expect(refused("profile.lastName eq")).toMatch(/A value is missing/);
    expect(refused('profile.a eq "\\x"')).toMatch(/a backslash may only escape/);
    expect(refused('not profile.a eq "x"')).toMatch(/"not" must be followed by a condition in parentheses/);
  });

  it("refuses over-long and over-deep expressions", () => {
    expect(refused(`profile.a eq "${"x".repeat(2100)}"`)).toMatch(/too long/);
    expect(refused(`${"(".repeat(12)}profile.a eq "x"${")".repeat(12)}`)).toMatch(/nests more than/);
  });

  it("checks attributes against the org's schema when known (case-sensitive)", () => {
    const ctx = { profileAttributes: ["firstName", "lastName", "costCenter"] };
    expect(parseSearch('profile.costCenter eq "CC-1"', ctx).ok).toBe(true);
    expect(refused('profile.costcenter eq "CC-1"', ctx)).toMatch(/did you mean profile.costCenter\?/);
    expect(refused('profile.nickName eq "x"', ctx)).toBe('The org\'s user profile has no attribute "nickName".');
  });
});

describe("the advanced builder", () => {
  it("joins rows with and/or and escapes values", () => {
    const r = buildSearch({
      match: "all",
      conditions: [
        { attribute: "profile.lastName", operator: "eq", value: 'O"Brien' },
        { attribute: "status", operator: "eq", value: "locked_out" },
        { attribute: "profile.mobilePhone", operator: "pr" },
      ],
    });
    expect(r.ok && r.expression).toBe('profile.lastName eq "O\\"Brien" and status eq "LOCKED_OUT" and profile.mobilePhone pr');
    const any = buildSearch({ match: "any", conditions: [{ attribute: "profile.department", operator: "sw", value: "Eng" }, { attribute: "profile.title", operator: "co", value: "x" }] });
    expect(any.ok).toBe(false);
    expect(!any.ok && any.errors).toEqual([{ index: 1, message: expect.stringMatching(/"co" \(contains\) only on/) }]);
  });

  it("turns a day into Okta's date form and types values from the schema", () => {
    const r = buildSearch(
      {
        match: "all",
        conditions: [
          { attribute: "created", operator: "gt", value: "2024-03-01" },
          { attribute: "profile.level", operator: "ge", value: "3" },
        ],
      },
      { attributeKinds: { level: "integer" } },
    );
    expect(r.ok && r.expression).toBe('created gt "2024-03-01T00:00:00.000Z" and profile.level ge 3');
    const bad = buildSearch({ match: "all", conditions: [{ attribute: "profile.level", operator: "eq", value: "three" }] }, { attributeKinds: { level: "integer" } });
    expect(!bad.ok && bad.errors[0]?.message).toBe("profile.level takes a whole number.");
  });

  it("what it builds, the parser accepts unchanged", () => {
    const r = buildSearch({ match: "any", conditions: [{ attribute: "profile.email", operator: "co", value: 'a\\"b' }, { attribute: "profile.city", operator: "eq", value: "Paris" }] });
    if (!r.ok) throw new Error("builder refused");
    const parsed = parseSearch(r.expression);
    expect(parsed.ok && parsed.expr).toEqual(r.expr);
  });

  it("needs a value and at least one row", () => {
    expect(buildSearch({ match: "all", conditions: [] }).ok).toBe(false);
    const r = buildSearch({ match: "all", conditions: [{ attribute: "profile.city", operator: "eq", value: "  " }] });
    expect(!r.ok && r.errors[0]).toEqual({ index: 0, message: "Enter a value." });
  });
});

describe("search box + chips + sort -> one Okta call", () => {
  it("classifies the search box", () => {
    expect(classifyText("  ")).toBe("empty");
    expect(classifyText("00u1abcdEFGH2345ijkl")).toBe("id");
    expect(classifyText("Ada.Lovelace@acme.example")).toBe("login");
    expect(classifyText("Lovelace")).toBe("words");
  });

  it("plain text alone runs q, which does not page", () => {
    expect(userListQuery({ text: " Lovelace " })).toEqual({ ok: true, params: { mode: "q", q: "Lovelace", pages: false } });
  });

  it("an exact login or email is found case-insensitively through search", () => {
    expect(userListQuery({ text: "Ada@Acme.example" })).toEqual({
      ok: true,
      params: { mode: "search", search: 'profile.login eq "Ada@Acme.example" or profile.email eq "Ada@Acme.example"', pages: true },
    });
  });

  it("an Okta user id is looked up by id", () => {
    const r = userListQuery({ text: "00u1abcdEFGH2345ijkl" });
    expect(r.ok && r.params.search).toBe('id eq "00u1abcdEFGH2345ijkl"');
  });

  it("status chips alone become a filter", () => {
    expect(userListQuery({ statuses: ["LOCKED_OUT", "SUSPENDED", "LOCKED_OUT"] })).toEqual({
      ok: true,
      params: { mode: "filter", filter: 'status eq "LOCKED_OUT" or status eq "SUSPENDED"', pages: true },
    });
  });

  it("text with chips becomes one search (q cannot be combined)", () => {
    const r = userListQuery({ text: "smi", statuses: ["LOCKED_OUT"] });
    expect(r.ok && r.params).toEqual({
      mode: "search",
      search: '(profile.firstName sw "smi" or profile.lastName sw "smi" or profile.email sw "smi") and status eq "LOCKED_OUT"',
      pages: true,
    });
  });

  it("two words search first and last name", () => {
    const e = textAsSearch("Ada  Love lace");
    expect(e && formatSearch(e)).toBe('(profile.firstName sw "Ada" and profile.lastName sw "Love lace") or profile.lastName sw "Ada Love lace"');
    expect(userListQuery({ text: "Ada Lovelace" }).ok && userListQuery({ text: "Ada Lovelace" })).toMatchObject({ params: { mode: "search" } });
  });

  it("sorting always goes through search; the plain list keeps leaving deactivated users out", () => {
    expect(userListQuery({ sortBy: "profile.lastName" })).toEqual({
      ok: true,
      params: { mode: "search", search: 'status lt "DEPROVISIONED" or status gt "DEPROVISIONED"', sortBy: "profile.lastName", sortOrder: "asc", pages: true },
    });
    const r = userListQuery({ text: "smi", sortBy: "created", sortOrder: "desc" });
    expect(r.ok && r.params).toMatchObject({ mode: "search", sortBy: "created", sortOrder: "desc" });
    const f = userListQuery({ statuses: ["STAGED"], sortBy: "status" });
    expect(f.ok && f.params).toMatchObject({ mode: "search", search: 'status eq "STAGED"', sortBy: "status" });
  });

  it("an advanced expression is validated and combined", () => {
    expect(userListQuery({ search: 'profile.department eq "IT' })).toEqual({ ok: false, error: "The quote opened at character 23 is never closed." });
    const r = userListQuery({ search: 'profile.department eq "IT" or profile.department eq "Ops"', statuses: ["ACTIVE"] });
    expect(r.ok && r.params.search).toBe('(profile.department eq "IT" or profile.department eq "Ops") and status eq "ACTIVE"');
  });

  it("nothing at all is the plain list", () => {
    expect(userListQuery({})).toEqual({ ok: true, params: { mode: "all", pages: true } });
  });
});
