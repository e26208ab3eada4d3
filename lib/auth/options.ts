import "server-only";
import type { NextAuthOptions } from "next-auth";
import OktaProvider from "next-auth/providers/okta";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordStaffSignIn, type OidcIdentity } from "./staff";
import { auditSignIn } from "./sign-in-audit";

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

let cached: NextAuthOptions | undefined;

/**
 * next-auth with the MSP's own Okta org: authorization code + PKCE + state, ID token verified against
 * the issuer's JWKS by openid-client. The JWT cookie only names a StaffSession row; lib/auth/session.ts
 * checks that row (limits, revocation, disabled staff) on every request.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const config = env();
  cached = {
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
        // OKTA_SCOPES adds scopes where an org defined one (e.g. "groups").
        authorization: { params: { scope: config.OKTA_SCOPES } },
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
              data: { staffId: staff.id, expiresAt: new Date(now + config.SESSION_MAX_AGE_HOURS * 3600_000) },
            });
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
          await db().staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
        }
      },
    },
    logger: {
      error: (code) => console.error(`[auth] ${code}`),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
  };
  return cached;
}
