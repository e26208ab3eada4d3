// The offboarding steps: always run in one fixed order whatever order they were chosen in, at least
// one, and the org's stored default read defensively (bad JSON or unknown ids are dropped).
import { describe, expect, it } from "vitest";
import { OFFBOARDING_STEPS, parseDefaultSteps, stepsSchema } from "@/lib/offboarding/steps";

describe("offboarding steps", () => {
  it("run in the fixed order: sessions, factors, groups, apps, deactivate", () => {
    expect(OFFBOARDING_STEPS).toEqual(["revoke_sessions", "reset_factors", "remove_groups", "unassign_apps", "deactivate"]);
    expect(stepsSchema.parse(["deactivate", "revoke_sessions", "deactivate", "remove_groups"])).toEqual(["revoke_sessions", "remove_groups", "deactivate"]);
  });

  it("refuses no step and unknown steps", () => {
    expect(stepsSchema.safeParse([]).success).toBe(false);
    expect(stepsSchema.safeParse(["delete_user"]).success).toBe(false);
  });

  it("the org's stored default: in order, unknown ids and bad JSON dropped", () => {
    expect(parseDefaultSteps('["deactivate","revoke_sessions","wipe"]')).toEqual(["revoke_sessions", "deactivate"]);
    expect(parseDefaultSteps("not json")).toEqual([]);
    expect(parseDefaultSteps('{"steps":["deactivate"]}')).toEqual([]);
    expect(parseDefaultSteps(null)).toEqual([]);
  });
});
