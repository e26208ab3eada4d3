// Plain sentences for next-auth's error codes on the sign-in page (never raw codes or stack traces).
const MESSAGES: Record<string, string> = {
  AccountDisabled: "Your console access has been disabled. Ask an MSP administrator to restore it.",
  IdentityConflict: "Another Okta account already owns the console account with this email. Ask an MSP administrator to check it.",
  UnverifiedEmail: "Your Okta email address is not verified, so it cannot be linked to a console account.",
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

const BASE = "http://console.invalid";

/**
 * Only same-site paths are accepted as post-sign-in destinations (no open redirects). Parsed the way a
 * browser would parse it (tabs and newlines are stripped, backslashes are slashes), so tricks like
 * "/\t/evil.example" or "/\\evil.example" resolve to another origin and are refused.
 */
export function safeCallbackUrl(value: string | undefined): string {
  if (!value || !value.startsWith("/")) return "/dashboard";
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return "/dashboard";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/dashboard";
  }
}
