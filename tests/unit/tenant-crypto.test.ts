import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CredentialCryptoError,
  decryptWithKeys,
  encryptWithKeys,
  isCurrentKey,
  keyIdOf,
  type CredentialBinding,
  type CredentialKey,
} from "@/lib/tenants/crypto";

const k1: CredentialKey = { id: "k1", key: randomBytes(32) };
const k2: CredentialKey = { id: "k2", key: randomBytes(32) };
const secret = JSON.stringify({ type: "ssws", token: "00abcdefghijklmnopqrstuvwxyz0123456789ABCD" });
const a: CredentialBinding = { tenantId: "tenant-a", orgUrl: "https://acme.okta.com" };
const t: CredentialBinding = { tenantId: "t", orgUrl: "https://t.okta.com" };

describe("credential envelopes", () => {
  it("round-trips and names the key", () => {
    const env = encryptWithKeys([k1], a, secret);
    expect(env.startsWith("v2.k1.")).toBe(true);
    expect(env.split(".")).toHaveLength(5);
    expect(env).not.toContain("abcdefghij");
    expect(env).not.toContain("acme");
    expect(keyIdOf(env)).toBe("k1");
    expect(decryptWithKeys([k1], a, env)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptWithKeys([k1], t, secret)).not.toBe(encryptWithKeys([k1], t, secret));
  });

  it("encrypts with the first key and decrypts with any listed key", () => {
    const old = encryptWithKeys([k1], t, secret);
    const keys = [k2, k1];
    expect(decryptWithKeys(keys, t, old)).toBe(secret);
    const fresh = encryptWithKeys(keys, t, secret);
    expect(keyIdOf(fresh)).toBe("k2");
    expect(isCurrentKey(keys, fresh)).toBe(true);
    expect(isCurrentKey(keys, old)).toBe(false);
  });

  it("fails when the named key is missing", () => {
    const env = encryptWithKeys([k1], t, secret);
    expect(() => decryptWithKeys([k2], t, env)).toThrow(/key "k1".*not in CREDENTIAL_KEYS/);
  });

  it("fails when the key id is swapped to another key", () => {
    const env = encryptWithKeys([k1], t, secret).replace("v2.k1.", "v2.k2.");
    expect(() => decryptWithKeys([k1, k2], t, env)).toThrow(CredentialCryptoError);
  });

  it("fails on tampered ciphertext or tag", () => {
    const env = encryptWithKeys([k1], t, secret);
    const parts = env.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), ct.toString("base64url"), parts[4]].join(".");
    expect(() => decryptWithKeys([k1], t, tampered)).toThrow(CredentialCryptoError);
    const tag = Buffer.from(parts[4]!, "base64url");
    tag[0] = tag[0]! ^ 1;
    expect(() => decryptWithKeys([k1], t, [...parts.slice(0, 4), tag.toString("base64url")].join("."))).toThrow(
      CredentialCryptoError,
    );
  });

  it("fails for another tenant (AAD)", () => {
    const env = encryptWithKeys([k1], a, secret);
    expect(() => decryptWithKeys([k1], { ...a, tenantId: "tenant-b" }, env)).toThrow(/another org/);
  });

  it("only decrypts for the org URL it was saved with (AAD)", () => {
    const env = encryptWithKeys([k1], a, secret);
    for (const orgUrl of [
      "https://evil.example.com",
      "https://acme.okta.com.evil.example.com",
      "https://acme.oktapreview.com",
      "http://acme.okta.com",
      "https://acme.okta.com:8443",
      "https://acme.okta.com/orgs/x",
      "http://127.0.0.1:8484",
    ]) {
      expect(() => decryptWithKeys([k1], { ...a, orgUrl }, env), orgUrl).toThrow(/org URL/);
    }
    // The gateway's own normalisation (surrounding space, trailing slashes) names the same URL.
    expect(decryptWithKeys([k1], { ...a, orgUrl: " https://acme.okta.com// " }, env)).toBe(secret);
  });

  it("refuses to bind without a tenant id or an org URL", () => {
    expect(() => encryptWithKeys([k1], { tenantId: "", orgUrl: a.orgUrl }, secret)).toThrow(/tenant id/);
    expect(() => encryptWithKeys([k1], { tenantId: "x", orgUrl: " / " }, secret)).toThrow(/org URL/);
    const env = encryptWithKeys([k1], a, secret);
    expect(() => decryptWithKeys([k1], { tenantId: a.tenantId, orgUrl: "" }, env)).toThrow(CredentialCryptoError);
  });

  it("rotation (decrypt with the old key, encrypt under the new) keeps the binding", () => {
    const old = encryptWithKeys([k1], a, secret);
    const keys = [k2, k1];
    const rotated = encryptWithKeys(keys, a, decryptWithKeys(keys, a, old));
    expect(keyIdOf(rotated)).toBe("k2");
    expect(decryptWithKeys([k2], a, rotated)).toBe(secret);
    expect(() => decryptWithKeys([k2], { ...a, orgUrl: "https://evil.example.com" }, rotated)).toThrow(/org URL/);
  });

  it("refuses an old v1 envelope (tenant-only AAD) with a clear message, even if it would decrypt", () => {
    // A genuine v1 envelope: AAD = "tenant:<id>".
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", k1.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(`tenant:${a.tenantId}`, "utf8"));
    const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    const v1 = ["v1", "k1", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
    expect(() => decryptWithKeys([k1], a, v1)).toThrow(/old v1 envelope format.*not bound to the org URL.*entered again/);
    expect(() => keyIdOf(v1)).toThrow(/old v1 envelope format/);
    // Relabelled as v2 it does not decrypt either (different AAD).
    expect(() => decryptWithKeys([k1], a, v1.replace(/^v1\./, "v2."))).toThrow(CredentialCryptoError);
  });

  it("rejects malformed envelopes without echoing them", () => {
    for (const bad of ["", "v3.k1.a.b.c", "v2.k1.a.b", "v2..a.b.c", "v2.k1.!!.b.c"]) {
      expect(() => decryptWithKeys([k1], t, bad)).toThrow(CredentialCryptoError);
    }
    try {
      decryptWithKeys([k1], t, "v2.k1.AAAA.secretish.BBBB");
    } catch (err) {
      expect(String(err)).not.toContain("secretish");
    }
  });

  it("refuses to encrypt without a key", () => {
    expect(() => encryptWithKeys([], t, secret)).toThrow(/No credential encryption key/);
  });
});
