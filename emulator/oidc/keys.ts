/**
 * The default authorization server's signing key and a minimal RS256 JWT implementation on node:crypto.
 * The key is created on first use and stored on the org (`org.oidcSigningKey`) so snapshots keep it:
 * tokens and sessions survive an emulator restart.
 */
import { checkPrimeSync, createHash, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { ClientJwk, OidcSigningKey, OrgState } from "../model.ts";

const privateKeys = new WeakMap<OidcSigningKey, KeyObject>();
const publicKeys = new WeakMap<OidcSigningKey, KeyObject>();

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** RFC 7638 JWK thumbprint: how Okta's kids look (43 base64url characters). */
function thumbprint(jwk: { e: string; kty: string; n: string }): string {
  return base64url(createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest());
}

function newSigningKey(): OidcSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
  const key: OidcSigningKey = {
    kid: thumbprint(jwk),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicJwk: { kty: "RSA", alg: "RS256", kid: "", use: "sig", e: jwk.e, n: jwk.n },
  };
  key.publicJwk.kid = key.kid;
  return key;
}

export function ensureSigningKey(org: OrgState): OidcSigningKey {
  return (org.oidcSigningKey ??= newSigningKey());
}

/** The org authorization server's key (`${orgUrl}/oauth2/v1/keys`): distinct from the default server's, as in Okta. */
export function ensureOrgAsSigningKey(org: OrgState): OidcSigningKey {
  return (org.orgAsSigningKey ??= newSigningKey());
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

export function jwks(org: OrgState, key = ensureSigningKey(org)): { keys: Array<Record<string, unknown>> } {
  const { kty, alg, kid, use, e, n } = key.publicJwk;
  // Okta's member order: alg, e, n, kid, kty, use.
  return { keys: [{ alg: alg ?? "RS256", e, n, kid: kid ?? key.kid, kty, use: use ?? "sig" }] };
}

export function signJwt(org: OrgState, payload: Record<string, unknown>, key = ensureSigningKey(org)): string {
  const header = { kid: key.kid, alg: "RS256" };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(privateKeyOf(key));
  return `${input}.${base64url(signature)}`;
}

/** Verifies signature, `iss` and `exp`; returns the payload or null. */
export function verifyJwt(
  org: OrgState,
  token: string,
  issuer: string,
  nowSec = Math.floor(Date.now() / 1000),
  key: OidcSigningKey | undefined = org.oidcSigningKey,
): Record<string, unknown> | null {
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

// ---- client keys (private_key_jwt) -------------------------------------------------------------

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Splits and parses a compact JWS; null if it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as unknown;
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as unknown;
    if (!header || typeof header !== "object" || Array.isArray(header) || !payload || typeof payload !== "object" || Array.isArray(payload)) return null;
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown>, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
  } catch {
    return null;
  }
}

const RSA_HASHES: Record<string, string> = { RS256: "RSA-SHA256", RS384: "RSA-SHA384", RS512: "RSA-SHA512" };

/** Verifies an RS256/384/512 signature with a client's public JWK. */
export function verifyWithJwk(jwt: DecodedJwt, jwk: ClientJwk): boolean {
  const hash = RSA_HASHES[String(jwt.header.alg)];
  if (!hash) return false;
  try {
    const key = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
    return createVerify(hash).update(jwt.signingInput).verify(key, jwt.signature);
  } catch {
    return false;
  }
}

// ---- deterministic RSA keys for seeds ----------------------------------------------------------

const SMALL_PRIMES: number[] = [];
for (let i = 3; i < 5000; i += 2) if (SMALL_PRIMES.every((p) => i % p !== 0)) SMALL_PRIMES.push(i);

function byteStream(seed: string): (n: number) => Buffer {
  let counter = 0;
  return (n) => {
    const chunks: Buffer[] = [];
    let len = 0;
    while (len < n) {
      const h = createHash("sha256").update(`${seed}:${counter++}`).digest();
      chunks.push(h);
      len += h.length;
    }
    return Buffer.concat(chunks).subarray(0, n);
  };
}

function toBigInt(b: Buffer): bigint {
  return BigInt(`0x${b.toString("hex")}`);
}

function toB64u(x: bigint): string {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [m, ((a % m) + m) % m];
  let [s0, s1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** The first probable prime >= a seeded 1024-bit odd start (top two bits set), with gcd(p-1, e) = 1. */
function seededPrime(next: (n: number) => Buffer, e: bigint): bigint {
  const start = next(128);
  start[0]! |= 0xc0;
  start[start.length - 1]! |= 1;
  const base = toBigInt(start);
  const residues = SMALL_PRIMES.map((p) => Number(base % BigInt(p)));
  for (let k = 0; ; k += 2) {
    let sieved = true;
    for (let i = 0; i < SMALL_PRIMES.length; i++) {
      if ((residues[i]! + k) % SMALL_PRIMES[i]! === 0) {
        sieved = false;
        break;
      }
    }
    if (!sieved) continue;
    const candidate = base + BigInt(k);
    if (candidate % e !== 1n && checkPrimeSync(candidate)) return candidate;
  }
}

export interface SeedKeyPair {
  kid: string;
  privatePem: string;
  privateJwk: Record<string, string>;
  publicJwk: ClientJwk;
}

const seededKeys = new Map<string, SeedKeyPair>();

/**
 * A 2048-bit RSA key pair derived from `seed` (SHA-256 stream -> two primes), so seeded service apps
 * have the same key on every run. For the emulator's demo data only: anyone can derive it.
 */
export function deterministicRsaKey(seed: string): SeedKeyPair {
  const cached = seededKeys.get(seed);
  if (cached) return cached;
  const next = byteStream(`emulator-rsa:${seed}`);
  const e = 65537n;
  const p = seededPrime(next, e);
  let q = seededPrime(next, e);
  while (q === p) q = seededPrime(next, e);
  const n = p * q;
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const jwk = { kty: "RSA", n: toB64u(n), e: toB64u(e), d: toB64u(d), p: toB64u(p), q: toB64u(q), dp: toB64u(d % (p - 1n)), dq: toB64u(d % (q - 1n)), qi: toB64u(modInverse(q, p)) };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  const kid = thumbprint(jwk);
  const pair: SeedKeyPair = {
    kid,
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    privateJwk: { ...jwk, kid, alg: "RS256" },
    publicJwk: { kty: "RSA", kid, alg: "RS256", use: "sig", e: jwk.e, n: jwk.n, status: "ACTIVE" },
  };
  seededKeys.set(seed, pair);
  return pair;
}
