// The users list's URL state (lib/users/filters.ts, parsed by filters-schema.ts): bad values dropped, hrefs round-trip, Next/Previous
// walk Okta's forward-only cursors both ways.
import { describe, expect, it } from "vitest";
import {
  listInput,
  nextPageHref,
  pageNumber,
  pageSize,
  previousPageHref,
  sortHref,
  usersHref,
  type UsersFilterParams,
} from "@/lib/users/filters";
import { parseUsersFilters } from "@/lib/users/filters-schema";

const fromHref = (href: string): UsersFilterParams => parseUsersFilters(new URL(href, "http://x").searchParams);

describe("parsing", () => {
  it("keeps good values", () => {
    const p = parseUsersFilters({
      q: "  Lovelace ",
      status: "locked_out,SUSPENDED",
      search: 'profile.department eq "IT"',
      sortBy: "profile.lastName",
      sortOrder: "desc",
      limit: "50",
      after: "00u1abcdEFGH2345ijkl",
      prev: "00u0aaaaaaaaaaaaaaaa,00u0bbbbbbbbbbbbbbbb",
    });
    expect(p).toEqual({
      q: "Lovelace",
      status: ["LOCKED_OUT", "SUSPENDED"],
      search: 'profile.department eq "IT"',
      sortBy: "profile.lastName",
      sortOrder: "desc",
      limit: 50,
      after: "00u1abcdEFGH2345ijkl",
      prev: ["00u0aaaaaaaaaaaaaaaa", "00u0bbbbbbbbbbbbbbbb"],
    });
    expect(pageSize(p)).toBe(50);
    expect(pageNumber(p)).toBe(4);
  });

  it("drops each bad field on its own, never throws", () => {
    const p = parseUsersFilters({
      q: "x".repeat(201),
      status: "LOCKED,ACTIVE,nope",
      sortBy: "lastLogin",
      sortOrder: "sideways",
      limit: "30",
      after: "a,b",
      prev: "ok1,<script>",
      search: "",
    });
    expect(p).toEqual({ status: ["ACTIVE"] });
    expect(pageSize(p)).toBe(25);
    expect(pageNumber(p)).toBe(1);
    expect(parseUsersFilters({ limit: "abc", status: "" })).toEqual({});
  });

  it("takes repeated parameters the way Next.js hands them over", () => {
    expect(parseUsersFilters({ status: ["ACTIVE", "STAGED"], q: ["first", "second"] })).toEqual({ status: ["ACTIVE", "STAGED"], q: "first" });
    const sp = new URLSearchParams("status=ACTIVE&status=STAGED,RECOVERY&limit=200");
    expect(parseUsersFilters(sp)).toEqual({ status: ["ACTIVE", "STAGED", "RECOVERY"], limit: 200 });
  });

  it("feeds the search model", () => {
    expect(listInput(parseUsersFilters({ q: "smi", status: "ACTIVE", sortBy: "created" }))).toEqual({
      text: "smi",
      statuses: ["ACTIVE"],
      search: undefined,
      sortBy: "created",
      sortOrder: undefined,
    });
  });
});

describe("hrefs", () => {
  const params = parseUsersFilters({ q: 'O"Brien & co', status: "LOCKED_OUT", limit: "50" });

  it("encode everything and round-trip", () => {
    const href = usersHref("acme corp", params);
    expect(href).toBe("/t/acme%20corp/users?q=O%22Brien+%26+co&status=LOCKED_OUT&limit=50");
    expect(fromHref(href)).toEqual(params);
    expect(usersHref("acme", {})).toBe("/t/acme/users");
    expect(usersHref("acme", { limit: 25 })).toBe("/t/acme/users");
  });

  it("Next and Previous walk forward and back through Okta's cursors", () => {
    expect(previousPageHref("acme", params)).toBeNull();
    const p2 = fromHref(nextPageHref("acme", params, "00uPAGE2xxxxxxxxxxxx")!);
    expect(p2).toMatchObject({ after: "00uPAGE2xxxxxxxxxxxx", q: params.q, limit: 50 });
    expect(p2.prev).toBeUndefined();
    expect(pageNumber(p2)).toBe(2);
    const p3 = fromHref(nextPageHref("acme", p2, "00uPAGE3xxxxxxxxxxxx")!);
    expect(p3).toMatchObject({ after: "00uPAGE3xxxxxxxxxxxx", prev: ["00uPAGE2xxxxxxxxxxxx"] });
    const p4 = fromHref(nextPageHref("acme", p3, "00uPAGE4xxxxxxxxxxxx")!);
    expect(pageNumber(p4)).toBe(4);

    const back3 = fromHref(previousPageHref("acme", p4)!);
    expect(back3).toEqual(p3);
    const back2 = fromHref(previousPageHref("acme", back3)!);
    expect(back2).toEqual(p2);
    const back1 = fromHref(previousPageHref("acme", back2)!);
    expect(back1).toEqual(params);
  });

  it("has no Next on the last page or with a cursor it cannot carry", () => {
    expect(nextPageHref("acme", params, null)).toBeNull();
    expect(nextPageHref("acme", params, "a,b")).toBeNull();
  });

  it("changing the sort starts over at page 1 and flips the order on the same column", () => {
    const deep = { ...params, after: "00uPAGE3xxxxxxxxxxxx", prev: ["00uPAGE2xxxxxxxxxxxx"] };
    const byName = fromHref(sortHref("acme", deep, "profile.lastName"));
    expect(byName).toMatchObject({ sortBy: "profile.lastName", sortOrder: "asc" });
    expect(byName.after).toBeUndefined();
    expect(fromHref(sortHref("acme", byName, "profile.lastName")).sortOrder).toBe("desc");
    expect(fromHref(sortHref("acme", { ...byName, sortOrder: "desc" }, "profile.lastName")).sortOrder).toBe("asc");
    expect(fromHref(sortHref("acme", byName, "created")).sortOrder).toBe("asc");
  });

  it("keeps the URL bounded however deep the paging goes", () => {
    let p: UsersFilterParams = {};
    for (let i = 0; i < 60; i++) p = fromHref(nextPageHref("acme", p, `00uPAGE${String(i).padStart(13, "0")}`)!);
    expect(p.prev?.length).toBe(40);
    expect(usersHref("acme", p, { after: p.after, prev: p.prev }).length).toBeLessThan(1200);
  });
});
