import { describe, expect, it } from "vitest";
import { activityOf, forbiddenSentence, ticketIdSchema } from "@/lib/actions";
import { PERMISSIONS, type Permission } from "@/lib/rbac/permissions";

describe("refusal sentences", () => {
  it("turns every permission's description into an activity", () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) {
      const activity = activityOf(p);
      expect(activity, p).toMatch(/^[a-z]+ing\b/);
    }
    expect(activityOf("users.create")).toBe("creating users");
    expect(activityOf("users.resetPassword")).toBe("resetting and expiring passwords");
    expect(activityOf("rules.manage")).toBe("creating, editing, activating and deleting group rules");
  });

  it("names the org and the roles", () => {
    expect(forbiddenSentence("users.create", ["helpdesk"], "Acme")).toBe("Your role in Acme (Help Desk) does not allow creating users.");
    expect(forbiddenSentence("settings.staff.manage", ["readonly_admin"])).toBe(
      "Your role (Read-only Administrator) does not allow disabling staff, editing teams and grants.",
    );
  });

  it("accepts ticket IDs of letters, digits and - _ # . up to 64 characters", () => {
    expect(ticketIdSchema.parse(" INC-0042 ")).toBe("INC-0042");
    expect(ticketIdSchema.safeParse("CHG#12_a.b").success).toBe(true);
    expect(ticketIdSchema.safeParse("has space").success).toBe(false);
    expect(ticketIdSchema.safeParse("x".repeat(65)).success).toBe(false);
    expect(ticketIdSchema.safeParse("<script>").success).toBe(false);
  });
});
