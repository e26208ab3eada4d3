/** One sentence describing why the OIDC issuer is unusable, or null when its discovery document answers. */
export async function checkIssuer(issuer: string, timeoutMs = 5000): Promise<string | null> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return `OKTA_ISSUER ${issuer} answered ${res.status} for its discovery document; staff cannot sign in.`;
    const doc = (await res.json()) as { issuer?: string };
    if (doc.issuer !== issuer.replace(/\/$/, "")) {
      return `OKTA_ISSUER ${issuer} does not match the issuer its discovery document names (${doc.issuer ?? "none"}).`;
    }
    return null;
  } catch {
    return `OKTA_ISSUER ${issuer} is unreachable; staff cannot sign in until it answers.`;
  }
}
