import "server-only";
import type { NextAuthOptions } from "next-auth";
import OktaProvider from "next-auth/providers/okta";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordStaffSignIn } from "./staff";
import { auditSignIn } from "./sign-in-audit";

interface OktaProfile {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
  groups?: string[];
}

function identityFrom(profile: OktaProfile) {
  const email = (profile.email ?? profile.preferred_username ?? "").toLowerCase();
  return { subject: profile.sub, email, name: profile.name ?? email, groups: Array.isArray(profile.groups) ? profile.groups : [] };
}

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
        authorization: { params: { scope: "openid email profile groups" } },
      }),
    ],
    callbacks: {
      async signIn({ profile }) {
        if (!profile?.sub) return false;
        const identity = identityFrom(profile as OktaProfile);
        if (!identity.email) return false;
        const result = await recordStaffSignIn(db(), identity, config.BOOTSTRAP_ADMINS);
        await auditSignIn(identity.email, result.ok ? result.staffId : null, result.ok ? "success" : "denied");
        return result.ok ? true : "/sign-in?error=AccountDisabled";
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
