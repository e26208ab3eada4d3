import { federatedSignOut } from "@/lib/auth/sign-out";

// Session plumbing like next-auth's own routes (not a console action): it needs no permission, only
// the caller's own session cookie, which it ends.
export const POST = federatedSignOut;
