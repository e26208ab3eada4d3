// The console's Content-Security-Policy and Strict-Transport-Security values. Pure functions: proxy.ts
// builds them per response (the CSP carries a fresh nonce each time), the tests build them directly.
//
// Scripts: only those carrying this response's nonce (Next.js puts it on its own scripts when the
// request's CSP names it), plus what they load ('strict-dynamic'); never 'unsafe-inline'. 'self' is
// ignored by browsers that understand 'strict-dynamic' and only helps older ones.
//
// Styles: 'unsafe-inline' is deliberate. React renders `style` attributes into the HTML (Radix
// positioning and visually-hidden text), and Radix's scroll lock and sonner insert <style> elements
// at run time without a nonce; a nonce in style-src would block all of them (a nonce makes browsers
// ignore 'unsafe-inline'). Injected CSS cannot run script; scripts stay nonce-only.

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

export interface CspOptions {
  /** This response's nonce (createNonce()). */
  nonce: string;
  /** NEXTAUTH_URL: upgrade-insecure-requests only when the console itself is served over https. */
  consoleUrl: string;
  /**
   * OKTA_ISSUER: its origin may receive form submissions and their redirects. Sign-out is a form POST
   * that answers with a redirect to the MSP org's end-session endpoint, and browsers check
   * form-action against every redirect of a form submission.
   */
  issuer: string;
  /** `next dev` only: React's dev build needs eval for its debugging aids. Never in production. */
  development?: boolean;
}

export function contentSecurityPolicy({ nonce, consoleUrl, issuer, development = false }: CspOptions): string {
  if (!NONCE.test(nonce)) throw new Error("CSP nonce must be base64 of at least 12 random bytes");
  const issuerOrigin = new URL(issuer).origin;
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["frame-ancestors", "'none'"],
    ["form-action", "'self'", ...(issuerOrigin === new URL(consoleUrl).origin ? [] : [issuerOrigin])],
  ];
  if (isHttps(consoleUrl)) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** HSTS for two years, subdomains included; only when the console's URL is https (null otherwise). */
export function strictTransportSecurity(consoleUrl: string): string | null {
  return isHttps(consoleUrl) ? "max-age=63072000; includeSubDomains" : null;
}

function isHttps(url: string): boolean {
  return new URL(url).protocol === "https:";
}
