// Response headers only: a per-response Content-Security-Policy nonce and, on https, HSTS. This is
// NOT an authorization boundary (a matcher change or a refactor can silently skip it; CVE-2025-29927
// bypassed middleware outright): sessions, grants and permissions are checked in lib/actions.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, createNonce, strictTransportSecurity } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const config = env();
  const nonce = createNonce();
  const csp = contentSecurityPolicy({
    nonce,
    consoleUrl: config.NEXTAUTH_URL,
    issuer: config.OKTA_ISSUER,
    development: config.NODE_ENV === "development",
  });

  // Next.js reads the nonce from the request's CSP header and puts it on every script it renders;
  // x-nonce is for our own server components. Both are set here, so whatever the client sent under
  // these names is replaced.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(config.NEXTAUTH_URL);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  // Everything but build assets and the public/ brand files (they run no script and need no nonce;
  // the list matches next.config.ts). Pages, server actions and route handlers all pass through.
  matcher: [
    "/((?!_next/static/|_next/image|favicon\\.ico|logo\\.svg|icon\\.svg|icon-192\\.png|icon-512\\.png|icon-maskable-512\\.png|apple-touch-icon\\.png|site\\.webmanifest).*)",
  ],
};
