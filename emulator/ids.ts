// Okta-looking ids (20 characters: a 3-character type prefix + 17 base62 characters, e.g. 00u1abc...).
// Seeds pass a seeded random source so the same seed always yields the same ids.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Okta's id prefixes for the objects the emulator serves. */
export const ID_PREFIX = {
  user: "00u",
  group: "00g",
  app: "0oa",
  rule: "0pr",
  factor: "mfa",
  role: "ra1",
  session: "102",
  log: "", // log events use UUIDs
  requestId: "",
} as const;

/** mulberry32: small, fast, deterministic PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createIdFactory(random: () => number = Math.random) {
  const chars = (n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
    return out;
  };
  return {
    /** e.g. id("00u") -> "00u8f2KqP1xY7aBcD0h7" */
    id: (prefix: string) => prefix + chars(20 - prefix.length),
    /** Okta request ids look like "XnF8...": 27 base62 characters. */
    requestId: () => chars(27),
    uuid: () => {
      const hex = () => Math.floor(random() * 16).toString(16);
      const s = (n: number) => Array.from({ length: n }, hex).join("");
      return `${s(8)}-${s(4)}-4${s(3)}-${"89ab"[Math.floor(random() * 4)]}${s(3)}-${s(12)}`;
    },
  };
}

export type IdFactory = ReturnType<typeof createIdFactory>;
