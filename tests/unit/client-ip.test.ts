import { expect, it } from "vitest";
import { clientIp } from "@/lib/request/client-ip";

it("takes the address the outermost trusted proxy saw, which a client cannot forge", () => {
  // Behind one proxy: the client forged "6.6.6.6"; the proxy appended the real peer.
  expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
  // Behind two proxies: the second-from-right entry is what the outer proxy saw.
  expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  // No proxy: the right-most entry (Next.js puts the socket address there when the header is absent).
  expect(clientIp("127.0.0.1", 0)).toBe("127.0.0.1");
  // More hops configured than present: the left-most is the best there is.
  expect(clientIp("198.51.100.1", 3)).toBe("198.51.100.1");
  expect(clientIp(null, 1)).toBeNull();
  expect(clientIp(" , ", 1)).toBeNull();
});
