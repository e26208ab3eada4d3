// Where a user is mastered, what that means for editing and for lifecycle actions. Browser-safe.
//
// The truth is Okta's own: each user's `credentials.provider` (type OKTA, ACTIVE_DIRECTORY, LDAP,
// IMPORT, FEDERATION, SOCIAL; name = the AD domain, the app or the IdP). The org's mastery setting in
// the console (Tenant.mastery) only names an IMPORT source when Okta's provider name does not (HR
// system vs Microsoft 365). An Okta-sourced user in an AD-mastered org (service accounts, say) is
// Okta-mastered: Okta says so.
import type { Mastery } from "@/lib/tenants/schemas";
import type { UserOperation } from "./lifecycle";

export type SourceKind = "okta" | "active_directory" | "ldap" | "hr" | "m365" | "import" | "federation" | "social" | "unknown";

export interface UserSource {
  kind: SourceKind;
  /** The list's Source column. */
  label: string;
  /** Okta's provider name when it says more than the type (AD domain, app, identity provider). */
  detail?: string;
  /** Who owns the profile, for sentences: "Active Directory (corp.example.com)", "Workday". */
  owner: string;
  /** The profile comes from another system that overwrites Okta at its next import. */
  importMastered: boolean;
}

export interface ProviderLike {
  type?: string | null;
  name?: string | null;
}

/** Provider names that are placeholders rather than names (Okta repeats the type). */
const PLACEHOLDER_NAMES = new Set(["OKTA", "IMPORT", "FEDERATION", "SOCIAL", "ACTIVE_DIRECTORY", "LDAP", ""]);

export function userSource(provider: ProviderLike | null | undefined, orgMastery?: Mastery | string | null): UserSource {
  const type = (provider?.type ?? "").toUpperCase();
  const rawName = (provider?.name ?? "").trim();
  const name = PLACEHOLDER_NAMES.has(rawName.toUpperCase()) ? undefined : rawName;
  const withDetail = (base: string) => (name ? `${base} (${name})` : base);
  switch (type) {
    case "OKTA":
      return { kind: "okta", label: "Okta", owner: "Okta", importMastered: false };
    case "ACTIVE_DIRECTORY":
      return { kind: "active_directory", label: "Active Directory", detail: name, owner: withDetail("Active Directory"), importMastered: true };
    case "LDAP":
      return { kind: "ldap", label: "LDAP", detail: name, owner: withDetail("LDAP"), importMastered: true };
    case "IMPORT":
      // Okta says "imported from an app"; which kind of app is the org's setting's to tell.
      if (orgMastery === "m365") return { kind: "m365", label: "Microsoft 365", detail: name, owner: name ?? "Microsoft 365", importMastered: true };
      if (orgMastery === "hr") return { kind: "hr", label: "HR / import", detail: name, owner: name ?? "the HR system", importMastered: true };
      return { kind: "import", label: "HR / import", detail: name, owner: name ?? "the app it was imported from", importMastered: true };
    case "FEDERATION":
      return { kind: "federation", label: "Federation", detail: name, owner: name ?? "their identity provider", importMastered: false };
    case "SOCIAL":
      return { kind: "social", label: "Social", detail: name, owner: name ?? "their social identity provider", importMastered: false };
    default:
      // Okta reported a source we do not know: treat it as mastered elsewhere, so nothing is edited
      // that the source may overwrite.
      return {
        kind: "unknown",
        label: type ? `Other (${type})` : "Unknown",
        detail: name,
        owner: type ? `its source (${type})` : "an unknown source",
        importMastered: true,
      };
  }
}

/** One line for the detail page: who masters this user and what follows. */
export function masterySentence(source: UserSource): string {
  if (source.kind === "okta") return "Mastered by Okta: the profile is edited here.";
  if (source.importMastered) return `Mastered by ${source.owner}: profile fields are read-only here; change them in ${source.owner}.`;
  return `Signs in through ${source.owner}; the profile is edited here, but the identity provider may update it at sign-in.`;
}

// ---------------------------------------------------------------------------------------------------
// Profile attributes

export interface AttributeLock {
  readOnly: boolean;
  /** Why it is read-only, or a warning shown beside an editable field. */
  reason?: string;
}

export interface AttributeOptions {
  /**
   * Attributes the org masters in Okta even for imported users (Okta's attribute-level mastering),
   * when the caller knows them. Absent: none.
   */
  oktaMasteredAttributes?: readonly string[];
}

/**
 * Whether the console lets staff edit `attribute` of a user from `source`.
 *
 * Okta's profile mastering makes an imported user's profile belong to the source; which attributes the
 * source maps is per-org configuration (profile editor mappings, attribute-level mastering) that the
 * console does not read. Okta does not document whether its API refuses such an edit or accepts it
 * until the next import overwrites it. The console protects the customer: every attribute of an
 * import-mastered user is read-only unless the caller names it as Okta-mastered.
 */
export function attributeLock(source: UserSource, attribute: string, options: AttributeOptions = {}): AttributeLock {
  if (source.importMastered) {
    if (options.oktaMasteredAttributes?.includes(attribute)) return { readOnly: false };
    return { readOnly: true, reason: `Mastered by ${source.owner}: change it there; an edit here is overwritten at the next import.` };
  }
  if (source.kind === "federation" || source.kind === "social") {
    // Okta updates JIT users' profiles at sign-in only if the identity provider is set to; unknown here.
    return { readOnly: false, reason: `Comes from ${source.owner} at sign-in: if it updates profiles, an edit here is replaced at their next sign-in.` };
  }
  return { readOnly: false };
}

/** The read-only attributes among `attributes`, with the reason for each. */
export function lockedAttributes(source: UserSource, attributes: readonly string[], options: AttributeOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of attributes) {
    const lock = attributeLock(source, a, options);
    if (lock.readOnly && lock.reason) out[a] = lock.reason;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Lifecycle operations

export interface OperationCaution {
  /** "warn": say it in the confirmation; "block": do not offer it, say why. */
  effect: "warn" | "block";
  sentence: string;
}

type Cautions = Partial<Record<UserOperation, OperationCaution>>;

const warn = (sentence: string): OperationCaution => ({ effect: "warn", sentence });
const block = (sentence: string): OperationCaution => ({ effect: "block", sentence });

function directoryCautions(dir: string, owner: string): Cautions {
  return {
    // Okta: unlock "works with Okta-sourced users. It doesn't support directory-sourced accounts such as Active Directory."
    unlock: block(`Okta cannot unlock a user mastered by ${owner}: unlock the account in ${dir}.`),
    // Whether the next import reactivates depends on the org's import settings, which the console
    // does not read; warn as if it does.
    deactivate: warn(`Mastered by ${owner}: deactivating here does not disable the account in ${dir}, and the next import may reactivate them. Disable the account in ${dir}.`),
    suspend: warn(`Mastered by ${owner}: suspending here does not disable the account in ${dir}; anything that signs in against ${dir} directly still lets them in.`),
    activate: warn(`Mastered by ${owner}: activation follows ${dir}; if the account is disabled there, the next import may deactivate them again.`),
    reactivate: warn(`Mastered by ${owner}: activation follows ${dir}; if the account is disabled there, the next import may deactivate them again.`),
    delete: warn(`Mastered by ${owner}: if the account still exists in ${dir}, the next import creates the user again.`),
    // Okta (expire_password): "setting a user's password as expired in Okta also expires the password in AD".
    expire_password: warn(`Their password lives in ${dir}: expiring it here expires it in ${dir} too, for everything that uses it.`),
    reset_password: warn(`Their password lives in ${dir}: the new password is set in ${dir} through Okta's agent, for everything that uses it.`),
    temp_password: warn(`Their password lives in ${dir}: the temporary password is set in ${dir} through Okta's agent, for everything that uses it.`),
    edit_profile: warn(`Mastered by ${owner}: the fields ${dir} owns are read-only here.`),
  };
}

function importCautions(owner: string): Cautions {
  return {
    deactivate: warn(`Mastered by ${owner}: end their employment there; the next import may reactivate them in Okta.`),
    activate: warn(`Mastered by ${owner}: activation follows ${owner}; if they are terminated there, the next import may deactivate them again.`),
    reactivate: warn(`Mastered by ${owner}: activation follows ${owner}; if they are terminated there, the next import may deactivate them again.`),
    delete: warn(`Mastered by ${owner}: if they still exist in ${owner}, the next import creates the user again.`),
    edit_profile: warn(`Mastered by ${owner}: the fields ${owner} owns are read-only here.`),
  };
}

function federatedCautions(owner: string): Cautions {
  // Okta holds no password for a user who signs in at an identity provider; what a reset does to such a
  // user (Okta's reset can convert the credential provider) is not clear: do not offer it.
  const noPassword = block(`They sign in through ${owner}: Okta holds no password for them. Reset it at the identity provider.`);
  return {
    reset_password: noPassword,
    temp_password: noPassword,
    expire_password: noPassword,
    edit_profile: warn(`Their profile comes from ${owner} at sign-in: an edit here may be replaced at their next sign-in.`),
  };
}

function cautionsFor(source: UserSource): Cautions {
  switch (source.kind) {
    case "okta":
      return {};
    case "active_directory":
      return directoryCautions("Active Directory", source.owner);
    case "ldap":
      return directoryCautions("the LDAP directory", source.owner);
    case "hr":
    case "m365":
    case "import":
      return importCautions(source.owner);
    case "federation":
    case "social":
      return federatedCautions(source.owner);
    case "unknown": {
      const w = warn(`Okta reports a source the console does not know (${source.label}): it may undo this change.`);
      return { activate: w, reactivate: w, deactivate: w, suspend: w, unsuspend: w, delete: w, reset_password: w, temp_password: w, expire_password: w, edit_profile: w };
    }
  }
}

/** What the user's source means for `op`: nothing, a warning for the confirmation, or a block. */
export function operationCaution(source: UserSource, op: UserOperation): OperationCaution | null {
  return cautionsFor(source)[op] ?? null;
}
