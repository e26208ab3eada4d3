import { describe, expect, it } from "vitest";
import { adminConsoleBase, adminConsoleTarget } from "@/lib/okta/deep-link";

describe("Okta Admin Console deep links", () => {
  it("uses the -admin host of Okta domains", () => {
    expect(adminConsoleBase("https://acme.okta.com")).toBe("https://acme-admin.okta.com/admin");
    expect(adminConsoleTarget("https://acme.okta.com/", "00u1abcdefghijklmno")).toBe("https://acme-admin.okta.com/admin/user/profile/view/00u1abcdefghijklmno");
    expect(adminConsoleTarget("https://dev-123.oktapreview.com", "00uX")).toBe("https://dev-123-admin.oktapreview.com/admin/user/profile/view/00uX");
  });

  it("goes to the dashboard without a user", () => {
    expect(adminConsoleTarget("https://acme.okta.com")).toBe("https://acme-admin.okta.com/admin/dashboard");
  });

  it("uses the org URL's /admin for emulator orgs and custom domains", () => {
    expect(adminConsoleTarget("http://127.0.0.1:8484/orgs/acme", "00u1")).toBe("http://127.0.0.1:8484/orgs/acme/admin/user/profile/view/00u1");
    expect(adminConsoleTarget("http://127.0.0.1:8484/orgs/acme/")).toBe("http://127.0.0.1:8484/orgs/acme/admin");
    expect(adminConsoleTarget("https://login.acme.example", "00u1")).toBe("https://login.acme.example/admin/user/profile/view/00u1");
  });

  it("encodes the id", () => {
    expect(adminConsoleTarget("https://acme.okta.com", "a/b?c")).toBe("https://acme-admin.okta.com/admin/user/profile/view/a%2Fb%3Fc");
  });
});
