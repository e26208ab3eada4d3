import "server-only";
import { appendAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { requestMeta, type RequestMeta } from "@/lib/request/context";

/**
 * Records a sign-in attempt ("staff.sign_in"): success, or denied (disabled staff). Never throws: a
 * failing audit write is logged and must not break sign-in handling.
 */
export async function auditSignIn(email: string, staffId: string | null, outcome: "success" | "denied"): Promise<void> {
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
      errorCode: outcome === "denied" ? "account_disabled" : null,
      errorSummary: outcome === "denied" ? "Staff account is disabled" : null,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  } catch (err) {
    console.error(`[audit] could not record staff.sign_in for ${email}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
