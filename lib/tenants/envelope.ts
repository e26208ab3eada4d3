// AES-256-GCM envelopes for customer-org credentials: the pure half (keys are passed in).
//
//   v2.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>
//
// The additional authenticated data binds the credential to its tenant AND its org URL:
//
//   tenant:<tenant id>\nurl:<org URL, trimmed, without trailing slashes>
//
// so an envelope copied onto another tenant's row does not decrypt, and neither does one whose row's
// org URL was changed afterwards (by an edit that did not re-enter the credential, or by someone with
// only database access): the credential is only ever handed to the host it was entered for. The
// first key encrypts, every listed key decrypts, which is what makes rotation possible (add a new key
// in front, run `npm run rotate-key`, then drop the old key); rotation keeps the binding.
//
// v1 envelopes (AAD = tenant id only) are refused with a message saying to enter the credential again.
//
// No `server-only` here on purpose: scripts/rotate-key.ts runs under plain tsx, where that import
// throws. This file holds no key material; the app reaches it through crypto.ts (server-only), which
// reads the keys from the environment.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface CredentialKey {
  id: string;
  key: Buffer;
}

const VERSION = "v2";
const OLD_VERSIONS = new Set(["v1"]);
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown for every decryption problem. The message never contains key material or plaintext. */
export class CredentialCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialCryptoError";
  }
}

function b64url(buf: Buffer): string {
  return buf.toString("base64url");
}

function fromB64url(value: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new CredentialCryptoError(`The credential envelope's ${what} is malformed.`);
  return Buffer.from(value, "base64url");
}

/** What a credential is bound to: the tenant's id and the org URL the credential may be sent to. */
export interface CredentialBinding {
  tenantId: string;
  orgUrl: string;
}

/**
 * The org URL as bound into the AAD. The same normalisation as the Okta gateway's
 * (normalizeGatewayOrgUrl), so the URL that decrypts is exactly the URL requests go to.
 */
export function bindingOrgUrl(orgUrl: string): string {
  return orgUrl.trim().replace(/\/+$/, "");
}

function aad(binding: CredentialBinding): Buffer {
  if (!binding.tenantId) throw new CredentialCryptoError("A tenant id is required to bind a credential.");
  const url = bindingOrgUrl(binding.orgUrl);
  if (!url) throw new CredentialCryptoError("An org URL is required to bind a credential.");
  if (/[\n\r]/.test(binding.tenantId) || /[\n\r]/.test(url)) throw new CredentialCryptoError("The credential binding is malformed.");
  return Buffer.from(`tenant:${binding.tenantId}\nurl:${url}`, "utf8");
}

/** Encrypts under the first key of `keys`, bound to the tenant and its org URL. */
export function encryptWithKeys(keys: readonly CredentialKey[], binding: CredentialBinding, plaintext: string): string {
  const current = keys[0];
  if (!current) throw new CredentialCryptoError("No credential encryption key is configured.");
  const additionalData = aad(binding);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, current.id, b64url(iv), b64url(ciphertext), b64url(tag)].join(".");
}

interface ParsedEnvelope {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  const parts = envelope.split(".");
  if (parts[0] !== undefined && OLD_VERSIONS.has(parts[0])) {
    throw new CredentialCryptoError(
      `The stored credential uses the old ${parts[0]} envelope format, which is not bound to the org URL; the credential must be entered again.`,
    );
  }
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new CredentialCryptoError(`The stored credential is not a ${VERSION} envelope.`);
  }
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (!keyId) throw new CredentialCryptoError("The credential envelope names no key.");
  const parsed = {
    keyId,
    iv: fromB64url(iv, "iv"),
    ciphertext: fromB64url(ciphertext, "ciphertext"),
    tag: fromB64url(tag, "tag"),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new CredentialCryptoError("The credential envelope is malformed.");
  }
  return parsed;
}

/**
 * Decrypts with the key the envelope names; fails if that key is gone, or on any tampering, wrong
 * tenant or different org URL than the one the credential was saved with.
 */
export function decryptWithKeys(keys: readonly CredentialKey[], binding: CredentialBinding, envelope: string): string {
  const parsed = parseEnvelope(envelope);
  const additionalData = aad(binding);
  const key = keys.find((k) => k.id === parsed.keyId);
  if (!key) {
    throw new CredentialCryptoError(
      `The credential was encrypted with key "${parsed.keyId}", which is not in CREDENTIAL_KEYS.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData);
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new CredentialCryptoError(
      "The stored credential could not be decrypted (wrong key, altered data, or it belongs to another org or org URL).",
    );
  }
}

/** The key id an envelope was encrypted with (not secret). */
export function keyIdOf(envelope: string): string {
  return parseEnvelope(envelope).keyId;
}

/** Whether an envelope is already encrypted under the current (first) key. */
export function isCurrentKey(keys: readonly CredentialKey[], envelope: string): boolean {
  return keys[0] !== undefined && keyIdOf(envelope) === keys[0].id;
}

