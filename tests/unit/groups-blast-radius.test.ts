// The blast-radius summaries (lib/groups/blast-radius.ts), the group input schemas and the list's
// query translation: pure functions, no Okta.
import { describe, expect, it } from "vitest";
import { computeDeleteImpact, computeRemovalImpact, type RemovalFacts } from "@/lib/groups/blast-radius";
import { groupListQuery, groupsHref, nextGroupsHref, previousGroupsHref } from "@/lib/groups/filters";
import { parseGroupsFilters } from "@/lib/groups/filters-schema";
import { readOnlyReason } from "@/lib/groups/read-only";
import { createGroupSchema, deleteGroupSchema, MAX_MEMBERSHIP_BATCH, membershipSchema, updateGroupSchema } from "@/lib/groups/schemas";

const G = { id: "00ggroup", name: "Design" };
const canva = { id: "0oacanva", label: "Canva" };
const figma = { id: "0oafigma", label: "Figma" };

function facts(over: Partial<RemovalFacts> = {}): RemovalFacts {
  return {
    group: G,
    groupApps: { items: [canva, figma], truncated: false },
    users: [],
    otherGroupApps: {},
    groupNames: {},
    ...over,
  };
}

describe("computeRemovalImpact", () => {
  it("an app reached only through this group is lost", () => {
    const r = computeRemovalImpact(facts({ users: [{ userId: "u1", name: "Ada", groups: { ids: [G.id, "00geveryone"], truncated: false }, assignment: { [canva.id]: "group", [figma.id]: "group" } }], otherGroupApps: { "00geveryone": ["0oazoom"] }, groupNames: { "00geveryone": "Everyone" } }));
    expect(r.users[0]).toEqual({ userId: "u1", name: "Ada", loses: [canva, figma], keeps: [], unknown: [] });
    expect(r.affected).toBe(1);
    expect(r.gaps).toEqual([]);
  });

  it("another group granting the app, or a direct assignment, keeps it (and says why)", () => {
    const r = computeRemovalImpact(
      facts({
        users: [{ userId: "u1", name: "Ada", groups: { ids: [G.id, "00gmkt"], truncated: false }, assignment: { [canva.id]: "group", [figma.id]: "direct" } }],
        otherGroupApps: { "00gmkt": [canva.id] },
        groupNames: { "00gmkt": "Users – Marketing" },
      }),
    );
    expect(r.users[0]!.loses).toEqual([]);
    expect(r.users[0]!.keeps).toEqual([
      { ...canva, because: "still through Users – Marketing" },
      { ...figma, because: "assigned to them directly" },
    ]);
    expect(r.affected).toBe(0);
  });

  it("an app the person does not hold at all (Okta 404) is neither lost nor kept", () => {
    const r = computeRemovalImpact(facts({ users: [{ userId: "u1", name: "Ada", groups: { ids: [G.id], truncated: false }, assignment: { [canva.id]: "none", [figma.id]: "group" } }] }));
    expect(r.users[0]).toMatchObject({ loses: [figma], keeps: [], unknown: [] });
  });

  it("never claims a loss it could not check: unreadable groups, truncated groups, a failed read are 'unknown'", () => {
    const r = computeRemovalImpact(
      facts({
        users: [
          { userId: "u1", name: "Ada", groups: null, assignment: { [canva.id]: "group", [figma.id]: "group" } },
          { userId: "u2", name: "Bob", groups: { ids: [G.id, "00gx"], truncated: true }, assignment: { [canva.id]: "group", [figma.id]: "group" } },
          { userId: "u3", name: "Cy", groups: { ids: [G.id, "00gy"], truncated: false }, assignment: { [canva.id]: null, [figma.id]: "group" } },
        ],
        otherGroupApps: { "00gx": [], "00gy": null },
      }),
    );
    expect(r.users.map((u) => [u.loses.length, u.unknown.length])).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
    expect(r.gaps).toEqual(["Ada's other groups could not be read.", "Bob is in more groups than the console reads."]);
    expect(r.affected).toBe(0);
  });

  it("a group beyond the read bound (absent from otherGroupApps) makes the outcome unknown, not lost", () => {
    const r = computeRemovalImpact(facts({ users: [{ userId: "u1", name: "Ada", groups: { ids: [G.id, "00gunread"], truncated: false }, assignment: { [canva.id]: "group", [figma.id]: "group" } }] }));
    expect(r.users[0]).toMatchObject({ loses: [], unknown: [canva, figma] });
  });

  it("names what it could not check: the group's apps, a cut-short app list, people beyond the bound", () => {
    expect(computeRemovalImpact(facts({ groupApps: null })).gaps).toEqual(["The apps assigned to Design could not be read, so lost apps are unknown."]);
    expect(computeRemovalImpact(facts({ groupApps: { items: [canva], truncated: true }, uncheckedUserIds: ["a", "b"] })).gaps).toEqual([
      "Design has more apps than the console checks; only the first 1 were checked.",
      "2 more people were not checked.",
    ]);
  });
});

describe("computeDeleteImpact", () => {
  const base = { group: { id: G.id, name: G.name, type: "OKTA_GROUP" }, usersCount: 0, apps: { items: [], truncated: false }, rules: { items: [], complete: true }, policies: [], adminRoles: [] };

  it("an empty group changes nothing", () => {
    const r = computeDeleteImpact(base);
    expect(r.warnings).toEqual([]);
    expect(r.gaps).toEqual([]);
  });

  it("policies first, then rules (they become invalid), admin roles, apps, members", () => {
    const r = computeDeleteImpact({
      ...base,
      usersCount: 12,
      apps: { items: [canva], truncated: false },
      rules: { items: [{ id: "0pr1", name: "Design dept", status: "ACTIVE", targetGroupIds: [G.id] }], complete: true },
      policies: [{ id: "00p1", name: "MFA enrolment", type: "MFA_ENROLL", effect: "exclude" }],
      adminRoles: ["Help Desk Administrator"],
    });
    expect(r.warnings).toEqual([
      "1 policy refers to this group (MFA enrolment). Once it is deleted, whatever those rules include or exclude through it no longer applies to its members.",
      "1 group rule puts people in this group (Design dept). Okta marks a rule whose target group was deleted as invalid: it stops assigning anyone until it is edited.",
      "It grants Okta admin roles (Help Desk Administrator): its members lose them.",
      "Members lose 1 app assigned through it (Canva) unless another group or a direct assignment grants them.",
      "12 people are in it and will no longer be.",
    ]);
    expect(r.rules[0]!.becomesInvalid).toBe(true);
  });

  it("says what it could not read instead of claiming nothing changes", () => {
    const r = computeDeleteImpact({ ...base, usersCount: null, apps: null, rules: { items: [], complete: false }, policies: null, adminRoles: null });
    expect(r.gaps).toEqual([
      "The member count could not be read.",
      "The apps assigned to it could not be read.",
      "The org has more group rules than the console reads; some may target this group.",
      "The policies could not be read.",
      "Its admin roles could not be read.",
    ]);
  });
});

describe("group input schemas", () => {
  it("create / update: a name is required (trimmed, at most 255), the description optional (at most 1,024)", () => {
    expect(createGroupSchema.parse({ name: "  Sales EU ", description: " " })).toEqual({ name: "Sales EU", description: "" });
    expect(createGroupSchema.safeParse({ name: "   " }).error?.issues[0]?.message).toBe("Enter a name for the group.");
    expect(createGroupSchema.safeParse({ name: "x".repeat(256) }).success).toBe(false);
    expect(createGroupSchema.safeParse({ name: "ok", description: "d".repeat(1025) }).success).toBe(false);
    expect(updateGroupSchema.safeParse({ groupId: "not an id", name: "x" }).error?.issues[0]?.message).toBe("That is not an Okta group id.");
    expect(deleteGroupSchema.safeParse({ groupId: "00g1abcdefghijklmnop", confirmName: " " }).success).toBe(false);
  });

  it("membership: at least one, at most MAX_MEMBERSHIP_BATCH Okta user ids, duplicates dropped", () => {
    const id = (n: number) => `00u${String(n).padStart(17, "0")}`;
    expect(membershipSchema.parse({ groupId: "00g1abcdefghijklmnop", userIds: [id(1), id(1), id(2)] }).userIds).toEqual([id(1), id(2)]);
    expect(membershipSchema.safeParse({ groupId: "00g1abcdefghijklmnop", userIds: [] }).error?.issues[0]?.message).toBe("Pick at least one person.");
    expect(membershipSchema.safeParse({ groupId: "00g1abcdefghijklmnop", userIds: Array.from({ length: MAX_MEMBERSHIP_BATCH + 1 }, (_, i) => id(i)) }).success).toBe(false);
    expect(membershipSchema.safeParse({ groupId: "00g1abcdefghijklmnop", userIds: ["../x"] }).success).toBe(false);
  });
});

describe("groups list URL state and query", () => {
  it("text alone is Okta's q; a type alone a filter; both a search expression (quotes escaped)", () => {
    expect(groupListQuery({})).toEqual({ mode: "all" });
    expect(groupListQuery({ q: "Sales" })).toEqual({ mode: "q", q: "Sales" });
    expect(groupListQuery({ type: "APP_GROUP" })).toEqual({ mode: "filter", filter: 'type eq "APP_GROUP"' });
    expect(groupListQuery({ q: 'Say "hi"', type: "OKTA_GROUP" })).toEqual({ mode: "search", search: 'type eq "OKTA_GROUP" and profile.name sw "Say \\"hi\\""' });
  });

  it("bad values are dropped; Next and Previous carry the cursor trail", () => {
    const p = parseGroupsFilters({ q: "  ", type: "NOPE", limit: "7", after: "a,b" });
    expect(p).toEqual({ q: undefined, type: undefined, limit: undefined, after: undefined, prev: undefined });
    const page2 = nextGroupsHref("acme", { type: "OKTA_GROUP" }, "00gB")!;
    expect(page2).toBe("/t/acme/groups?type=OKTA_GROUP&after=00gB");
    const params = parseGroupsFilters(Object.fromEntries(new URL(`http://x${page2}`).searchParams));
    const page3 = nextGroupsHref("acme", params, "00gC")!;
    expect(page3).toBe("/t/acme/groups?type=OKTA_GROUP&after=00gC&prev=00gB");
    expect(previousGroupsHref("acme", parseGroupsFilters(Object.fromEntries(new URL(`http://x${page3}`).searchParams)))).toBe(page2);
    expect(previousGroupsHref("acme", params)).toBe("/t/acme/groups?type=OKTA_GROUP");
    expect(groupsHref("acme", { q: "a", limit: 200 })).toBe("/t/acme/groups?q=a&limit=200");
  });

  it("only Okta groups are editable; the others carry the reason", () => {
    expect(readOnlyReason({ name: "Sales", type: "OKTA_GROUP" })).toBeNull();
    expect(readOnlyReason({ name: "Domain Users", type: "APP_GROUP", source: "CORP" })).toMatch(/^Domain Users is imported from CORP: its name, description and members are managed there/);
    expect(readOnlyReason({ name: "Everyone", type: "BUILT_IN" })).toMatch(/built into Okta/);
  });
});
