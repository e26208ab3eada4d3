"use server";
// Thin server-action export; it calls one wrapper-defined action (lib/audit-view/actions.ts).
import { verifyAuditChainDef } from "@/lib/audit-view/actions";

export async function verifyAuditChainAction(input: unknown) {
  return verifyAuditChainDef(input);
}
