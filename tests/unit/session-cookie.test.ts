// The session cookie as getStaff reads it (lib/auth/session.ts): next-auth's own encrypted JWT, its
// cookie name and chunks, and every way a cookie must NOT yield a session.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionCookieValue, sessionIdFromCookies } from "@/lib/auth/session";

const secret = "a-test-secret-that-is-long-enough-for-nextauth-0123456789";
const http = "http://localhost:3000";
const https = "https://console.example";

describe("session cookie", () => {
  it("reads the sessionId of a token next-auth encoded, under the name next-auth gives it", async () => {
    const token = await encode({ token: { sessionId: "sess-1", sub: "00u1" }, secret });
    expect(await sessionIdFromCookies([{ name: "next-auth.session-token", value: token }], secret, http)).toBe("sess-1");
    // On https next-auth names it __Secure-...; the plain name is then not the session cookie.
    expect(await sessionIdFromCookies([{ name: "__Secure-next-auth.session-token", value: token }], secret, https)).toBe("sess-1");
    expect(await sessionIdFromCookies([{ name: "next-auth.session-token", value: token }], secret, https)).toBeNull();
  });

  it("joins a chunked cookie in chunk order, whatever order the browser sent", async () => {
    const token = await encode({ token: { sessionId: "sess-2", idToken: "x".repeat(6000) }, secret });
    const parts = [token.slice(0, 3000), token.slice(3000, 6000), token.slice(6000)];
    const cookies = [
      { name: "next-auth.session-token.2", value: parts[2]! },
      { name: "other", value: "ignored" },
      { name: "next-auth.session-token.0", value: parts[0]! },
      { name: "next-auth.session-token.1", value: parts[1]! },
    ];
    expect(sessionCookieValue(cookies, http)).toBe(token);
    expect(await sessionIdFromCookies(cookies, secret, http)).toBe("sess-2");
  });

  it("yields no session for no cookie, another secret, a tampered or expired token, or no sessionId", async () => {
    const name = "next-auth.session-token";
    const token = await encode({ token: { sessionId: "sess-3" }, secret });
    expect(await sessionIdFromCookies([], secret, http)).toBeNull();
    expect(await sessionIdFromCookies([{ name, value: token }], `${secret}-other`, http)).toBeNull();
    const tampered = token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await sessionIdFromCookies([{ name, value: tampered }], secret, http)).toBeNull();
    const expired = await encode({ token: { sessionId: "sess-3" }, secret, maxAge: -60 });
    expect(await sessionIdFromCookies([{ name, value: expired }], secret, http)).toBeNull();
    const noSession = await encode({ token: { sub: "00u1" }, secret });
    expect(await sessionIdFromCookies([{ name, value: noSession }], secret, http)).toBeNull();
  });
});
