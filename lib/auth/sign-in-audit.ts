import "server-only";
import { appendAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { requestMeta, type RequestMeta } from "@/lib/request/context";

/**
 * Records a sign-in attempt ("staff.sign_in"): success, or denied (disabled staff). Never throws: a
 * failing audit write is logged and must not break sign-in handling.
 */
const REFUSAL_SUMMARIES: Record<string, string> = {
  disabled: "Staff account is disabled",
  identity_conflict: "Another Okta identity already owns the staff account with this email",
  unverified_email: "The email in the ID token is not verified",
};

export async function auditSignIn(
  email: string,
  staffId: string | null,
  outcome: "success" | "denied",
  reason?: "disabled" | "identity_conflict" | "unverified_email",
): Promise<void> {
  let meta: RequestMeta = { ip: null, userAgent: null };
  try {
    meta = await requestMeta();
  } catch {
    // Outside a request scope (tests, scripts): no IP or user agent.
  }
  try {
    await appendAudit(db(), {
      staffId,
      staffEmail: email,
      action: "staff.sign_in",
      target: { type: "staff", id: staffId ?? undefined, name: email },
      outcome,
      errorCode: outcome === "denied" ? (reason ?? "denied") : null,
      errorSummary: outcome === "denied" ? (REFUSAL_SUMMARIES[reason ?? ""] ?? "Sign-in refused") : null,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  } catch (err) {
    console.error(`[audit] could not record staff.sign_in for ${email}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
