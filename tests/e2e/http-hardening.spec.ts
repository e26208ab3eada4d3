// HTTP hardening on the running production build: a fresh CSP nonce per response that every script of
// the page carries, no CSP violation while staff work, HSTS only on https (here: http), and route
// handlers that accept only their methods and only same-origin state changes.
// (https + HSTS and the production configuration rules: configuration.spec.ts.)
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { account, baseUrl, signIn } from "./helpers";

function nonceOf(res: APIResponse): string {
  const csp = res.headers()["content-security-policy"];
  expect(csp, `CSP on ${res.url()}`).toBeTruthy();
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp!);
  expect(match, csp).not.toBeNull();
  return match![1]!;
}

/** Every <script> tag of the HTML, and the nonce each carries (null when none). */
function scriptNonces(html: string): Array<string | null> {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((m) => /\snonce="([^"]*)"/.exec(m[0])?.[1] ?? null);
}

async function expectNoncedPage(res: APIResponse, status = 200): Promise<string> {
  expect(res.status(), res.url()).toBe(status);
  const nonce = nonceOf(res);
  const scripts = scriptNonces(await res.text());
  expect(scripts.length, `scripts on ${res.url()}`).toBeGreaterThan(0);
  expect(scripts, `every script on ${res.url()} carries the header's nonce`).toEqual(scripts.map(() => nonce));
  return nonce;
}

/** Collects CSP violations (DOM events and console reports) and page errors from now on. */
async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  // Both run outside the page's CSP (DevTools protocol), so they see what the page's own code cannot.
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => void problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on("console", (msg) => {
    if (/Content.Security.Policy|Refused to (execute|load|apply|connect|frame|send form)/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

test.describe("HTTP hardening", () => {
  test("each response carries a fresh CSP nonce, and every script in its HTML carries that nonce", async ({ request }) => {
    const first = await request.get(`${baseUrl()}/sign-in`);
    const second = await request.get(`${baseUrl()}/sign-in`);
    const [a, b] = [await expectNoncedPage(first), await expectNoncedPage(second)];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64")).toHaveLength(16);

    const csp = first.headers()["content-security-policy"]!;
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'", "connect-src 'self'", "img-src 'self' data:"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(new RegExp(`script-src 'self' 'nonce-${a.replace(/[+/]/g, "\\$&")}' 'strict-dynamic'(;|$)`));
    expect(csp).not.toContain("upgrade-insecure-requests"); // the console is on http here
    // Next's own 404 page renders per request too, so its scripts carry the nonce as well.
    await expectNoncedPage(await request.get(`${baseUrl()}/no-such-page`), 404);
    // HSTS only when NEXTAUTH_URL is https; the test console is http://localhost.
    expect(first.headers()["strict-transport-security"]).toBeUndefined();
    // Build assets need no policy (they run nothing by themselves) and skip the proxy.
    const asset = /<script\b[^>]*\ssrc="([^"]*\/_next\/static\/[^"]+)"/.exec(await first.text())?.[1];
    expect(asset).toBeTruthy();
    const assetRes = await request.get(new URL(asset!, baseUrl()).toString());
    expect(assetRes.status()).toBe(200);
    expect(assetRes.headers()["content-security-policy"]).toBeUndefined();
  });

  test("signed-in pages are nonced too, and staff work without a single CSP violation", async ({ page }) => {
    const problems = await watchViolations(page);
    await signIn(page, "admin");

    const pages = ["/dashboard", "/t/acme", "/settings/orgs", "/settings/staff", "/settings/teams", "/settings/access", "/audit"];
    const nonces = new Set<string>();
    for (const path of pages) {
      // Same cookies as the browser: the HTML a signed-in staff member receives.
      nonces.add(await expectNoncedPage(await page.request.get(`${baseUrl()}${path}`)));
      const res = await page.goto(`${baseUrl()}${path}`);
      expect(res?.status(), path).toBe(200);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    }
    expect(nonces.size).toBe(pages.length);

    // Client-side interaction: the org palette (dialog, scroll lock), client navigation, a form page.
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByRole("button", { name: "Go to org" }).click();
    const palette = page.getByRole("dialog", { name: "Go to org" });
    await expect(palette.getByRole("option", { name: /Acme Corporation/ })).toBeVisible();
    await palette.getByRole("option", { name: /Acme Corporation/ }).click();
    await page.waitForURL(/\/t\/acme/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orgs", exact: true }).click();
    await page.waitForURL(/\/settings\/orgs$/);
    await page.goto(`${baseUrl()}/settings/teams/new`);
    await expect(page.getByLabel("Name")).toBeVisible();

    // Sign-out: a form POST answered by a redirect to the MSP org's end-session endpoint (form-action).
    const admin = account("admin");
    await page.getByRole("button", { name: `Account menu for ${admin.name}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await expect(page.getByRole("button", { name: "Sign in with Okta" })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test("route handlers answer 405 to methods they do not declare", async ({ request }) => {
    const origin = { Origin: baseUrl(), "Content-Type": "application/json" };
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await request.fetch(`${baseUrl()}/api/t/acme/user-count`, { method, headers: origin, data: "{}" });
      expect(res.status(), `${method} user-count`).toBe(405);
    }
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const res = await request.fetch(`${baseUrl()}/api/auth/session`, { method, headers: origin, data: "{}" });
      expect(res.status(), `${method} next-auth`).toBe(405);
      const signOut = await request.fetch(`${baseUrl()}/api/auth/federated-sign-out`, { method, headers: origin, data: "{}" });
      expect(signOut.status(), `${method} federated-sign-out`).toBe(405);
    }
    expect((await request.get(`${baseUrl()}/api/auth/federated-sign-out`)).status()).toBe(405);
  });

  test("sign-out is a same-origin browser POST only: other origins and origin-less requests get 403", async ({ page }) => {
    await signIn(page, "technician");
    const post = (headers: Record<string, string>) =>
      page.request.post(`${baseUrl()}/api/auth/federated-sign-out`, { headers, form: {}, maxRedirects: 0 });
    const refused: Array<Record<string, string>> = [{ Origin: "https://evil.example" }, { Origin: "null" }, {}, { Origin: baseUrl(), "Sec-Fetch-Site": "cross-site" }];
    for (const headers of refused) {
      const res = await post(headers);
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/json");
      expect(await res.json()).toMatchObject({ ok: false, code: "forbidden" });
    }
    // The refused attempts changed nothing: still signed in.
    await page.goto(`${baseUrl()}/dashboard`);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // From the console's own origin it signs out (303 to the MSP org's end-session endpoint).
    const ok = await post({ Origin: baseUrl() });
    expect(ok.status()).toBe(303);
    await page.goto(`${baseUrl()}/dashboard`);
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
