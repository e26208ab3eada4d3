// The URL-state pieces the users, groups and apps lists share (lib/paging/url-params.ts): a bad value
// is dropped (the list's default), never an error.
import { expect, it } from "vitest";
import { z } from "zod";
import { MAX_PREVIOUS_PAGES } from "@/lib/paging/cursor-trail";
import { cursorParam, cursorTrailParam, pageSizeParam, searchParamsRecord, trimmedTextParam } from "@/lib/paging/url-params";
import { parseGroupsFilters } from "@/lib/groups/filters-schema";
import { parsePageParams } from "@/lib/apps/filters";

const schema = z.object({ q: trimmedTextParam(5), after: cursorParam, prev: cursorTrailParam, limit: pageSizeParam([25, 50, 200] as const) });

it("takes the first of repeated values, trims text and drops blank or over-long text", () => {
  expect(schema.parse({ q: ["  ab ", "zz"] }).q).toBe("ab");
  expect(schema.parse({ q: "   " }).q).toBeUndefined();
  expect(schema.parse({ q: "abcdef" }).q).toBeUndefined();
});

it("keeps a cursor made of Okta's characters, drops anything else", () => {
  expect(schema.parse({ after: "00u1abc~x=" }).after).toBe("00u1abc~x=");
  expect(schema.parse({ after: "a,b" }).after).toBeUndefined();
  expect(schema.parse({ after: "<script>" }).after).toBeUndefined();
});

it("keeps the last cursors of the trail, and drops a trail with one bad cursor", () => {
  const many = Array.from({ length: MAX_PREVIOUS_PAGES + 5 }, (_, i) => `c${i}`);
  expect(schema.parse({ prev: many.join(",") }).prev).toEqual(many.slice(-MAX_PREVIOUS_PAGES));
  expect(schema.parse({ prev: "c1,b@d" }).prev).toBeUndefined();
  expect(schema.parse({ prev: "" }).prev).toBeUndefined();
});

it("accepts only the offered page sizes", () => {
  expect(schema.parse({ limit: "50" }).limit).toBe(50);
  expect(schema.parse({ limit: ["200", "25"] }).limit).toBe(200);
  expect(schema.parse({ limit: "51" }).limit).toBeUndefined();
  expect(schema.parse({ limit: "lots" }).limit).toBeUndefined();
});

it("leaves absent values out of a page's search params, and the lists parse with the shared pieces", () => {
  expect(searchParamsRecord({ a: "1", b: undefined, c: ["x", "y"] })).toEqual({ a: "1", c: ["x", "y"] });
  expect(parseGroupsFilters({ q: " Sales ", limit: "200", type: "nope", after: "abc", prev: "x,y" })).toEqual({ q: "Sales", limit: 200, after: "abc", prev: ["x", "y"] });
  expect(parsePageParams({ q: "", after: "bad cursor", prev: undefined })).toEqual({});
});
