import NextAuth from "next-auth";
import { signInAuthOptions } from "@/lib/auth/options";

// next-auth's own endpoints (sign-in redirect, OIDC callback, sign-out, CSRF). Options are built on
// first request so `next build` needs no secrets.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(await signInAuthOptions())(req, ctx);
}

export { handler as GET, handler as POST };
