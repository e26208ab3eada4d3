// The org address classifier (lib/net/address.ts): every class the console refuses, in IPv4 and the
// IPv6 forms that carry an IPv4 address, and what ALLOW_LOCAL_ORG_URLS does and does not open.
import { describe, expect, it } from "vitest";
import { classifyAddress, isAddressAllowed, refusalSentence, type AddressKind } from "@/lib/net/address";

const STRICT = { allowLocal: false };
const LOCAL = { allowLocal: true };

const CASES: Array<[address: string, kind: AddressKind]> = [
  // public
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["52.84.10.20", "public"],
  ["172.15.255.255", "public"], // just below 172.16/12
  ["172.32.0.0", "public"], // just above
  ["100.63.255.255", "public"], // just below CGNAT
  ["100.128.0.0", "public"], // just above
  ["169.253.255.255", "public"],
  ["2606:4700:4700::1111", "public"],
  ["2a00:1450:4001:80b::200e", "public"],
  ["2001:4860:4860::8888", "public"],
  ["::ffff:8.8.8.8", "public"], // mapped public stays public
  ["64:ff9b::808:808", "public"], // NAT64 of 8.8.8.8
  ["2002:808:808::1", "public"], // 6to4 of 8.8.8.8
  // private (RFC 1918)
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.254", "private"],
  ["192.168.0.1", "private"],
  ["192.168.255.255", "private"],
  // loopback
  ["127.0.0.1", "loopback"],
  ["127.1.2.3", "loopback"],
  ["127.255.255.254", "loopback"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["[::1]", "loopback"],
  // link-local
  ["169.254.0.1", "link-local"],
  ["169.254.1.1", "link-local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf:ffff::1", "link-local"],
  // CGNAT
  ["100.64.0.1", "cgnat"],
  ["100.127.255.254", "cgnat"],
  // ULA
  ["fc00::1", "ula"],
  ["fd12:3456:789a::1", "ula"],
  ["fdff:ffff::1", "ula"],
  // IPv4 inside IPv6: judged as the IPv4 address
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:a00:1", "private"],
  ["::FFFF:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["0:0:0:0:0:ffff:c0a8:101", "private"], // 192.168.1.1
  ["::ffff:0:10.0.0.1", "private"], // IPv4-translated (SIIT)
  ["::10.0.0.1", "private"], // IPv4-compatible
  ["::127.0.0.1", "loopback"],
  ["::a00:1", "private"],
  ["64:ff9b::a00:1", "private"], // NAT64 of 10.0.0.1
  ["64:ff9b::7f00:1", "loopback"],
  ["64:ff9b::192.168.1.1", "private"],
  ["2002:a00:1::", "private"], // 6to4 of 10.0.0.1
  ["2002:7f00:1::1", "loopback"],
  ["2002:a9fe:a9fe::1", "metadata"], // 6to4 of 169.254.169.254
  ["::ffff:100.64.0.1", "cgnat"],
  ["::ffff:169.254.1.1", "link-local"],
  // unspecified
  ["0.0.0.0", "unspecified"],
  ["::", "unspecified"],
  ["0:0:0:0:0:0:0:0", "unspecified"],
  ["::ffff:0.0.0.0", "unspecified"],
  // multicast / broadcast / reserved
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["ff02::1", "multicast"],
  ["ff05::1:3", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["240.0.0.1", "reserved"],
  ["250.1.2.3", "reserved"],
  ["0.1.2.3", "reserved"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.10", "reserved"],
  ["198.51.100.7", "reserved"],
  ["203.0.113.9", "reserved"],
  ["198.18.0.1", "reserved"],
  ["192.88.99.1", "reserved"],
  ["2001:db8::1", "reserved"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"], // Teredo
  ["2001:10::1", "reserved"], // ORCHID, in 2001::/23
  ["100::1", "reserved"], // discard
  ["64:ff9b:1::a00:1", "reserved"], // local-use NAT64
  ["fec0::1", "reserved"], // site-local
  ["3fff::1", "reserved"], // documentation
  ["4000::1", "reserved"], // outside global unicast 2000::/3
  ["::2", "reserved"], // ::/96 with a zero-ish tail (0.0.0.2)
  // cloud metadata
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["100.100.100.200", "metadata"],
  ["168.63.129.16", "metadata"],
  ["fd00:ec2::254", "metadata"],
  ["FD00:EC2:0:0:0:0:0:254", "metadata"],
  ["::ffff:169.254.169.254", "metadata"],
  ["::ffff:a9fe:a9fe", "metadata"],
  ["64:ff9b::a9fe:a9fe", "metadata"],
  ["::ffff:100.100.100.200", "metadata"],
  // not an address
  ["example.com", "invalid"],
  ["1.2.3", "invalid"],
  ["", "invalid"],
];

describe("classifyAddress", () => {
  it.each(CASES)("%s is %s", (address, kind) => {
    expect(classifyAddress(address).kind).toBe(kind);
  });

  it("names the IPv4 address an IPv6 form leads to", () => {
    expect(classifyAddress("::ffff:10.0.0.1").embedded).toEqual({ form: "ipv4-mapped", ipv4: "10.0.0.1" });
    expect(classifyAddress("64:ff9b::a00:1").embedded).toEqual({ form: "nat64", ipv4: "10.0.0.1" });
    expect(classifyAddress("2002:a00:1::").embedded).toEqual({ form: "6to4", ipv4: "10.0.0.1" });
    expect(classifyAddress("::10.0.0.1").embedded).toEqual({ form: "ipv4-compatible", ipv4: "10.0.0.1" });
    expect(classifyAddress("::ffff:0:a00:1").embedded).toEqual({ form: "ipv4-translated", ipv4: "10.0.0.1" });
    expect(classifyAddress("2606:4700::1").embedded).toBeUndefined();
  });
});

describe("isAddressAllowed", () => {
  it("allows only public addresses by default", () => {
    for (const [address, kind] of CASES) {
      expect(isAddressAllowed(classifyAddress(address), STRICT), address).toBe(kind === "public");
    }
  });

  it("ALLOW_LOCAL_ORG_URLS opens loopback, private, ULA and CGNAT, never metadata or the other classes", () => {
    const opened = new Set<AddressKind>(["public", "loopback", "private", "ula", "cgnat"]);
    for (const [address, kind] of CASES) {
      expect(isAddressAllowed(classifyAddress(address), LOCAL), address).toBe(opened.has(kind));
    }
    // The ones that matter most, spelled out.
    for (const a of ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "::ffff:169.254.169.254", "0.0.0.0", "::", "169.254.10.10", "fe80::1"]) {
      expect(isAddressAllowed(classifyAddress(a), LOCAL), a).toBe(false);
    }
    for (const a of ["127.0.0.1", "::1", "10.1.2.3", "::ffff:127.0.0.1"]) expect(isAddressAllowed(classifyAddress(a), LOCAL), a).toBe(true);
  });
});

describe("refusalSentence", () => {
  it("names the host, the address and why, and points at the setting for local addresses", () => {
    const s = refusalSentence("acme.example.com", classifyAddress("10.0.0.5"), STRICT);
    expect(s).toBe(
      "The org URL's host acme.example.com resolves to 10.0.0.5, a private network address; the console does not connect there. Local and private addresses are only allowed when ALLOW_LOCAL_ORG_URLS is on (for the local emulator).",
    );
    expect(refusalSentence("x.example", classifyAddress("169.254.169.254"), LOCAL)).toMatch(/a cloud metadata service address; .* always refused\.$/);
    expect(refusalSentence("x.example", classifyAddress("::ffff:10.0.0.1"), STRICT)).toMatch(/resolves to ::ffff:10\.0\.0\.1 \(it leads to 10\.0\.0\.1\), a private network address/);
    expect(refusalSentence("127.0.0.1", classifyAddress("127.0.0.1"), STRICT)).toMatch(/^The org URL's address 127\.0\.0\.1 is a loopback address \(this server itself\); the console does not connect there\. Local/);
  });
});
