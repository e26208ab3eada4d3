// The status -> operations table (lib/users/lifecycle.ts): Okta's documented rules, permissions from
// the one permission table, and what a role is offered. The emulator cross-check lives in
// tests/integration/users-lifecycle-table.test.ts.
import { describe, expect, it } from "vitest";
import {
  OPERATIONS,
  STATUS_INFO,
  USER_OPERATIONS,
  USER_STATUSES,
  offeredOperations,
  oktaAcceptedStatuses,
  operationsFromStatus,
  statusAllows,
  statusRefusal,
  type UserOperation,
  type UserStatus,
} from "@/lib/users/lifecycle";
import { PERMISSIONS } from "@/lib/rbac/permissions";

// Written out by hand from Okta's reference, independently of the table, so a slip in either shows.
const EXPECTED: Record<UserStatus, UserOperation[]> = {
  STAGED: ["edit_profile", "activate", "reset_factors", "reset_factor", "clear_sessions", "deactivate"],
  PROVISIONED: ["edit_profile", "reactivate", "reset_password", "reset_factors", "reset_factor", "clear_sessions", "deactivate"],
  ACTIVE: ["edit_profile", "reset_password", "temp_password", "expire_password", "reset_factors", "reset_factor", "clear_sessions", "suspend", "deactivate"],
  RECOVERY: ["edit_profile", "reset_password", "temp_password", "expire_password", "reset_factors", "reset_factor", "clear_sessions", "deactivate"],
  PASSWORD_EXPIRED: ["edit_profile", "reset_password", "temp_password", "expire_password", "reset_factors", "reset_factor", "clear_sessions", "deactivate"],
  LOCKED_OUT: ["edit_profile", "unlock", "reset_password", "temp_password", "expire_password", "reset_factors", "reset_factor", "clear_sessions", "deactivate"],
  SUSPENDED: ["edit_profile", "reset_factors", "reset_factor", "clear_sessions", "unsuspend", "deactivate"],
  DEPROVISIONED: ["activate", "clear_sessions", "delete"],
};

describe("status -> operations", () => {
  it.each(USER_STATUSES)("%s offers exactly Okta's operations", (status) => {
    expect(operationsFromStatus(status)).toEqual(EXPECTED[status]);
  });

  it("unlock only for locked-out users; delete only after deactivation", () => {
    expect(USER_STATUSES.filter((s) => statusAllows("unlock", s))).toEqual(["LOCKED_OUT"]);
    expect(USER_STATUSES.filter((s) => statusAllows("delete", s))).toEqual(["DEPROVISIONED"]);
    expect(statusAllows("deactivate", "DEPROVISIONED")).toBe(false);
    expect(statusAllows("suspend", "LOCKED_OUT")).toBe(false);
  });

  it("every operation needs an existing users.* permission", () => {
    for (const op of USER_OPERATIONS) {
      const permission = OPERATIONS[op].permission;
      expect(permission.startsWith("users."), op).toBe(true);
      expect(PERMISSIONS[permission], op).toBeDefined();
    }
    expect(OPERATIONS.unlock.permission).toBe("users.unlock");
    expect(OPERATIONS.delete.permission).toBe("users.delete");
    expect(OPERATIONS.reset_factor.permission).toBe("users.resetMfa");
    expect(OPERATIONS.temp_password.permission).toBe("users.resetPassword");
    expect(OPERATIONS.clear_sessions.permission).toBe("users.clearSessions");
    expect(OPERATIONS.suspend.permission).toBe("users.lifecycle");
  });

  it("withheld statuses are Okta-accepted but not offered, with a reason", () => {
    expect(oktaAcceptedStatuses("edit_profile")).toEqual([...USER_STATUSES]);
    expect(statusAllows("edit_profile", "DEPROVISIONED")).toBe(false);
    expect(statusRefusal("edit_profile", "DEPROVISIONED")).toMatch(/deactivated user's profile/);
    for (const op of USER_OPERATIONS) {
      for (const s of Object.keys(OPERATIONS[op].withheld ?? {})) expect(OPERATIONS[op].from, `${op} ${s}`).not.toContain(s);
    }
  });

  it("explains a refusal in words, and says nothing when allowed", () => {
    expect(statusRefusal("unlock", "ACTIVE")).toBe("Unlock is possible only for users who are Locked out; this user is Active.");
    expect(statusRefusal("activate", "ACTIVE")).toBe("Activate is possible only for users who are Staged or Deactivated; this user is Active.");
    expect(statusRefusal("reset_factors", "DEPROVISIONED")).toBe("Reset all MFA factors is not possible for a deactivated user.");
    expect(statusRefusal("unlock", "LOCKED_OUT")).toBeNull();
  });

  it("every status has a label and a meaning", () => {
    for (const s of USER_STATUSES) expect(STATUS_INFO[s].meaning.length).toBeGreaterThan(10);
    expect(STATUS_INFO.LOCKED_OUT.meaning).toMatch(/unlock, or wait for the org's auto-unlock/);
    expect(STATUS_INFO.PROVISIONED.label).toBe("Pending user action");
  });
});

describe("what a role is offered", () => {
  const ops = (status: UserStatus, roles: Parameters<typeof offeredOperations>[1], privilegedTarget = false) =>
    offeredOperations(status, roles, { privilegedTarget }).map((o) => o.op);

  it("Help Desk: unlock, resets, sessions; no lifecycle, edit or delete", () => {
    expect(ops("LOCKED_OUT", ["helpdesk"])).toEqual(["unlock", "reset_password", "temp_password", "expire_password", "reset_factors", "reset_factor", "clear_sessions"]);
    expect(ops("DEPROVISIONED", ["helpdesk"])).toEqual(["clear_sessions"]);
  });

  it("Help Desk gets nothing on a privileged target; Technician keeps everything", () => {
    expect(ops("LOCKED_OUT", ["helpdesk"], true)).toEqual([]);
    expect(ops("LOCKED_OUT", ["technician"], true)).toEqual(EXPECTED.LOCKED_OUT);
  });

  it("read-only roles and Billing are offered nothing", () => {
    for (const s of USER_STATUSES) {
      expect(ops(s, ["readonly_admin"])).toEqual([]);
      expect(ops(s, ["billing"])).toEqual([]);
    }
  });

  it("the union of grants holds", () => {
    expect(ops("ACTIVE", ["helpdesk", "technician_no_deeplink"], true)).toEqual(EXPECTED.ACTIVE);
  });
});
