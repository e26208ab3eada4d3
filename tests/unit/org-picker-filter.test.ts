import { expect, it } from "vitest";
import { pickerSections } from "@/components/org-picker/filter";
import type { OrgPickerOrg } from "@/components/org-picker/types";

const org = (slug: string, name: string, tags: string[] = [], recent = false): OrgPickerOrg => ({ slug, name, mastery: "okta", tags, recent });
const orgs = [org("umb", "Umbrella Health", ["eu"], true), org("glx", "Globex", ["us"], true), org("acme", "Acme Corp", ["eu", "retail"]), org("ini", "Initech", ["us"])];

it("puts recent orgs first, then the rest by name", () => {
  const s = pickerSections(orgs, "");
  expect(s.map((x) => [x.label, x.orgs.map((o) => o.slug)])).toEqual([
    ["Recent", ["umb", "glx"]],
    ["All orgs", ["acme", "ini"]],
  ]);
});

it("matches name, slug and tags on every word, prefix matches first", () => {
  expect(pickerSections(orgs, "eu")[0]?.orgs.map((o) => o.slug)).toEqual(["umb", "acme"]);
  expect(pickerSections(orgs, "in")[0]?.orgs.map((o) => o.slug)).toEqual(["ini"]);
  expect(pickerSections(orgs, "eu retail")[0]?.orgs.map((o) => o.slug)).toEqual(["acme"]);
  expect(pickerSections(orgs, "zzz")).toEqual([]);
});
