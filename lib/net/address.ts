// Which IP addresses the console may connect to when it calls a customer's Okta org. Pure (no I/O,
// no server-only marker) so unit tests can exercise every address class directly; the enforcement
// at connect time lives in ./guard.ts. Ranges are matched with Node's net.BlockList; the only hand
// parsing is reading the IPv4 address that IPv6 transition forms (mapped, compatible, NAT64, 6to4)
// carry inside them, so `::ffff:10.0.0.1` is judged as the 10.0.0.1 it reaches.
import { BlockList, isIP, isIPv4 } from "node:net";

export type AddressKind =
  | "public"
  | "metadata"
  | "loopback"
  | "private"
  | "cgnat"
  | "ula"
  | "link-local"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "invalid";

/** How an IPv6 address carries an IPv4 one (the verdict is then the IPv4 address's). */
export type EmbeddingForm = "ipv4-mapped" | "ipv4-translated" | "ipv4-compatible" | "nat64" | "6to4";

export interface AddressVerdict {
  /** The address as given (zone id removed). */
  address: string;
  family: 4 | 6 | 0;
  kind: AddressKind;
  /** IPv6 forms that embed an IPv4 address: which form, and the IPv4 address judged. */
  embedded?: { form: EmbeddingForm; ipv4: string };
}

// Cloud instance metadata and host-agent endpoints: credentials for the console's own cloud account
// live behind them. Refused always, even with ALLOW_LOCAL_ORG_URLS (checked before the ranges, so the
// CGNAT or ULA allowance cannot let them through).
const METADATA_V4 = [
  "169.254.169.254", // AWS, GCP, Azure, OCI, DigitalOcean... instance metadata
  "169.254.170.2", // AWS ECS task metadata / credentials
  "169.254.170.23", // AWS EKS pod identity agent
  "100.100.100.200", // Alibaba Cloud metadata
  "168.63.129.16", // Azure WireServer / host agent (a public-looking address)
];
const METADATA_V6 = ["fd00:ec2::254", "fd00:ec2::23"]; // AWS IMDS / EKS pod identity over IPv6

type Rule = [network: string, prefix: number, kind: AddressKind];

// Order matters: the first rule that matches names the kind.
const V4_RULES: Rule[] = [
  ["0.0.0.0", 32, "unspecified"],
  ["0.0.0.0", 8, "reserved"], // "this network"
  ["127.0.0.0", 8, "loopback"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["100.64.0.0", 10, "cgnat"],
  ["169.254.0.0", 16, "link-local"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation (TEST-NET-1)
  ["198.51.100.0", 24, "reserved"], // documentation (TEST-NET-2)
  ["203.0.113.0", 24, "reserved"], // documentation (TEST-NET-3)
  ["192.88.99.0", 24, "reserved"], // 6to4 relay anycast (deprecated)
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"], // future use
];

// IPv6 outside the IPv4-embedding forms (handled first). Only global unicast (2000::/3) may be public.
const V6_RULES: Rule[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["ff00::", 8, "multicast"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "reserved"], // site-local (deprecated)
  ["fc00::", 7, "ula"],
  ["64:ff9b:1::", 48, "reserved"], // local-use NAT64: where it leads is network-specific
  ["100::", 64, "reserved"], // discard-only
  ["2001::", 23, "reserved"], // IETF protocol assignments, including Teredo (2001::/32)
  ["2001:db8::", 32, "reserved"], // documentation
  ["3fff::", 20, "reserved"], // documentation (RFC 9637)
];

function blockListOf(rules: Rule[], family: "ipv4" | "ipv6"): Array<{ list: BlockList; kind: AddressKind }> {
  return rules.map(([network, prefix, kind]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, kind };
  });
}

const V4_LISTS = blockListOf(V4_RULES, "ipv4");
const V6_LISTS = blockListOf(V6_RULES, "ipv6");
const GLOBAL_UNICAST = (() => {
  const list = new BlockList();
  list.addSubnet("2000::", 3, "ipv6");
  return list;
})();
const METADATA = (() => {
  const list = new BlockList();
  for (const a of METADATA_V4) list.addAddress(a, "ipv4");
  for (const a of METADATA_V6) list.addAddress(a, "ipv6");
  return list;
})();

/** 16 bytes of an IPv6 address (already validated by net.isIP), including a trailing dotted quad. */
function ipv6Bytes(address: string): Uint8Array {
  // "::ffff:1.2.3.4" -> "::ffff:102:304": the dotted tail becomes its two 16-bit words.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const words = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  const gap = text.indexOf("::");
  const left = words(gap === -1 ? text : text.slice(0, gap));
  const right = gap === -1 ? [] : words(text.slice(gap + 2));
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    bytes[i * 2] = (w >> 8) & 0xff;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

function ipv4At(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.slice(offset, offset + 4)).join(".");
}

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The IPv4 address an IPv6 transition form leads to, or undefined. */
function embeddedIpv4(address: string): { form: EmbeddingForm; ipv4: string } | undefined {
  const b = ipv6Bytes(address);
  // ::ffff:a.b.c.d (mapped) - the socket reaches a.b.c.d over IPv4.
  if (allZero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return { form: "ipv4-mapped", ipv4: ipv4At(b, 12) };
  // ::ffff:0:a.b.c.d (SIIT "IPv4-translated").
  if (allZero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return { form: "ipv4-translated", ipv4: ipv4At(b, 12) };
  // ::a.b.c.d (compatible, deprecated); :: and ::1 are judged as themselves.
  if (allZero(b, 0, 12) && !allZero(b, 12, 15)) return { form: "ipv4-compatible", ipv4: ipv4At(b, 12) };
  // 64:ff9b::a.b.c.d - well-known NAT64 prefix: a NAT64 gateway forwards to a.b.c.d.
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && allZero(b, 4, 12)) return { form: "nat64", ipv4: ipv4At(b, 12) };
  // 2002:AABB:CCDD::/48 - 6to4: the relay delivers to AA.BB.CC.DD.
  if (b[0] === 0x20 && b[1] === 0x02) return { form: "6to4", ipv4: ipv4At(b, 2) };
  return undefined;
}

function kindOf(address: string, family: "ipv4" | "ipv6"): AddressKind {
  if (METADATA.check(address, family)) return "metadata";
  for (const { list, kind } of family === "ipv4" ? V4_LISTS : V6_LISTS) if (list.check(address, family)) return kind;
  if (family === "ipv6" && !GLOBAL_UNICAST.check(address, "ipv6")) return "reserved";
  return "public";
}

/** Classifies one IP address (v4 or v6, as dns.lookup returns them; a %zone suffix is ignored). */
export function classifyAddress(input: string): AddressVerdict {
  const address = input.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const family = isIP(address);
  if (family === 4) return { address, family, kind: kindOf(address, "ipv4") };
  if (family !== 6) return { address, family: 0, kind: "invalid" };
  const lower = address.toLowerCase();
  // The metadata check first: fd00:ec2::254 must not pass as "ula" under ALLOW_LOCAL_ORG_URLS.
  if (METADATA.check(lower, "ipv6")) return { address, family, kind: "metadata" };
  const embedded = embeddedIpv4(lower);
  if (embedded && isIPv4(embedded.ipv4)) return { address, family, kind: kindOf(embedded.ipv4, "ipv4"), embedded };
  return { address, family, kind: kindOf(lower, "ipv6") };
}

/** Kinds ALLOW_LOCAL_ORG_URLS lets through (the emulator on 127.0.0.1, dev orgs on a LAN or VPN). */
export const LOCAL_KINDS: ReadonlySet<AddressKind> = new Set(["loopback", "private", "ula", "cgnat"]);

export interface AddressPolicy {
  /** ALLOW_LOCAL_ORG_URLS. Never opens metadata, link-local, unspecified, multicast or reserved. */
  allowLocal: boolean;
}

export function isAddressAllowed(verdict: AddressVerdict, policy: AddressPolicy): boolean {
  if (verdict.kind === "public") return true;
  return policy.allowLocal && LOCAL_KINDS.has(verdict.kind);
}

const KIND_WORDS: Record<Exclude<AddressKind, "public">, string> = {
  metadata: "a cloud metadata service address",
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  cgnat: "a carrier-grade NAT (shared) address",
  ula: "a private IPv6 (unique local) address",
  "link-local": "a link-local address",
  unspecified: "the unspecified address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  reserved: "a reserved or special-purpose address",
  invalid: "not a valid IP address",
};

/**
 * The plain sentence for a refused address. `host` is the org URL's host name as the technician typed
 * it; naming the address it resolved to tells them (or an administrator) why.
 */
export function refusalSentence(host: string, verdict: AddressVerdict, policy: AddressPolicy): string {
  const kind = verdict.kind === "public" ? "reserved" : verdict.kind;
  const via = verdict.embedded ? ` (it leads to ${verdict.embedded.ipv4})` : "";
  const what =
    host && host !== verdict.address
      ? `The org URL's host ${host} resolves to ${verdict.address}${via}, ${KIND_WORDS[kind]}`
      : `The org URL's address ${verdict.address}${via} is ${KIND_WORDS[kind]}`;
  const base = `${what}; the console does not connect there.`;
  if (kind === "metadata") return `${base} Cloud metadata addresses are always refused.`;
  if (LOCAL_KINDS.has(kind) && !policy.allowLocal) {
    return `${base} Local and private addresses are only allowed when ALLOW_LOCAL_ORG_URLS is on (for the local emulator).`;
  }
  return base;
}

/**
 * For an org URL whose host is an IP literal (`https://10.0.0.5`), the refusal sentence when that
 * address is not allowed; undefined for host names (they are checked when resolved, at connect time)
 * and allowed addresses. Lets a form refuse such a URL before saving or calling it.
 */
export function literalOrgUrlRefusal(orgUrl: string, policy: AddressPolicy): string | undefined {
  let host: string;
  try {
    host = new URL(orgUrl.trim()).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return undefined;
  }
  if (!isIP(host)) return undefined;
  const verdict = classifyAddress(host);
  return isAddressAllowed(verdict, policy) ? undefined : refusalSentence(host, verdict, policy);
}
