import { describe, expect, it } from "vitest";
import { planUserActions, statusView } from "@/lib/users/detail-plan";
import { userSource } from "@/lib/users/mastery";
import { assessPrivilege, type PrivilegeAssessment } from "@/lib/users/service-accounts";

const okta = userSource({ type: "OKTA", name: "OKTA" });
const ad = userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" });
const person = (id = "00u1") => ({ id, profile: { login: "pat@acme.example", firstName: "Pat", lastName: "Lee" } });
const plain: PrivilegeAssessment = assessPrivilege(person(), []);
const superAdmin = assessPrivilege(person(), [{ type: "SUPER_ADMIN" }]);
const integration = assessPrivilege({ id: "00u9", profile: { login: "msp-integration@acme.example", firstName: "MSP-Okta", lastName: "Integration", userType: "Service Account" } }, [{ type: "SUPER_ADMIN" }]);

const ops = (plan: ReturnType<typeof planUserActions>) => plan.operations.map((o) => o.op);

describe("planUserActions", () => {
  it("offers unlock first for a locked-out user and a technician", () => {
    const plan = planUserActions({ status: "LOCKED_OUT", login: "pat@acme.example", source: okta, roles: ["technician"], assessment: plain });
    expect(ops(plan)[0]).toBe("unlock");
    expect(ops(plan)).toEqual(["unlock", "reset_password", "temp_password", "expire_password", "reset_factors", "clear_sessions", "deactivate"]);
    expect(plan.factorReset?.op).toBe("reset_factor");
    expect(plan.editProfile?.op).toBe("edit_profile");
    expect(plan.withheld).toEqual([]);
  });

  it("gives Help Desk only the frontline operations on a person", () => {
    const plan = planUserActions({ status: "ACTIVE", login: "pat@acme.example", source: okta, roles: ["helpdesk"], assessment: plain });
    expect(ops(plan)).toEqual(["reset_password", "temp_password", "expire_password", "reset_factors", "clear_sessions"]);
    expect(plan.editProfile).toBeNull();
  });

  it("gives Help Desk nothing on an Okta admin, and says why", () => {
    const plan = planUserActions({ status: "ACTIVE", login: "boss@acme.example", source: okta, roles: ["helpdesk"], assessment: superAdmin });
    expect(plan.operations).toEqual([]);
    expect(plan.factorReset).toBeNull();
    expect(plan.withheld).toHaveLength(1);
    expect(plan.withheld[0]).toMatch(/holds an Okta admin role \(Super Administrator\)/);
  });

  it("lets a technician act on an Okta admin", () => {
    const plan = planUserActions({ status: "ACTIVE", login: "boss@acme.example", source: okta, roles: ["technician"], assessment: superAdmin });
    expect(ops(plan)).toContain("reset_factors");
    expect(plan.operations.every((o) => o.override === null)).toBe(true);
  });

  it("refuses every role but Administrator on a service account; Administrators get the override", () => {
    for (const role of ["helpdesk", "technician", "technician_no_deeplink"] as const) {
      const plan = planUserActions({ status: "ACTIVE", login: "msp-integration@acme.example", source: okta, roles: [role], assessment: integration });
      expect(plan.operations).toEqual([]);
      expect(plan.withheld.join(" ")).toMatch(/is a service account: the console refuses changes to it for every role/);
    }
    const admin = planUserActions({ status: "ACTIVE", login: "msp-integration@acme.example", source: okta, roles: ["admin"], assessment: integration });
    expect(admin.operations.length).toBeGreaterThan(0);
    expect(admin.operations.every((o) => o.override?.confirmLogin === "msp-integration@acme.example")).toBe(true);
  });

  it("treats unknown privilege as an Okta admin (protective)", () => {
    const plan = planUserActions({ status: "ACTIVE", login: "pat@acme.example", source: okta, roles: ["helpdesk"], assessment: null });
    expect(plan.operations).toEqual([]);
    expect(plan.withheld[0]).toMatch(/admin roles could not be read/);
  });

  it("blocks unlock for an AD-mastered user with the reason, and carries AD warnings", () => {
    const plan = planUserActions({ status: "LOCKED_OUT", login: "pat@initech.example", source: ad, roles: ["technician"], assessment: plain });
    expect(ops(plan)).not.toContain("unlock");
    expect(plan.withheld.join(" ")).toMatch(/cannot unlock a user mastered by Active Directory/);
    expect(plan.operations.find((o) => o.op === "deactivate")?.caution).toMatch(/next import may reactivate/);
  });

  it("offers delete only for a deactivated user", () => {
    const active = planUserActions({ status: "ACTIVE", login: "pat@acme.example", source: okta, roles: ["admin"], assessment: plain });
    expect(ops(active)).not.toContain("delete");
    const gone = planUserActions({ status: "DEPROVISIONED", login: "pat@acme.example", source: okta, roles: ["admin"], assessment: plain });
    expect(ops(gone)).toEqual(["activate", "clear_sessions", "delete"]);
  });

  it("explains a read-only role", () => {
    const plan = planUserActions({ status: "ACTIVE", login: "pat@acme.example", source: okta, roles: ["readonly_admin"], assessment: plain });
    expect(plan.operations).toEqual([]);
    expect(plan.withheld).toEqual(["Your role in this org (Read-only Administrator) does not change users."]);
  });

  it("says so for a status the console does not know", () => {
    const plan = planUserActions({ status: "SOMETHING_NEW", login: "pat@acme.example", source: okta, roles: ["admin"], assessment: plain });
    expect(plan.operations).toEqual([]);
    expect(plan.withheld[0]).toMatch(/SOMETHING_NEW/);
    expect(statusView("SOMETHING_NEW").label).toBe("SOMETHING_NEW");
    expect(statusView("LOCKED_OUT").meaning).toMatch(/unlock, or wait/);
  });
});
