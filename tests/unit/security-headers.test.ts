// The CSP and HSTS values proxy.ts sets on every page (tests/e2e/http-hardening.spec.ts checks them
// on the running console).
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, strictTransportSecurity } from "@/lib/security/headers";

const issuer = "https://msp.okta.com/oauth2/default";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe("nonces", () => {
  it("are 128 random bits, fresh every time", () => {
    const seen = new Set(Array.from({ length: 200 }, () => createNonce()));
    expect(seen.size).toBe(200);
    for (const nonce of seen) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only by this response's nonce, never inline or eval, and locks down the rest", () => {
    const nonce = createNonce();
    const d = directives(contentSecurityPolicy({ nonce, consoleUrl: "http://localhost:3000", issuer }));
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    // Sign-out posts a form that redirects to the MSP org's end-session endpoint: its origin only.
    expect(d.get("form-action")).toEqual(["'self'", "https://msp.okta.com"]);
    const all = [...d.values()].flat();
    expect(all.filter((v) => v === "'unsafe-inline'")).toHaveLength(1); // styles only
    expect(all).not.toContain("'unsafe-eval'");
  });

  it("asks browsers to upgrade insecure requests only when the console is https", () => {
    const nonce = createNonce();
    expect(directives(contentSecurityPolicy({ nonce, consoleUrl: "http://localhost:3000", issuer })).has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce, consoleUrl: "https://console.msp.example", issuer })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("adds eval for next dev only, and does not repeat the console's origin in form-action", () => {
    const nonce = createNonce();
    const dev = directives(contentSecurityPolicy({ nonce, consoleUrl: "http://localhost:3000", issuer, development: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    const sameOrigin = directives(contentSecurityPolicy({ nonce, consoleUrl: "https://id.msp.example", issuer: "https://id.msp.example/oauth2/default" }));
    expect(sameOrigin.get("form-action")).toEqual(["'self'"]);
  });

  it("refuses a nonce that could break out of the header or be guessed", () => {
    for (const bad of ["", "abc", "a'; script-src *", "AAAAAAAAAAAAAAAA AAAA"]) {
      expect(() => contentSecurityPolicy({ nonce: bad, consoleUrl: "http://localhost:3000", issuer }), bad).toThrow(/nonce/);
    }
  });
});

describe("Strict-Transport-Security", () => {
  it("is two years with subdomains on https, and absent on http", () => {
    expect(strictTransportSecurity("https://console.msp.example")).toBe("max-age=63072000; includeSubDomains");
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
  });
});
