import "server-only";
// Credential encryption for the app: the envelope functions (envelope.ts) with the keys from
// CREDENTIAL_KEYS (lib/env.ts). See envelope.ts for the format.
import { env } from "@/lib/env";
import { CredentialCryptoError, decryptWithKeys, encryptWithKeys, type CredentialBinding, type CredentialKey } from "./envelope";

export {
  bindingOrgUrl,
  CredentialCryptoError,
  decryptWithKeys,
  encryptWithKeys,
  isCurrentKey,
  keyIdOf,
  type CredentialBinding,
  type CredentialKey,
} from "./envelope";

export function currentKeyId(keys: readonly CredentialKey[] = env().CREDENTIAL_KEYS): string {
  const first = keys[0];
  if (!first) throw new CredentialCryptoError("No credential encryption key is configured.");
  return first.id;
}

export function encryptCredential(binding: CredentialBinding, plaintext: string): string {
  return encryptWithKeys(env().CREDENTIAL_KEYS, binding, plaintext);
}

export function decryptCredential(binding: CredentialBinding, envelope: string): string {
  return decryptWithKeys(env().CREDENTIAL_KEYS, binding, envelope);
}
