import "server-only";
import { Issuer, custom, errors, type Client } from "openid-client";

/**
 * What the MSP's Okta said about a refresh token:
 * - renewed: the identity is still good; `groups` is the new ID token's `groups` claim (null when the
 *   answer had no ID token), `refreshToken` the token to keep (a new one where Okta rotates them).
 * - refused: `invalid_grant` — the user was deactivated or suspended, the token was revoked, or it
 *   expired. The session must end.
 * - unavailable: anything else (network, timeout, 5xx, 429, or a configuration error such as
 *   invalid_client): Okta did not say no, so the caller may keep the session for a bounded grace.
 */
export type RefreshOutcome =
  | { kind: "renewed"; subject: string | null; groups: string[] | null; refreshToken: string }
  | { kind: "refused"; error: string; description: string }
  | { kind: "unavailable"; detail: string };

export interface IdentityRefresher {
  refresh(refreshToken: string): Promise<RefreshOutcome>;
}

export interface OidcRefresherConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Per HTTP request to the issuer (discovery, token, JWKS). */
  timeoutMs?: number;
}

/** The `groups` claim as the sign-in reads it (lib/auth/options.ts): strings only, absent = none. */
export function groupsClaim(claims: Record<string, unknown>): string[] {
  const groups = claims.groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
}

/**
 * Refreshes at the issuer's token endpoint (from its discovery document) with openid-client, the
 * library next-auth signs in with: client_secret_basic like the sign-in, and the new ID token is
 * validated the same way (JWKS signature, iss, aud, exp, at_hash).
 */
export function oidcRefresher(config: OidcRefresherConfig): IdentityRefresher {
  const timeout = config.timeoutMs ?? 5000;
  let client: Promise<Client> | null = null;

  const getClient = () => {
    client ??= (async () => {
      const issuer = await Issuer.discover(config.issuer);
      const c = new issuer.Client({ client_id: config.clientId, client_secret: config.clientSecret, token_endpoint_auth_method: "client_secret_basic" });
      c[custom.http_options] = (_url, options) => ({ ...options, timeout });
      return c;
    })().catch((err: unknown) => {
      client = null; // try discovery again next time
      throw err;
    });
    return client;
  };

  return {
    async refresh(refreshToken) {
      try {
        const tokens = await (await getClient()).refresh(refreshToken);
        const claims = tokens.id_token ? (tokens.claims() as Record<string, unknown>) : null;
        return {
          kind: "renewed",
          subject: claims && typeof claims.sub === "string" ? claims.sub : null,
          groups: claims ? groupsClaim(claims) : null,
          refreshToken: tokens.refresh_token ?? refreshToken,
        };
      } catch (err) {
        if (err instanceof errors.OPError && err.error === "invalid_grant") {
          return { kind: "refused", error: err.error, description: err.error_description ?? "" };
        }
        const detail = err instanceof errors.OPError ? `${err.error}${err.error_description ? `: ${err.error_description}` : ""}` : err instanceof Error ? err.message : String(err);
        return { kind: "unavailable", detail };
      }
    },
  };
}
