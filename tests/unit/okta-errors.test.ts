import { describe, expect, it } from "vitest";
import { describeOktaError, OktaOAuthTokenError, OktaTimeoutError, secondsUntilReset } from "@/lib/okta/errors";

function apiError(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}, url = "https://acme.okta.com/api/v1/users/x") {
  const h = new Headers(headers);
  return { name: "OktaApiError", status, errorCode: body.errorCode, errorSummary: body.errorSummary ?? "", errorCauses: body.errorCauses, headers: h, url, stack: "at secret (file.js:1:1)" };
}

describe("describeOktaError", () => {
  it("explains Okta's error codes in plain sentences", () => {
    expect(describeOktaError(apiError(401, { errorCode: "E0000011", errorSummary: "Invalid token provided" }))?.sentence).toMatch(/^The API token was rejected by Okta/);
    expect(describeOktaError(apiError(403, { errorCode: "E0000006", errorSummary: "no" }))?.summary).toBe("Permission denied in Okta");
    // A service app's token without the endpoint's scope: Okta's challenge names it (with or without a body).
    const challenge = { "www-authenticate": 'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="https://acme.okta.com", scope="okta.groups.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups"' };
    expect(describeOktaError(apiError(403, { errorCode: "E0000006", errorSummary: "no" }, challenge))).toMatchObject({ code: "E0000006", summary: "Missing OAuth scope", sentence: expect.stringContaining("okta.groups.manage scope") });
    expect(describeOktaError({ name: "HttpError", status: 403, headers: new Headers(challenge) })).toMatchObject({ status: 403, sentence: expect.stringContaining("okta.groups.manage scope") });
    expect(describeOktaError(apiError(404, { errorCode: "E0000007", errorSummary: "Not found: Resource not found: 00u123 (User)" }))?.sentence).toBe(
      "Okta could not find the user 00u123; it may have been deleted or never existed.",
    );
    const v = describeOktaError(
      apiError(400, { errorCode: "E0000001", errorSummary: "Api validation failed: login", errorCauses: [{ errorSummary: "login: An object with this field already exists" }] }),
    );
    expect(v?.sentence).toBe("Okta rejected the input: login. login: An object with this field already exists.");
    expect(describeOktaError(apiError(503, { errorCode: "E0000010", errorSummary: "read only" }))?.sentence).toMatch(/read-only maintenance/);
    expect(describeOktaError(apiError(502, { errorSummary: "" }))?.sentence).toMatch(/server error \(HTTP 502\)/);
  });

  it("computes the rate-limit wait from X-Rate-Limit-Reset and Date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const headers = { "x-rate-limit-reset": String(now / 1000 + 42), date: new Date(now).toUTCString() };
    expect(secondsUntilReset(new Headers(headers))).toBe(42);
    const d = describeOktaError(apiError(429, { errorCode: "E0000047", errorSummary: "API call exceeded rate limit" }, headers));
    expect(d).toMatchObject({ code: "E0000047", status: 429, sentence: "Okta's rate limit for this org was reached; try again in 42 seconds." });
  });

  it("explains network failures and timeouts", () => {
    const nodeFetch = Object.assign(new Error("request to https://x failed, reason: connect ECONNREFUSED"), { name: "FetchError", type: "system", code: "ECONNREFUSED" });
    expect(describeOktaError(nodeFetch)).toMatchObject({ code: "ECONNREFUSED" });
    const undici = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND nope.okta.com"), { code: "ENOTFOUND" }) });
    expect(describeOktaError(undici)?.sentence).toMatch(/^The org URL did not answer \(the host name does not exist\)/);
    expect(describeOktaError(new OktaTimeoutError(15_000, "/api/v1/users"))?.sentence).toMatch(/within 15 seconds/);
    expect(describeOktaError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))?.code).toBe("TIMEOUT");
    expect(describeOktaError({ name: "HttpError", status: 404, headers: {} })?.sentence).toMatch(/not the way Okta does/);
  });

  it("explains OAuth token refusals", () => {
    const d = describeOktaError(new OktaOAuthTokenError("invalid_client", "The client_assertion token is invalid"));
    expect(d?.code).toBe("OAUTH_TOKEN");
    expect(d?.sentence).toMatch(/Okta said: The client_assertion token is invalid\.$/);
  });

  it("returns null for bugs and never includes stacks", () => {
    expect(describeOktaError(new TypeError("x is undefined"))).toBeNull();
    expect(describeOktaError("boom")).toBeNull();
    expect(describeOktaError(undefined)).toBeNull();
    const d = describeOktaError(apiError(401, { errorCode: "E0000011" }));
    expect(JSON.stringify(d)).not.toMatch(/file\.js|at secret/);
  });
});
