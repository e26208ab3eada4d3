// The guard decisions every user action applies at action time (lib/users/service-accounts.ts
// targetDecision with the permission table) and the temporary password the create action generates.
import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, rolesAllow, type Role } from "@/lib/rbac/permissions";
import { OPERATIONS, USER_OPERATIONS } from "@/lib/users/lifecycle";
import { assessPrivilege, overrideConfirmed, targetDecision } from "@/lib/users/service-accounts";
import { generateTempPassword } from "@/lib/users/actions";

const person = { id: "00u1", profile: { login: "ada@acme.example", firstName: "Ada", lastName: "Lovelace" } };
const integration = { id: "00u2", profile: { login: "msp-integration@acme.example", firstName: "MSP-Okta", lastName: "Integration" } };
const plain = assessPrivilege(person, []);
const superAdmin = assessPrivilege(person, [{ type: "SUPER_ADMIN" }]);
const service = assessPrivilege(integration, [{ type: "SUPER_ADMIN" }]);

describe("targetDecision for every user operation and role", () => {
  for (const op of USER_OPERATIONS) {
    const permission = OPERATIONS[op].permission;
    it(`${op} (${permission})`, () => {
      for (const role of ROLES) {
        const roles: Role[] = [role];
        const allowed = rolesAllow(roles, permission);
        // A person: the permission decides.
        expect(targetDecision(permission, roles, { login: "ada", assessment: plain }).kind, role).toBe(allowed ? "allowed" : "refused");
        // An Okta admin: only roles with the privileged-target grant.
        const onAdmin = targetDecision(permission, roles, { login: "ada", assessment: superAdmin }).kind;
        const privilegedRoles: readonly Role[] = (PERMISSIONS[permission] as { privilegedTargetRoles?: readonly Role[] }).privilegedTargetRoles ?? PERMISSIONS[permission].roles;
        expect(onAdmin, role).toBe(allowed && privilegedRoles.includes(role) ? "allowed" : "refused");
        // A service account (MSP-Okta Integration): refused for everyone; only the override permission may override.
        const onService = targetDecision(permission, roles, { login: "msp-integration@acme.example", assessment: service }).kind;
        expect(onService, role).toBe(allowed && rolesAllow(roles, "users.serviceAccounts.override") ? "override" : "refused");
      }
    });
  }

  it("Help Desk is refused on the MSP-Okta Integration account even alongside other frontline grants", () => {
    expect(service.serviceAccountReasons.map((r) => r.kind)).toContain("well_known");
    expect(targetDecision("users.unlock", ["helpdesk", "technician"], { login: "msp-integration@acme.example", assessment: service }).kind).toBe("refused");
    const d = targetDecision("users.unlock", ["helpdesk", "admin"], { login: "msp-integration@acme.example", assessment: service });
    expect(d.kind).toBe("override");
    expect(overrideConfirmed(d, "MSP-INTEGRATION@acme.example")).toBe(true);
    expect(overrideConfirmed(d, "")).toBe(false);
  });
});

describe("generateTempPassword", () => {
  it("16 characters with every class, different each time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateTempPassword();
      expect(p).toHaveLength(16);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[!#%+=?@^*]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
