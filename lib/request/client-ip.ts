// The caller's IP for audit rows. Next.js sets X-Forwarded-For to the socket address only when the
// request has none, so a client talking to the console directly can put anything there. Behind
// reverse proxies, each appends the address it saw: with TRUSTED_PROXY_HOPS=N the entry N places from
// the right is the address the outermost trusted proxy saw, which the client cannot forge. With 0
// (no proxy) the right-most entry is used: the socket address, unless the client sent the header.

export function clientIp(forwardedFor: string | null, trustedProxyHops: number): string | null {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const index = hops.length - Math.max(1, trustedProxyHops);
  return hops[Math.max(0, index)] ?? null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Caller IP and user agent for audit rows, from a request's headers. */
export function metaFromHeaders(h: Pick<Headers, "get">, trustedProxyHops: number): RequestMeta {
  return { ip: clientIp(h.get("x-forwarded-for"), trustedProxyHops), userAgent: h.get("user-agent") };
}
