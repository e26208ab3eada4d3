// Plain sentences for next-auth's error codes on the sign-in page (never raw codes or stack traces).
const MESSAGES: Record<string, string> = {
  AccountDisabled: "Your console access has been disabled. Ask an MSP administrator to restore it.",
  AccessDenied: "Sign-in was refused. Your account may be disabled or missing an email address.",
  OAuthSignin: "The MSP's Okta org could not be reached to start sign-in. Check OKTA_ISSUER or try again shortly.",
  OAuthCallback: "Okta's answer could not be verified. Please try signing in again.",
  Callback: "Sign-in could not be completed. Please try again.",
  SessionRequired: "Please sign in to continue.",
  Configuration: "Sign-in is not configured correctly on this server. An administrator should check the console's logs.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Sign-in failed. Please try again.";
}

/** Only same-site relative paths are accepted as post-sign-in destinations (no open redirects). */
export function safeCallbackUrl(value: string | undefined): string {
  if (value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")) return value;
  return "/dashboard";
}
