import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CredentialCryptoError,
  decryptWithKeys,
  encryptWithKeys,
  isCurrentKey,
  keyIdOf,
  type CredentialKey,
} from "@/lib/tenants/crypto";

const k1: CredentialKey = { id: "k1", key: randomBytes(32) };
const k2: CredentialKey = { id: "k2", key: randomBytes(32) };
const secret = JSON.stringify({ type: "ssws", token: "00abcdefghijklmnopqrstuvwxyz0123456789ABCD" });

describe("credential envelopes", () => {
  it("round-trips and names the key", () => {
    const env = encryptWithKeys([k1], "tenant-a", secret);
    expect(env.startsWith("v1.k1.")).toBe(true);
    expect(env.split(".")).toHaveLength(5);
    expect(env).not.toContain("abcdefghij");
    expect(keyIdOf(env)).toBe("k1");
    expect(decryptWithKeys([k1], "tenant-a", env)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptWithKeys([k1], "t", secret)).not.toBe(encryptWithKeys([k1], "t", secret));
  });

  it("encrypts with the first key and decrypts with any listed key", () => {
    const old = encryptWithKeys([k1], "t", secret);
    const keys = [k2, k1];
    expect(decryptWithKeys(keys, "t", old)).toBe(secret);
    const fresh = encryptWithKeys(keys, "t", secret);
    expect(keyIdOf(fresh)).toBe("k2");
    expect(isCurrentKey(keys, fresh)).toBe(true);
    expect(isCurrentKey(keys, old)).toBe(false);
  });

  it("fails when the named key is missing", () => {
    const env = encryptWithKeys([k1], "t", secret);
    expect(() => decryptWithKeys([k2], "t", env)).toThrow(/key "k1".*not in CREDENTIAL_KEYS/);
  });

  it("fails when the key id is swapped to another key", () => {
    const env = encryptWithKeys([k1], "t", secret).replace("v1.k1.", "v1.k2.");
    expect(() => decryptWithKeys([k1, k2], "t", env)).toThrow(CredentialCryptoError);
  });

  it("fails on tampered ciphertext or tag", () => {
    const env = encryptWithKeys([k1], "t", secret);
    const parts = env.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), ct.toString("base64url"), parts[4]].join(".");
    expect(() => decryptWithKeys([k1], "t", tampered)).toThrow(CredentialCryptoError);
    const tag = Buffer.from(parts[4]!, "base64url");
    tag[0] = tag[0]! ^ 1;
    expect(() => decryptWithKeys([k1], "t", [...parts.slice(0, 4), tag.toString("base64url")].join("."))).toThrow(
      CredentialCryptoError,
    );
  });

  it("fails for another tenant (AAD)", () => {
    const env = encryptWithKeys([k1], "tenant-a", secret);
    expect(() => decryptWithKeys([k1], "tenant-b", env)).toThrow(/another org/);
  });

  it("rejects malformed envelopes without echoing them", () => {
    for (const bad of ["", "v2.k1.a.b.c", "v1.k1.a.b", "v1..a.b.c", "v1.k1.!!.b.c"]) {
      expect(() => decryptWithKeys([k1], "t", bad)).toThrow(CredentialCryptoError);
    }
    try {
      decryptWithKeys([k1], "t", "v1.k1.AAAA.secretish.BBBB");
    } catch (err) {
      expect(String(err)).not.toContain("secretish");
    }
  });

  it("refuses to encrypt without a key", () => {
    expect(() => encryptWithKeys([], "t", secret)).toThrow(/No credential encryption key/);
  });
});
