import "server-only";
import { getToken } from "next-auth/jwt";
import { appendAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { metaFromHeaders } from "@/lib/request/client-ip";
import { crossOriginProblem, crossOriginRefusal } from "@/lib/request/origin";
import { staffDisplayEmail } from "@/lib/staff/display";

/** next-auth's session cookie names (plain and __Secure-, possibly chunked as .0, .1, ...). */
function sessionCookieNames(cookieHeader: string | null): string[] {
  return (cookieHeader ?? "")
    .split(";")
    .map((c) => c.trim().split("=")[0] ?? "")
    .filter((name) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name));
}

async function endSessionEndpoint(issuer: string): Promise<string | null> {
  try {
    const res = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return null;
    const doc = (await res.json()) as { end_session_endpoint?: unknown };
    return typeof doc.end_session_endpoint === "string" ? doc.end_session_endpoint : null;
  } catch {
    return null;
  }
}

/**
 * Signs a staff member out everywhere that matters: revokes the console's session row, clears the
 * session cookie, and ends the MSP org's Okta session too (RP-initiated logout with id_token_hint),
 * so the next "Sign in with Okta" asks for credentials again instead of silently reusing the old one.
 * POST only, and only from the console's own origin (a cross-site form cannot log people out).
 */
export async function federatedSignOut(req: Request): Promise<Response> {
  const config = env();
  const consoleOrigin = new URL(config.NEXTAUTH_URL).origin;
  const signInUrl = `${consoleOrigin}/sign-in`;
  // A form POST by design (no JSON), so only the same-origin rule of lib/request/origin.ts applies:
  // browsers send Origin on every form POST; without it, or with another, this is not our page.
  if (crossOriginProblem(req.headers, config.NEXTAUTH_URL) !== null) return crossOriginRefusal();

  const token = await getToken({ req: req as never, secret: config.NEXTAUTH_SECRET });
  const sessionId = typeof token?.sessionId === "string" ? token.sessionId : null;
  if (sessionId) {
    const revoked = await db().staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), refreshTokenCiphertext: null } });
    const staff = revoked.count ? await db().staffSession.findUnique({ where: { id: sessionId }, select: { staff: { select: { id: true, email: true, unverifiedEmail: true } } } }) : null;
    if (staff) {
      await appendAudit(db(), {
        action: "staff.sign_out",
        staffId: staff.staff.id,
        staffEmail: staffDisplayEmail(staff.staff),
        target: { type: "staff", id: staff.staff.id, name: staffDisplayEmail(staff.staff) },
        outcome: "success",
        ...metaFromHeaders(req.headers, config.TRUSTED_PROXY_HOPS),
      }).catch((err: unknown) => console.error(`[audit] could not record staff.sign_out: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  let location = signInUrl;
  const idToken = typeof token?.idToken === "string" ? token.idToken : null;
  const endpoint = idToken ? await endSessionEndpoint(config.OKTA_ISSUER) : null;
  if (endpoint && idToken) {
    const url = new URL(endpoint);
    url.searchParams.set("id_token_hint", idToken);
    url.searchParams.set("post_logout_redirect_uri", signInUrl);
    location = url.toString();
  }
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const name of sessionCookieNames(req.headers.get("cookie"))) {
    headers.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  }
  return new Response(null, { status: 303, headers });
}
