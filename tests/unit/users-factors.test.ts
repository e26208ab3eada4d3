import { describe, expect, it } from "vitest";
import { factorName, factorProviderLabel, factorStatusView, factorTypeLabel } from "@/lib/users/factors";

describe("factor labels", () => {
  it("names known factor types and keeps unknown ones", () => {
    expect(factorTypeLabel("token:software:totp")).toBe("Authenticator app (TOTP)");
    expect(factorTypeLabel("push")).toBe("Okta Verify (push)");
    expect(factorTypeLabel("something:new")).toBe("something:new");
  });

  it("names providers, custom ones by their vendor", () => {
    expect(factorProviderLabel("GOOGLE")).toBe("Google Authenticator");
    expect(factorProviderLabel("CUSTOM", "Acme OTP")).toBe("Acme OTP");
    expect(factorProviderLabel(null)).toBeNull();
  });

  it("adds what identifies the factor", () => {
    expect(factorName({ factorType: "sms", detail: "+1 555 0100" })).toBe("SMS (+1 555 0100)");
    expect(factorName({ factorType: "email", detail: null })).toBe("Email");
  });

  it("maps statuses", () => {
    expect(factorStatusView("ACTIVE")).toEqual({ label: "Active", tone: "green" });
    expect(factorStatusView("PENDING_ACTIVATION").label).toBe("Pending activation");
    expect(factorStatusView(null).label).toBe("Unknown");
  });
});
