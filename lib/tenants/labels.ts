// How users are mastered in an org and how the console authenticates to it, with their labels
// (zod-free: the orgs table and the org palette are browser code; the schemas are in schemas.ts).

export const MASTERY_VALUES = ["okta", "active_directory", "hr", "m365"] as const;
export type Mastery = (typeof MASTERY_VALUES)[number];
export const MASTERY_LABELS: Record<Mastery, string> = {
  okta: "Okta",
  active_directory: "Active Directory",
  hr: "HR system",
  m365: "Microsoft 365",
};

export const CREDENTIAL_TYPES = ["ssws", "oauth"] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];
export const CREDENTIAL_TYPE_LABELS: Record<CredentialType, string> = {
  ssws: "API token (SSWS)",
  oauth: "OAuth service app (private key JWT)",
};

/** Scopes a service app needs for everything the console does; the form pre-fills these. */
