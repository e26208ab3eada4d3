// Cross-site refusal for state-changing route handlers (lib/request/origin.ts); the route wrapper's use
// of it is in tests/integration/action-wrapper.test.ts, the running console's in tests/e2e/http-hardening.spec.ts.
import { describe, expect, it } from "vitest";
import { crossOriginProblem, isJsonContentType, refuseUnlessSameOriginJson } from "@/lib/request/origin";

const consoleUrl = "https://console.msp.example/";

function req(method: string, headers: Record<string, string>) {
  return new Request("https://console.msp.example/api/x", { method, headers, body: method === "GET" || method === "HEAD" ? undefined : "{}" });
}

describe("same-origin rule", () => {
  it("accepts only the console's own origin, and Sec-Fetch-Site must agree when sent", () => {
    const h = (headers: Record<string, string>) => new Headers(headers);
    expect(crossOriginProblem(h({ origin: "https://console.msp.example" }), consoleUrl)).toBeNull();
    expect(crossOriginProblem(h({ origin: "https://console.msp.example", "sec-fetch-site": "same-origin" }), consoleUrl)).toBeNull();
    expect(crossOriginProblem(h({}), consoleUrl)).toBe("no Origin header");
    expect(crossOriginProblem(h({ origin: "null" }), consoleUrl)).toMatch(/^Origin null is not/);
    for (const foreign of ["https://evil.example", "http://console.msp.example", "https://console.msp.example:8443", "https://x.console.msp.example"]) {
      expect(crossOriginProblem(h({ origin: foreign }), consoleUrl), foreign).not.toBeNull();
    }
    expect(crossOriginProblem(h({ origin: "https://console.msp.example", "sec-fetch-site": "same-site" }), consoleUrl)).toBe("Sec-Fetch-Site is same-site");
    // The default port is not part of the origin browsers send.
    expect(crossOriginProblem(h({ origin: "https://console.msp.example" }), "https://console.msp.example:443")).toBeNull();
  });

  it("reads the media type of Content-Type", () => {
    expect(isJsonContentType("application/json")).toBe(true);
    expect(isJsonContentType("Application/JSON; charset=utf-8")).toBe(true);
    for (const other of [null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/json"]) {
      expect(isJsonContentType(other), String(other)).toBe(false);
    }
  });
});

describe("refuseUnlessSameOriginJson", () => {
  const good = { origin: "https://console.msp.example", "content-type": "application/json" };

  it("lets reads through whatever their origin", () => {
    expect(refuseUnlessSameOriginJson(req("GET", { origin: "https://evil.example" }), consoleUrl)).toBeNull();
    expect(refuseUnlessSameOriginJson(req("HEAD", {}), consoleUrl)).toBeNull();
  });

  it("refuses state-changing requests from another origin (403) or without a JSON body (415)", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(refuseUnlessSameOriginJson(req(method, good), consoleUrl), method).toBeNull();
      const foreign = refuseUnlessSameOriginJson(req(method, { ...good, origin: "https://evil.example" }), consoleUrl);
      expect(foreign?.status, method).toBe(403);
      expect(await foreign?.json()).toEqual({ ok: false, code: "forbidden", error: "This request did not come from the console's own pages, so it was refused." });
      expect(refuseUnlessSameOriginJson(req(method, { "content-type": "application/json" }), consoleUrl)?.status, method).toBe(403);
      const form = refuseUnlessSameOriginJson(req(method, { ...good, "content-type": "application/x-www-form-urlencoded" }), consoleUrl);
      expect(form?.status, method).toBe(415);
      expect(await form?.json()).toMatchObject({ ok: false, error: "Send the request body as JSON (Content-Type: application/json)." });
      expect(refuseUnlessSameOriginJson(req(method, { origin: good.origin }), consoleUrl)?.status, method).toBe(415);
    }
  });
});
