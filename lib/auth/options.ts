import "server-only";
import type { NextAuthOptions } from "next-auth";
import OktaProvider from "next-auth/providers/okta";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordStaffSignIn, type OidcIdentity } from "./staff";
import { auditSignIn } from "./sign-in-audit";
import { sealIdentity } from "./refresh-token";

interface OktaProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: unknown;
}

/** The staff identity from verified ID token claims. Email only from `email` (never the username). */
function identityFrom(profile: OktaProfile): OidcIdentity {
  const email = (profile.email ?? "").toLowerCase();
  const groups = Array.isArray(profile.groups) ? profile.groups.filter((g): g is string => typeof g === "string") : [];
  return { subject: profile.sub, email, emailVerified: profile.email_verified === true, name: profile.name ?? email, groups };
}

const REFUSALS: Record<string, string> = {
  disabled: "AccountDisabled",
  identity_conflict: "IdentityConflict",
  unverified_email: "UnverifiedEmail",
};

/**
 * The scopes to request at sign-in: OKTA_SCOPES plus `offline_access` when the issuer's discovery
 * document lists it in scopes_supported, so Okta issues the refresh token that lets sessions follow the
 * MSP's Okta (lib/auth/identity-recheck.ts). An authorization server that does not offer it would
 * refuse the whole sign-in with invalid_scope, so it is then not requested and sessions are checked at
 * sign-in only. (The console's app in Okta also needs the Refresh Token grant type.) Null when the
 * discovery document cannot be read: nothing is cached and the next sign-in asks again.
 */
export async function signInScopes(issuer: string, configured: string, timeoutMs = 5000): Promise<string | null> {
  const scopes = configured.split(/\s+/).filter(Boolean);
  if (scopes.includes("offline_access")) return scopes.join(" ");
  try {
    const res = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const doc = (await res.json()) as { scopes_supported?: unknown };
    const offered = Array.isArray(doc.scopes_supported) && doc.scopes_supported.includes("offline_access");
    return (offered ? [...scopes, "offline_access"] : scopes).join(" ");
  } catch {
    return null;
  }
}

const built = new Map<string, NextAuthOptions>();

/**
 * The options next-auth's own endpoints use (sign-in, callback, sign-out): with `offline_access` where
 * the issuer offers it (signInScopes).
 */
export async function signInAuthOptions(): Promise<NextAuthOptions> {
  const config = env();
  const key = `scope:${config.OKTA_SCOPES}`;
  const ready = built.get(key);
  if (ready) return ready;
  const scopes = await signInScopes(config.OKTA_ISSUER, config.OKTA_SCOPES);
  if (scopes === null) return authOptions();
  const options = buildOptions(scopes);
  built.set(key, options);
  return options;
}

/** For reading the session cookie (getServerSession): the requested scopes do not matter there. */
export function authOptions(): NextAuthOptions {
  let options = built.get("base");
  if (!options) built.set("base", (options = buildOptions(env().OKTA_SCOPES)));
  return options;
}

/**
 * next-auth with the MSP's own Okta org: authorization code + PKCE + state, ID token verified against
 * the issuer's JWKS by openid-client. The JWT cookie only names a StaffSession row; lib/auth/session.ts
 * checks that row (limits, revocation, disabled staff, the identity with Okta) on every request.
 */
function buildOptions(scope: string): NextAuthOptions {
  const config = env();
  return {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      OktaProvider({
        clientId: config.OKTA_CLIENT_ID,
        clientSecret: config.OKTA_CLIENT_SECRET,
        issuer: config.OKTA_ISSUER,
        checks: ["pkce", "state"],
        // Okta's recommended setup puts a filtered `groups` claim in the ID token without a scope;
        // OKTA_SCOPES adds scopes where an org defined one (e.g. "groups"); signInScopes adds
        // offline_access where offered.
        authorization: { params: { scope } },
      }),
    ],
    callbacks: {
      async signIn({ profile }) {
        if (!profile?.sub) return false;
        const identity = identityFrom(profile as OktaProfile);
        if (!identity.email) return false;
        const result = await recordStaffSignIn(db(), identity, config.BOOTSTRAP_ADMINS);
        await auditSignIn(identity.email, result.ok ? result.staffId : null, result.ok ? "success" : "denied", result.ok ? undefined : result.reason);
        return result.ok ? true : `/sign-in?error=${REFUSALS[result.reason]}`;
      },
      async jwt({ token, account, profile }) {
        if (account && profile?.sub) {
          const staff = await db().staffUser.findUnique({ where: { subject: profile.sub } });
          if (staff) {
            const now = Date.now();
            const session = await db().staffSession.create({
              data: { staffId: staff.id, expiresAt: new Date(now + config.SESSION_MAX_AGE_HOURS * 3600_000), identityCheckedAt: new Date(now) },
            });
            // The refresh token stays on the server, encrypted and bound to this row (never in the cookie).
            if (account.refresh_token) {
              await db().staffSession.update({
                where: { id: session.id },
                data: { refreshTokenCiphertext: sealIdentity(session.id, config.OKTA_ISSUER, { refreshToken: account.refresh_token, confirmedAt: now }) },
              });
            }
            token.sessionId = session.id;
            token.staffId = staff.id;
            // Kept inside the encrypted session cookie (never sent to scripts) for RP-initiated logout.
            if (account.id_token) token.idToken = account.id_token;
          }
        }
        return token;
      },
      async session({ session, token }) {
        // Only what the browser may know: no tokens, no grants.
        return { ...session, sessionId: token.sessionId as string | undefined };
      },
    },
    events: {
      // Sign-out kills the session row too, so a copied cookie stops working at once.
      async signOut({ token }) {
        const sessionId = (token as { sessionId?: string } | null)?.sessionId;
        if (sessionId) {
          await db().staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), refreshTokenCiphertext: null } });
        }
      },
    },
    logger: {
      error: (code) => console.error(`[auth] ${code}`),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
  };
}
