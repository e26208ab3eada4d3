// Cross-site request refusal for route handlers that change state. A page on another site can make
// the browser send a form POST with the staff member's cookies (SameSite=Lax does not stop a same-site
// subdomain, and a top-level POST navigation is one redirect away from trouble). Two checks, both of
// which such a page cannot pass:
//  - Origin must be the console's own origin (NEXTAUTH_URL). Browsers send Origin on every POST, PUT,
//    PATCH and DELETE, and our Referrer-Policy (strict-origin-when-cross-origin) keeps it for
//    same-origin requests; a request without one is not from the console's pages. Sec-Fetch-Site,
//    when present, must agree.
//  - The body must be declared JSON: an HTML form cannot send application/json, and a cross-origin
//    fetch that does needs a CORS preflight, which the console never grants.
// Route handlers only: server actions are checked by Next.js itself (Origin against Host).

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isStateChanging(method: string): boolean {
  return STATE_CHANGING.has(method.toUpperCase());
}

/** null when the request comes from a page of `consoleUrl`'s origin; otherwise why not (for logs). */
export function crossOriginProblem(headers: Pick<Headers, "get">, consoleUrl: string): string | null {
  const expected = new URL(consoleUrl).origin;
  const origin = headers.get("origin");
  if (origin === null) return "no Origin header";
  if (origin !== expected) return `Origin ${origin} is not ${expected}`;
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `Sec-Fetch-Site is ${site}`;
  return null;
}

/** Whether the declared body type is application/json (parameters such as charset allowed). */
export function isJsonContentType(contentType: string | null): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

const NO_STORE = { "Cache-Control": "no-store" };

export function crossOriginRefusal(): Response {
  return Response.json(
    { ok: false, code: "forbidden", error: "This request did not come from the console's own pages, so it was refused." },
    { status: 403, headers: NO_STORE },
  );
}

/**
 * For route handlers: a refusal Response when a state-changing request is cross-origin (403) or not
 * declared JSON (415); null when it may proceed. Reads (GET, HEAD) always proceed.
 */
export function refuseUnlessSameOriginJson(req: Request, consoleUrl: string): Response | null {
  if (!isStateChanging(req.method)) return null;
  if (crossOriginProblem(req.headers, consoleUrl) !== null) return crossOriginRefusal();
  if (!isJsonContentType(req.headers.get("content-type"))) {
    return Response.json(
      { ok: false, code: "invalid", error: "Send the request body as JSON (Content-Type: application/json)." },
      { status: 415, headers: NO_STORE },
    );
  }
  return null;
}

/**
 * Whether the browser marks the request as coming from another site (Sec-Fetch-Site cross-site or
 * same-site): for GET routes that write audit rows (an audited deep link, an export), which a page
 * elsewhere could otherwise make a signed-in browser follow (SameSite=Lax cookies ride along).
 */
export function isCrossSiteRequest(headers: Pick<Headers, "get">): boolean {
  const site = headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}
