// All configuration, validated once with zod. A bad or missing variable stops start-up with one line
// per problem (see instrumentation.ts); nothing else in the app reads process.env directly.
import { z } from "zod";
import { DatabaseUrlError, databaseTarget } from "@/lib/db/target";
import { parseAuditKeys } from "@/lib/audit/keys";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const positiveNumber = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive number" });
        return z.NEVER;
      }
      return n;
    });

/** "true"/"false" (also 1/0, yes/no, on/off); unset or empty = `fallback`. Anything else is an error. */
const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? "").toLowerCase();
      if (value === "") return fallback;
      if (["true", "1", "yes", "on"].includes(value)) return true;
      if (["false", "0", "no", "off"].includes(value)) return false;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    });

/** `CREDENTIAL_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>"`: the first key encrypts, all decrypt. */
const credentialKeys = z
  .string()
  .trim()
  .min(1, "is required (comma-separated keyId:base64Key pairs; the first key encrypts)")
  .transform((value, ctx) => {
    const keys: Array<{ id: string; key: Buffer }> = [];
    for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
      const idx = part.indexOf(":");
      const id = part.slice(0, idx);
      const key = Buffer.from(part.slice(idx + 1), "base64");
      if (idx < 1 || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
        ctx.addIssue({ code: "custom", message: "each entry must be keyId:base64 of exactly 32 bytes" });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    if (keys.length === 0) {
      ctx.addIssue({ code: "custom", message: "needs at least one key" });
      return z.NEVER;
    }
    return keys;
  });

/** `AUDIT_KEYS="a2:<base64 32 bytes>,a1:<base64 32 bytes>"`: HMAC keys of the audit chain; the first keys new rows. */
const auditKeys = z
  .string()
  .trim()
  .min(1, "is required (comma-separated keyId:base64Key pairs; the first key signs new audit rows)")
  .transform((value, ctx) => {
    const parsed = parseAuditKeys(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return parsed.keys;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.superRefine((v, ctx) => {
    try {
      databaseTarget(v);
    } catch (err) {
      if (err instanceof DatabaseUrlError) ctx.addIssue({ code: "custom", message: err.message.replace(/^DATABASE_URL /, "") });
      else throw err;
    }
  }),
  NEXTAUTH_URL: z.url({ message: "must be the console's public URL, e.g. http://localhost:3000" }).default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one: openssl rand -base64 32)"),
  CREDENTIAL_KEYS: credentialKeys,
  AUDIT_KEYS: auditKeys,
  OKTA_ISSUER: z.url({ message: "must be the MSP org's authorization server URL, e.g. https://msp.okta.com/oauth2/default" }),
  OKTA_CLIENT_ID: z.string().trim().min(1, "is required (the console's OIDC app client id in the MSP org)"),
  OKTA_CLIENT_SECRET: z.string().trim().min(1, "is required (the console's OIDC app client secret)"),
  OKTA_SCOPES: z
    .string()
    .trim()
    .default("openid email profile")
    .refine((v) => v.split(/\s+/).includes("openid") && v.split(/\s+/).includes("email"), "must include openid and email"),
  /** Reverse proxies in front of the console that append to X-Forwarded-For (for audit IPs). */
  TRUSTED_PROXY_HOPS: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return 0;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 10) {
        ctx.addIssue({ code: "custom", message: "must be a whole number from 0 to 10" });
        return z.NEVER;
      }
      return n;
    }),
  SESSION_MAX_AGE_HOURS: positiveNumber(12),
  SESSION_IDLE_MINUTES: positiveNumber(60),
  /**
   * How often (minutes) a signed-in session re-checks its identity with the MSP's Okta (OIDC refresh
   * token): a deactivated staff member, or one removed from a team's group, loses that access within it.
   */
  IDENTITY_RECHECK_MINUTES: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return 15;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1440) {
        ctx.addIssue({ code: "custom", message: "must be a whole number of minutes from 1 to 1440" });
        return z.NEVER;
      }
      return n;
    }),
  /**
   * Accept customer org URLs on localhost / plain http (the local Okta emulator). Off in production:
   * otherwise an Administrator could point an org at a service on the console's own host, and send
   * its credential there in clear. `npm run demo` and the e2e tests turn it on; in production only a
   * local-only console may (see the production rules below).
   */
  ALLOW_LOCAL_ORG_URLS: booleanFlag(false),
  BOOTSTRAP_ADMINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email({ message: "must be a comma-separated list of email addresses" }))),
})
  // Production rules (`next start`, also behind `npm run demo` and the e2e tests). Staff sign in and
  // send org credentials through this URL, so it must be https; and ALLOW_LOCAL_ORG_URLS would let
  // an Administrator point an org at the console's own network. The one exception is a LOCAL-ONLY
  // console: NEXTAUTH_URL on localhost / 127.0.0.1 / [::1]. Such a console is usable only from the
  // machine it runs on (the OIDC redirect goes to that machine's loopback, and state-changing requests
  // must carry that origin), which is exactly the demo and the tests against the local Okta emulator.
  // Runs even when other variables are bad, so every problem is listed at once.
  .superRefine(
    (v, ctx) => {
      if (v.NODE_ENV !== "production" || isLocalOnlyConsole(v.NEXTAUTH_URL)) return;
      if (new URL(v.NEXTAUTH_URL).protocol !== "https:") {
        ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must be https in production (plain http only for a local-only console on localhost)" });
      }
      if (v.ALLOW_LOCAL_ORG_URLS) {
        ctx.addIssue({ code: "custom", path: ["ALLOW_LOCAL_ORG_URLS"], message: "cannot be true in production unless NEXTAUTH_URL is on localhost (a local-only demo or test console)" });
      }
    },
    { when: (payload) => !payload.issues.some((i) => ["NODE_ENV", "NEXTAUTH_URL", "ALLOW_LOCAL_ORG_URLS"].includes(String(i.path?.[0]))) },
  );

/** NEXTAUTH_URL on a loopback host: the console is reachable (and signs staff in) on this machine only. */
export function isLocalOnlyConsole(consoleUrl: string): boolean {
  const host = new URL(consoleUrl).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    const missing = issue.code === "invalid_type" && source[name] === undefined;
    return missing ? `${name} is missing` : `${name} ${issue.message}`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The validated configuration; throws EnvError naming every bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
