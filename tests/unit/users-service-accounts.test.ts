// Service-account detection and the privileged-target decision (lib/users/service-accounts.ts).
import { describe, expect, it } from "vitest";
import {
  assessPrivilege,
  isServiceAccount,
  isServiceAccountGroupName,
  overrideConfirmed,
  serviceAccountReasons,
  targetDecision,
  type UserLike,
} from "@/lib/users/service-accounts";

const person: UserLike = { id: "00uperson", profile: { login: "ada.lovelace@acme.example", firstName: "Ada", lastName: "Lovelace", userType: "Employee" } };
const kinds = (u: UserLike, ctx = {}) => serviceAccountReasons(u, ctx).map((r) => r.kind);

describe("detection", () => {
  it("a person is not a service account", () => {
    expect(serviceAccountReasons(person)).toEqual([]);
    expect(isServiceAccount({ id: "x" })).toBe(false);
    expect(isServiceAccount({ id: "x", profile: null })).toBe(false);
  });

  it("Okta's user type", () => {
    expect(kinds({ id: "1", profile: { userType: "Service Account" } })).toEqual(["user_type"]);
    expect(kinds({ id: "1", profile: { userType: "service_account" } })).toEqual(["user_type"]);
    expect(kinds({ id: "1", profile: { userType: "Service Desk" } })).toEqual([]);
  });

  it("membership of the org's service-account group", () => {
    const ctx = { serviceAccountGroupMemberIds: new Set(["00uperson"]), serviceAccountGroupName: "Service Accounts" };
    expect(serviceAccountReasons(person, ctx)).toEqual([{ kind: "group", sentence: "It is a member of the org's service-account group (Service Accounts)." }]);
    expect(isServiceAccountGroupName("Service Accounts")).toBe(true);
    expect(isServiceAccountGroupName("service-account")).toBe(true);
    expect(isServiceAccountGroupName("Service Desk")).toBe(false);
  });

  it("the principal behind the console's credential", () => {
    expect(kinds(person, { consolePrincipalId: "00uperson" })).toEqual(["console_credential"]);
    expect(kinds(person, { consolePrincipalId: null })).toEqual([]);
  });

  it("well-known accounts by name or login", () => {
    expect(kinds({ id: "1", profile: { firstName: "MSP-Okta", lastName: "Integration", login: "x@acme.example" } })).toEqual(["well_known"]);
    expect(kinds({ id: "1", profile: { displayName: "Deep Link" } })).toEqual(["well_known"]);
    expect(kinds({ id: "1", profile: { firstName: "OktaADAgent", lastName: "Service" } })).toEqual(["well_known"]);
    expect(kinds({ id: "1", profile: { login: "oktaradius@initech.example" } })).toEqual(["well_known"]);
    expect(kinds({ id: "1", profile: { login: "msp-deeplink@acme.example" } })).toEqual(["well_known"]);
    expect(serviceAccountReasons({ id: "1", profile: { login: "oktaradius@x" } })[0]?.sentence).toBe("It is the OktaRADIUS account (the Okta RADIUS server agent).");
    // People whose names merely contain the words are not caught.
    expect(kinds({ id: "1", profile: { firstName: "Deepa", lastName: "Linklater", login: "deepa.linklater@x" } })).toEqual([]);
  });

  it("manual marks from the console, with the purpose", () => {
    const marks = new Map([["00uperson", { purpose: "Backup job for payroll" }]]);
    expect(serviceAccountReasons(person, { manualMarks: marks })).toEqual([
      { kind: "manual", sentence: "An Administrator marked it as a service account: Backup job for payroll." },
    ]);
  });

  it("collects every reason", () => {
    const seeded: UserLike = { id: "00usvc", profile: { firstName: "MSP-Okta", lastName: "Integration", login: "msp-integration@acme.example", userType: "Service Account" } };
    expect(kinds(seeded, { consolePrincipalId: "00usvc", serviceAccountGroupMemberIds: new Set(["00usvc"]) })).toEqual(["user_type", "group", "console_credential", "well_known"]);
  });
});

describe("privileged targets", () => {
  const admin = assessPrivilege(person, [{ type: "SUPER_ADMIN" }]);
  const svc = assessPrivilege({ id: "s", profile: { userType: "Service Account", login: "svc@acme.example" } }, []);
  const plain = assessPrivilege(person, []);

  it("Okta admins and service accounts are privileged", () => {
    expect(admin).toMatchObject({ privileged: true, oktaAdmin: true, serviceAccount: false, adminRoles: ["Super Administrator"] });
    expect(svc).toMatchObject({ privileged: true, oktaAdmin: false, serviceAccount: true });
    expect(plain.privileged).toBe(false);
    expect(assessPrivilege(person, [{ type: "CUSTOM", label: "Password Helpers" }]).adminRoles).toEqual(["Password Helpers"]);
  });

  it("Help Desk is refused on an Okta admin; Technician may act", () => {
    const refused = targetDecision("users.unlock", ["helpdesk"], { login: "ada@acme.example", assessment: admin });
    expect(refused).toEqual({
      kind: "refused",
      reason: "ada@acme.example holds an Okta admin role (Super Administrator); your role in this org (Help Desk) does not act on Okta admins.",
    });
    expect(targetDecision("users.unlock", ["technician"], { login: "ada@acme.example", assessment: admin })).toEqual({ kind: "allowed" });
    expect(targetDecision("users.unlock", ["helpdesk"], { login: "ada@acme.example", assessment: plain })).toEqual({ kind: "allowed" });
  });

  it("a service account is refused for every role; an Administrator may override with the login typed", () => {
    for (const roles of [["helpdesk"], ["technician"], ["technician_no_deeplink"]] as const) {
      expect(targetDecision("users.resetPassword", roles, { login: "svc@acme.example", assessment: svc }).kind).toBe("refused");
    }
    const d = targetDecision("users.lifecycle", ["admin"], { login: "svc@acme.example", assessment: svc });
    expect(d.kind).toBe("override");
    expect(d.kind === "override" && d.reason).toMatch(/^svc@acme.example is a service account: the console refuses changes to it for every role\. Okta marks it/);
    expect(overrideConfirmed(d, " SVC@acme.example ")).toBe(true);
    expect(overrideConfirmed(d, "svc@acme.exampl")).toBe(false);
    expect(overrideConfirmed({ kind: "allowed" }, "svc@acme.example")).toBe(false);
  });

  it("without the permission, refused whatever the target", () => {
    expect(targetDecision("users.delete", ["helpdesk"], { login: "a", assessment: plain }).kind).toBe("refused");
    expect(targetDecision("users.update", ["readonly_admin"], { login: "a", assessment: svc })).toEqual({
      kind: "refused",
      reason: "Your role in this org (Read-only Administrator) does not allow this.",
    });
  });
});
