import "server-only";
import { z } from "zod";
import { decryptCredential, encryptCredential, type CredentialBinding } from "@/lib/tenants/crypto";

/**
 * StaffSession.refreshTokenCiphertext: the MSP org's refresh token and when Okta last confirmed the
 * identity (the unreachable-Okta grace counts from it), AES-256-GCM under CREDENTIAL_KEYS with the
 * envelope of customer-org credentials. The AAD binds it to its session row and to the issuer, so a
 * ciphertext copied onto another session, or kept after OKTA_ISSUER changed, does not decrypt. It never
 * leaves the server: the session cookie only names the row.
 */
export interface SealedIdentity {
  refreshToken: string;
  /** Epoch ms of the sign-in or of the last refresh Okta accepted. */
  confirmedAt: number;
}

const sealedSchema = z.object({ refreshToken: z.string().min(1), confirmedAt: z.number().int().nonnegative() });

function binding(sessionId: string, issuer: string): CredentialBinding {
  return { tenantId: `staff-session:${sessionId}`, orgUrl: issuer };
}

export function sealIdentity(sessionId: string, issuer: string, value: SealedIdentity): string {
  return encryptCredential(binding(sessionId, issuer), JSON.stringify(value));
}

/** Throws (CredentialCryptoError, or a zod error for a malformed payload) when it cannot be read. */
export function openIdentity(sessionId: string, issuer: string, envelope: string): SealedIdentity {
  return sealedSchema.parse(JSON.parse(decryptCredential(binding(sessionId, issuer), envelope)));
}
