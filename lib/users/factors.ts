// How the detail page names an enrolled MFA factor. Browser-safe, pure.

/** Okta factorType -> what technicians and users call it. */
const FACTOR_TYPES: Record<string, string> = {
  push: "Okta Verify (push)",
  signed_nonce: "Okta FastPass",
  "token:software:totp": "Authenticator app (TOTP)",
  "token:hotp": "HOTP token",
  "token:hardware": "Hardware token",
  token: "Token",
  sms: "SMS",
  call: "Voice call",
  email: "Email",
  question: "Security question",
  webauthn: "Security key or biometric (WebAuthn)",
  u2f: "U2F security key",
  web: "Web authenticator",
};

/** Okta provider -> vendor name. */
const PROVIDERS: Record<string, string> = {
  OKTA: "Okta",
  GOOGLE: "Google Authenticator",
  RSA: "RSA SecurID",
  SYMANTEC: "Symantec VIP",
  YUBICO: "YubiKey",
  DUO: "Duo",
  FIDO: "FIDO",
  CUSTOM: "Custom",
};

export function factorTypeLabel(factorType: string): string {
  return FACTOR_TYPES[factorType] ?? factorType;
}

export function factorProviderLabel(provider: string | null, vendorName?: string | null): string | null {
  if (vendorName && provider === "CUSTOM") return vendorName;
  if (!provider) return vendorName ?? null;
  return PROVIDERS[provider] ?? provider;
}

/** One line naming the factor for a dialog or a button: "SMS (+1 555 0100)". */
export function factorName(f: { factorType: string; detail?: string | null }): string {
  const type = factorTypeLabel(f.factorType);
  return f.detail ? `${type} (${f.detail})` : type;
}

/** Okta's factor status -> label and tone. */
export function factorStatusView(status: string | null): { label: string; tone: "green" | "amber" | "neutral" | "red" } {
  switch (status) {
    case "ACTIVE":
      return { label: "Active", tone: "green" };
    case "PENDING_ACTIVATION":
      return { label: "Pending activation", tone: "amber" };
    case "NOT_SETUP":
      return { label: "Not set up", tone: "neutral" };
    case "INACTIVE":
      return { label: "Inactive", tone: "neutral" };
    case "EXPIRED":
      return { label: "Expired", tone: "red" };
    default:
      return { label: status ?? "Unknown", tone: "neutral" };
  }
}
