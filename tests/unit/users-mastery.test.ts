// User mastery (lib/users/mastery.ts): source from credentials.provider and the org's setting, which
// attributes are read-only and why, which operations warn or are blocked.
import { describe, expect, it } from "vitest";
import { USER_OPERATIONS } from "@/lib/users/lifecycle";
import { attributeLock, lockedAttributes, masterySentence, operationCaution, userSource } from "@/lib/users/mastery";

describe("source", () => {
  it("comes from credentials.provider", () => {
    expect(userSource({ type: "OKTA", name: "OKTA" })).toEqual({ kind: "okta", label: "Okta", owner: "Okta", importMastered: false });
    expect(userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" })).toMatchObject({
      kind: "active_directory",
      label: "Active Directory",
      detail: "corp.example.com",
      owner: "Active Directory (corp.example.com)",
      importMastered: true,
    });
    expect(userSource({ type: "LDAP", name: "ldap.example.com" })).toMatchObject({ kind: "ldap", label: "LDAP", importMastered: true });
    expect(userSource({ type: "FEDERATION", name: "FEDERATION" })).toMatchObject({ kind: "federation", label: "Federation", owner: "their identity provider", importMastered: false });
    expect(userSource({ type: "SOCIAL", name: "Google" })).toMatchObject({ kind: "social", owner: "Google" });
  });

  it("names IMPORT sources from Okta's provider name, else from the org's setting", () => {
    expect(userSource({ type: "IMPORT", name: "Workday" }, "hr")).toMatchObject({ kind: "hr", label: "HR / import", owner: "Workday" });
    expect(userSource({ type: "IMPORT", name: "IMPORT" }, "hr")).toMatchObject({ kind: "hr", owner: "the HR system" });
    expect(userSource({ type: "IMPORT", name: "IMPORT" }, "m365")).toMatchObject({ kind: "m365", label: "Microsoft 365", owner: "Microsoft 365" });
    expect(userSource({ type: "IMPORT", name: "BambooHR" })).toMatchObject({ kind: "import", label: "HR / import", owner: "BambooHR" });
  });

  it("an Okta-sourced user stays Okta-mastered in an AD-mastered org (Okta says so)", () => {
    expect(userSource({ type: "OKTA", name: "OKTA" }, "active_directory").kind).toBe("okta");
  });

  it("an unknown or missing source is treated as mastered elsewhere", () => {
    expect(userSource({ type: "SCIM_THING", name: "x" })).toMatchObject({ kind: "unknown", label: "Other (SCIM_THING)", importMastered: true });
    expect(userSource(undefined)).toMatchObject({ kind: "unknown", label: "Unknown", importMastered: true });
  });

  it("says in one line what it means", () => {
    expect(masterySentence(userSource({ type: "OKTA" }))).toBe("Mastered by Okta: the profile is edited here.");
    expect(masterySentence(userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" }))).toBe(
      "Mastered by Active Directory (corp.example.com): profile fields are read-only here; change them in Active Directory (corp.example.com).",
    );
  });
});

describe("attributes", () => {
  const ad = userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" });

  it("AD-mastered attributes are read-only with the reason", () => {
    expect(attributeLock(ad, "department")).toEqual({
      readOnly: true,
      reason: "Mastered by Active Directory (corp.example.com): change it there; an edit here is overwritten at the next import.",
    });
    expect(attributeLock(userSource({ type: "IMPORT", name: "Workday" }, "hr"), "title").reason).toBe(
      "Mastered by Workday: change it there; an edit here is overwritten at the next import.",
    );
  });

  it("attributes the org masters in Okta stay editable", () => {
    expect(attributeLock(ad, "secondEmail", { oktaMasteredAttributes: ["secondEmail"] })).toEqual({ readOnly: false });
    expect(Object.keys(lockedAttributes(ad, ["firstName", "secondEmail", "department"], { oktaMasteredAttributes: ["secondEmail"] }))).toEqual(["firstName", "department"]);
  });

  it("Okta-mastered users edit everything; federated ones with a warning", () => {
    expect(lockedAttributes(userSource({ type: "OKTA" }), ["firstName", "department", "costCenter"])).toEqual({});
    const fed = attributeLock(userSource({ type: "FEDERATION", name: "Entra ID" }), "title");
    expect(fed.readOnly).toBe(false);
    expect(fed.reason).toMatch(/^Comes from Entra ID at sign-in/);
  });
});

describe("operations", () => {
  it("Okta-mastered users: no caution for anything", () => {
    const okta = userSource({ type: "OKTA" });
    for (const op of USER_OPERATIONS) expect(operationCaution(okta, op), op).toBeNull();
  });

  it("deactivating an AD-imported user warns that the import may undo it", () => {
    const ad = userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" });
    expect(operationCaution(ad, "deactivate")).toEqual({
      effect: "warn",
      sentence:
        "Mastered by Active Directory (corp.example.com): deactivating here does not disable the account in Active Directory, and the next import may reactivate them. Disable the account in Active Directory.",
    });
    expect(operationCaution(ad, "delete")?.effect).toBe("warn");
    expect(operationCaution(ad, "expire_password")?.sentence).toMatch(/expires it in Active Directory too/);
    expect(operationCaution(ad, "reset_factors")).toBeNull();
    expect(operationCaution(ad, "clear_sessions")).toBeNull();
  });

  it("Okta cannot unlock directory-sourced users: blocked with where to do it", () => {
    expect(operationCaution(userSource({ type: "ACTIVE_DIRECTORY", name: "corp.example.com" }), "unlock")).toEqual({
      effect: "block",
      sentence: "Okta cannot unlock a user mastered by Active Directory (corp.example.com): unlock the account in Active Directory.",
    });
    expect(operationCaution(userSource({ type: "LDAP" }), "unlock")?.effect).toBe("block");
    expect(operationCaution(userSource({ type: "IMPORT", name: "Workday" }, "hr"), "unlock")).toBeNull();
  });

  it("HR-mastered: lifecycle warns, passwords do not", () => {
    const hr = userSource({ type: "IMPORT", name: "Workday" }, "hr");
    expect(operationCaution(hr, "deactivate")?.sentence).toBe("Mastered by Workday: end their employment there; the next import may reactivate them in Okta.");
    expect(operationCaution(hr, "reset_password")).toBeNull();
  });

  it("federated users have no Okta password to reset", () => {
    const fed = userSource({ type: "FEDERATION", name: "Entra ID" });
    for (const op of ["reset_password", "temp_password", "expire_password"] as const) expect(operationCaution(fed, op)?.effect).toBe("block");
    expect(operationCaution(fed, "deactivate")).toBeNull();
  });

  it("an unknown source warns on every change", () => {
    const unknown = userSource({ type: "NEW_THING" });
    expect(operationCaution(unknown, "deactivate")?.effect).toBe("warn");
    expect(operationCaution(unknown, "reset_factors")).toBeNull();
  });
});
