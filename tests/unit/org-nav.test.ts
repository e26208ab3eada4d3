// The compact org navigation (components/shell/org-nav.ts): orgs share page lists, links are built
// per org, the break-glass count shows only on Verifications, an org not in the model has no section.
import { expect, it } from "vitest";
import { orgNavFor, type OrgNavModel } from "@/components/shell/org-nav";

const model: OrgNavModel = {
  pageSets: [
    ["overview", "users", "service-accounts", "verifications"],
    ["overview", "apps"],
  ],
  orgs: {
    acme: { name: "Acme Corporation", pageSet: 0, breakGlass: 2 },
    "big co": { name: "Big Co", pageSet: 0 },
    billing: { name: "Billing Only", pageSet: 1 },
  },
};

it("builds the org's links in navigation order from its shared page list", () => {
  expect(orgNavFor(model, "acme")).toEqual({
    name: "Acme Corporation",
    items: [
      { label: "Overview", href: "/t/acme" },
      { label: "Users", href: "/t/acme/users" },
      { label: "Service accounts", href: "/t/acme/service-accounts" },
      { label: "Verifications", href: "/t/acme/verifications", badge: { count: 2, label: "break-glass requests waiting" } },
    ],
  });
  expect(orgNavFor(model, "billing")?.items.map((i) => i.href)).toEqual(["/t/billing", "/t/billing/apps"]);
});

it("encodes the slug and shows no badge without waiting requests", () => {
  const items = orgNavFor(model, "big co")!.items;
  expect(items.map((i) => i.href)).toEqual(["/t/big%20co", "/t/big%20co/users", "/t/big%20co/service-accounts", "/t/big%20co/verifications"]);
  expect(items.some((i) => i.badge)).toBe(false);
});

it("has no section for an org the staff member does not see", () => {
  expect(orgNavFor(model, "umbrella")).toBeUndefined();
  expect(orgNavFor({ pageSets: [], orgs: { x: { name: "X", pageSet: 3 } } }, "x")).toBeUndefined();
});
