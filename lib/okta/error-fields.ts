// Okta's errorCauses -> field errors keyed like the console's form fields, so "login already taken"
// appears next to the login field. Pure and browser-safe (no server-only): unit-tested.
//
// Okta's validation errors (E0000001 "Api validation failed: login") carry causes such as
//   { errorSummary: "login: An object with this field already exists in the current organization" }
// i.e. "<attribute>: <message>". Some name a path ("profile.login: ..."), some name no field at all
// ("Password requirements were not met..."); those go to "_form" (the form's general message).

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null;

export interface OktaCause {
  /** The attribute Okta named ("login", "email", "customAttr"), or null. */
  attribute: string | null;
  /** The message without the attribute prefix, as a sentence. */
  message: string;
}

const PREFIX = /^\s*([A-Za-z][A-Za-z0-9_.]{0,120})\s*:\s*(.+)$/s;

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Okta's errorCauses of an error the SDK threw (OktaApiError keeps them), parsed. */
export function oktaCauses(err: unknown): OktaCause[] {
  if (!isRec(err) || !Array.isArray(err.errorCauses)) return [];
  const out: OktaCause[] = [];
  for (const c of err.errorCauses) {
    const summary = isRec(c) && typeof c.errorSummary === "string" ? c.errorSummary : "";
    if (!summary.trim()) continue;
    const m = PREFIX.exec(summary);
    if (m) {
      // "profile.login" and "login" both name the profile attribute login.
      const attribute = m[1]!.replace(/^profile\./, "");
      out.push({ attribute, message: sentence(m[2]!) });
    } else out.push({ attribute: null, message: sentence(summary) });
  }
  return out;
}

/** Friendlier words for Okta's stock messages, where Okta's own are cryptic for a technician. */
function friendly(attribute: string | null, message: string): string {
  if (attribute === "login" && /already exists/i.test(message)) return "This username is already taken in this org.";
  if (/already exists/i.test(message)) return "Another user in this org already has this value.";
  if (/cannot be left blank/i.test(message)) return "This field is required.";
  if (attribute === "login" && /form of an email address/i.test(message)) return "A username must look like an email address (name@example.com).";
  return message;
}

/**
 * Field errors from an Okta error. `keyFor` turns Okta's attribute into the form's field key
 * ("login" -> "profile.login" on the create form, "changes.login" on the edit form); return null to
 * send the cause to "_form". Errors without causes give {}.
 */
export function oktaFieldErrors(err: unknown, keyFor: (attribute: string) => string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cause of oktaCauses(err)) {
    const key = (cause.attribute !== null ? keyFor(cause.attribute) : null) ?? "_form";
    const text = friendly(cause.attribute, cause.message);
    const list = (out[key] ??= []);
    if (!list.includes(text)) list.push(text);
  }
  return out;
}

/** Keys of the create form: base attributes under profile.*, everything else under custom.*. */
export function createFormKey(baseFields: readonly string[]) {
  return (attribute: string): string | null => {
    if (attribute === "password" || attribute.startsWith("credentials")) return null;
    if (attribute === "groupIds") return "groupIds";
    return baseFields.includes(attribute) ? `profile.${attribute}` : `custom.${attribute}`;
  };
}

/** Keys of the edit form: every attribute under changes.*. */
export function updateFormKey(attribute: string): string | null {
  if (attribute === "password" || attribute.startsWith("credentials")) return null;
  return `changes.${attribute}`;
}
