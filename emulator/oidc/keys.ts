/**
 * The default authorization server's signing key and a minimal RS256 JWT implementation on node:crypto.
 * The key is created on first use and stored on the org (`org.oidcSigningKey`) so snapshots keep it:
 * tokens and sessions survive an emulator restart.
 */
import { createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { OidcSigningKey, OrgState } from "../model.ts";

const privateKeys = new WeakMap<OidcSigningKey, KeyObject>();
const publicKeys = new WeakMap<OidcSigningKey, KeyObject>();

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** RFC 7638 JWK thumbprint: how Okta's kids look (43 base64url characters). */
function thumbprint(jwk: { e: string; kty: string; n: string }): string {
  return base64url(createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest());
}

export function ensureSigningKey(org: OrgState): OidcSigningKey {
  if (org.oidcSigningKey) return org.oidcSigningKey;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
  const key: OidcSigningKey = {
    kid: thumbprint(jwk),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicJwk: { kty: "RSA", alg: "RS256", kid: "", use: "sig", e: jwk.e, n: jwk.n },
  };
  key.publicJwk.kid = key.kid;
  org.oidcSigningKey = key;
  return key;
}

function privateKeyOf(key: OidcSigningKey): KeyObject {
  let k = privateKeys.get(key);
  if (!k) privateKeys.set(key, (k = createPrivateKey(key.privatePem)));
  return k;
}

function publicKeyOf(key: OidcSigningKey): KeyObject {
  let k = publicKeys.get(key);
  if (!k) publicKeys.set(key, (k = createPublicKey({ key: key.publicJwk as never, format: "jwk" })));
  return k;
}

export function jwks(org: OrgState): { keys: Array<Record<string, unknown>> } {
  const key = ensureSigningKey(org);
  const { kty, alg, kid, use, e, n } = key.publicJwk;
  // Okta's member order: alg, e, n, kid, kty, use.
  return { keys: [{ alg: alg ?? "RS256", e, n, kid: kid ?? key.kid, kty, use: use ?? "sig" }] };
}

export function signJwt(org: OrgState, payload: Record<string, unknown>): string {
  const key = ensureSigningKey(org);
  const header = { kid: key.kid, alg: "RS256" };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(privateKeyOf(key));
  return `${input}.${base64url(signature)}`;
}

/** Verifies signature, `iss` and `exp`; returns the payload or null. */
export function verifyJwt(org: OrgState, token: string, issuer: string, nowSec = Math.floor(Date.now() / 1000)): Record<string, unknown> | null {
  const key = org.oidcSigningKey;
  if (!key) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: string; kid?: string };
    if (header.alg !== "RS256" || header.kid !== key.kid) return null;
    const ok = createVerify("RSA-SHA256").update(`${h}.${p}`).verify(publicKeyOf(key), Buffer.from(s, "base64url"));
    if (!ok) return null;
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>;
    if (payload.iss !== issuer) return null;
    if (typeof payload.exp !== "number" || payload.exp <= nowSec) return null;
    return payload;
  } catch {
    return null;
  }
}

/** `at_hash`: base64url of the left half of SHA-256 of the access token (OIDC Core 3.1.3.6). */
export function atHash(accessToken: string): string {
  return base64url(createHash("sha256").update(accessToken).digest().subarray(0, 16));
}
