import { describe, expect, it } from "vitest";
import { countText, groupAssignImpact, groupUnassignImpact, SAMPLE_SIZE, userUnassignImpact, type MemberLite } from "@/lib/apps/blast-radius";

const m = (i: number): MemberLite => ({ id: `00u${i}`, displayName: `Person ${i}`, login: `p${i}@x.example`, status: "ACTIVE" });
const people = (n: number) => Array.from({ length: n }, (_, i) => m(i));

describe("groupAssignImpact", () => {
  it("counts who receives the app and who already has it, with a sample of the receivers", () => {
    const members = people(8);
    const r = groupAssignImpact({ members, membersMore: false, appUserIds: new Set(["00u0", "00u3", "00uElsewhere"]), appUsersComplete: true });
    expect(r).toMatchObject({ members: 8, alreadyHave: 2, willReceive: 6, exact: true });
    expect(r.sample.map((x) => x.id)).toEqual(["00u1", "00u2", "00u4", "00u5", "00u6"]);
    expect(r.sample).toHaveLength(SAMPLE_SIZE);
  });

  it("is not exact when the members or the app's users were cut at the bound", () => {
    expect(groupAssignImpact({ members: people(2), membersMore: true, appUserIds: new Set(), appUsersComplete: true }).exact).toBe(false);
    expect(groupAssignImpact({ members: people(2), membersMore: false, appUserIds: new Set(), appUsersComplete: false }).exact).toBe(false);
  });

  it("an empty group gives the app to nobody", () => {
    expect(groupAssignImpact({ members: [], membersMore: false, appUserIds: new Set(["00u1"]), appUsersComplete: true })).toMatchObject({ members: 0, willReceive: 0, sample: [] });
  });
});

describe("groupUnassignImpact", () => {
  it("members with a direct assignment or another assigned group keep it; the rest lose it", () => {
    const r = groupUnassignImpact({
      members: people(5),
      membersMore: false,
      directIds: new Set(["00u0", "00u9"]),
      directComplete: true,
      otherGroupMemberIds: new Set(["00u0", "00u1"]),
      otherGroupsComplete: true,
    });
    expect(r).toMatchObject({ members: 5, lose: 3, keepDirect: 1, keepThroughOtherGroup: 1, exact: true });
    expect(r.loseSample.map((x) => x.id)).toEqual(["00u2", "00u3", "00u4"]);
  });

  it("is an estimate when any read was bounded", () => {
    const base = { members: people(1), membersMore: false, directIds: new Set<string>(), directComplete: true, otherGroupMemberIds: new Set<string>(), otherGroupsComplete: true };
    expect(groupUnassignImpact(base).exact).toBe(true);
    expect(groupUnassignImpact({ ...base, directComplete: false }).exact).toBe(false);
    expect(groupUnassignImpact({ ...base, otherGroupsComplete: false }).exact).toBe(false);
    expect(groupUnassignImpact({ ...base, membersMore: true }).exact).toBe(false);
  });
});

describe("userUnassignImpact", () => {
  const appGroupIds = new Set(["00gEveryone", "00gSales"]);
  it("direct only: loses it; direct and through groups: keeps it through them; groups only: nothing to unassign", () => {
    expect(userUnassignImpact({ scope: "USER", userGroupIds: ["00gOther"], appGroupIds })).toEqual({ kind: "loses" });
    expect(userUnassignImpact({ scope: "USER", userGroupIds: ["00gSales", "00gOther"], appGroupIds })).toEqual({ kind: "keeps", viaGroupIds: ["00gSales"] });
    expect(userUnassignImpact({ scope: "GROUP", userGroupIds: ["00gEveryone"], appGroupIds })).toEqual({ kind: "group_only", viaGroupIds: ["00gEveryone"] });
    expect(userUnassignImpact({ scope: null, userGroupIds: [], appGroupIds })).toEqual({ kind: "not_assigned" });
  });
});

it("countText marks bounded counts", () => {
  expect(countText(12, false)).toBe("12");
  expect(countText(200, true)).toBe("200+");
});
