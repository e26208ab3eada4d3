import "server-only";
// "Test connection": proves, step by step and in plain words, that an org URL is an Okta org, that the
// credential is accepted, and that its principal is a Super or Org Administrator. Works the same
// against a real org and the local emulator: step 1 asks the org's public discovery document and,
// failing that, looks for Okta's error object on an unauthenticated API call.
import { literalOrgUrlRefusal } from "@/lib/net/address";
import { guardedRequest, MAX_PROBE_RESPONSE_BYTES, type OrgNetworkPolicy, type Resolver } from "@/lib/net/guard";
import { createOktaGateway, describeOktaError, withOktaRequestLog, type OktaGateway, type OktaRoleSummary } from "@/lib/okta/gateway";
import { recordOktaRequestId } from "@/lib/okta/request-log";
import { TenantInputError } from "./errors";
import { localOrgUrlError, type OktaCredential } from "./schemas";

export type ConnectionStepName = "reachable" | "credential" | "adminRole";

export interface ConnectionStep {
  name: ConnectionStepName;
  label: string;
  status: "passed" | "failed" | "skipped";
  ok: boolean;
  detail: string;
  /** X-Okta-Request-Id values of this step's calls (for the audit row). */
  requestIds: string[];
}

export interface ConnectionReport {
  ok: boolean;
  steps: ConnectionStep[];
}

const LABELS: Record<ConnectionStepName, string> = {
  reachable: "The org URL answers as Okta",
  credential: "Okta accepts the credential",
  adminRole: "The credential has an admin role the console can work with",
};

export const REQUIRED_ADMIN_ROLES = ["SUPER_ADMIN", "ORG_ADMIN"] as const;

const ROLE_NAMES: Record<string, string> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organization Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read-only Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  REPORT_ADMIN: "Report Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
  CUSTOM: "Custom role",
};

function roleName(role: OktaRoleSummary): string {
  return ROLE_NAMES[role.type] ?? role.label ?? role.type;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * One unauthenticated GET through the org network guard: refused addresses are never connected to,
 * a redirect is an error (not followed), and at most MAX_PROBE_RESPONSE_BYTES are read.
 */
async function probe(url: string, policy: OrgNetworkPolicy, timeoutMs: number): Promise<{ status: number; json: unknown; requestId: string | null }> {
  const res = await guardedRequest(url, {
    policy,
    headers: { Accept: "application/json", "User-Agent": "okta-msp-console" },
    timeoutMs,
    maxBytes: MAX_PROBE_RESPONSE_BYTES,
  });
  const requestId = res.headers.get("x-okta-request-id");
  recordOktaRequestId(requestId);
  let json: unknown = undefined;
  try {
    json = JSON.parse(res.body.toString("utf8"));
  } catch {
    json = undefined;
  }
  return { status: res.status, json, requestId };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** Step 1. Returns a failure detail, or the success detail. */
async function checkReachable(orgUrl: string, policy: OrgNetworkPolicy, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  // Okta's public org discovery document (no token needed).
  const wk = await probe(`${orgUrl}/.well-known/okta-organization`, policy, timeoutMs);
  if (wk.status === 200 && isRecord(wk.json) && typeof wk.json.id === "string") {
    return { ok: true, detail: `Okta org ${wk.json.id} answered at ${orgUrl}.` };
  }
  // Fallback: an unauthenticated API call must come back as Okta's error object (E0000011 and friends).
  const api = await probe(`${orgUrl}/api/v1/users/me`, policy, timeoutMs);
  if (isRecord(api.json) && typeof api.json.errorCode === "string" && /^E\d{7}$/.test(api.json.errorCode)) {
    return { ok: true, detail: `The URL answered with Okta's API (HTTP ${api.status} ${api.json.errorCode} without a token, as expected).` };
  }
  return {
    ok: false,
    detail: `The URL answered (HTTP ${api.status}), but not like an Okta org. Check the org URL (e.g. https://acme.okta.com).`,
  };
}

function failureDetail(err: unknown): string {
  const d = describeOktaError(err);
  return d ? d.sentence : "The check failed unexpectedly; see the server log.";
}

async function step(
  name: ConnectionStepName,
  fn: () => Promise<{ ok: boolean; detail: string }>,
): Promise<ConnectionStep> {
  const run = await withOktaRequestLog(fn);
  if (run.error !== undefined || !run.result) {
    if (!describeOktaError(run.error)) console.error(`test connection: step ${name} failed`, errorName(run.error));
    return { name, label: LABELS[name], status: "failed", ok: false, detail: failureDetail(run.error), requestIds: run.requestIds };
  }
  const { ok, detail } = run.result;
  return { name, label: LABELS[name], status: ok ? "passed" : "failed", ok, detail, requestIds: run.requestIds };
}

/** Only the error's class and code reach the server log: messages may quote request details. */
function errorName(err: unknown): string {
  if (!isRecord(err)) return String(typeof err);
  return [err.name, err.code].filter((v) => typeof v === "string").join(" ") || "Error";
}

function skipped(name: ConnectionStepName): ConnectionStep {
  return { name, label: LABELS[name], status: "skipped", ok: false, detail: "Not checked (an earlier step failed).", requestIds: [] };
}

function roleVerdict(roles: OktaRoleSummary[], who: string): { ok: boolean; detail: string } {
  const held = [...new Set(roles.map(roleName))];
  const enough = roles.some((r) => (REQUIRED_ADMIN_ROLES as readonly string[]).includes(r.type));
  if (enough) return { ok: true, detail: `${who} holds ${held.join(", ")}.` };
  return {
    ok: false,
    detail:
      held.length === 0
        ? `${who} holds no admin role. Missing: Super Administrator or Organization Administrator.`
        : `${who} holds ${held.join(", ")}. Missing: Super Administrator or Organization Administrator (the console's user, group and app management needs one of them).`,
  };
}

export interface TestConnectionInput {
  orgUrl: string;
  credential: OktaCredential;
  /**
   * The server setting ALLOW_LOCAL_ORG_URLS: whether plain-http / localhost org URLs may be called.
   * Required, so every caller states it (the service passes the app's setting; tests say so).
   */
  allowLocalOrgUrls: boolean;
  /** Saved org: its id (only labels the throwaway gateway; nothing is cached). */
  tenantId?: string;
  /** Tests: a shorter per-request timeout. */
  timeoutMs?: number;
  /** Tests: answers DNS instead of the system resolver (the guard still checks every answer). */
  resolver?: Resolver;
}

export async function testConnection(input: TestConnectionInput): Promise<ConnectionReport> {
  const orgUrl = input.orgUrl.trim().replace(/\/+$/, "");
  // Before any request: a refused URL is never called, not even unauthenticated.
  const refused = localOrgUrlError(orgUrl, input.allowLocalOrgUrls) ?? literalOrgUrlRefusal(orgUrl, { allowLocal: input.allowLocalOrgUrls });
  if (refused) throw new TenantInputError(refused, { orgUrl: [refused] });
  const steps: ConnectionStep[] = [];
  // Enforced again at connect time for every probe and SDK call (lib/net/guard.ts): the URL check above
  // only sees the host name, not the addresses it resolves to.
  const policy: OrgNetworkPolicy = { allowLocal: input.allowLocalOrgUrls, ...(input.resolver ? { resolver: input.resolver } : {}) };

  const reach = await step("reachable", () => checkReachable(orgUrl, policy, input.timeoutMs ?? PROBE_TIMEOUT_MS));
  steps.push(reach);
  if (!reach.ok) {
    steps.push(skipped("credential"), skipped("adminRole"));
    return { ok: false, steps };
  }

  // A throwaway gateway: test connection must not warm (or poison) the per-tenant cache.
  const gateway: OktaGateway = createOktaGateway({
    tenantId: input.tenantId ?? "draft",
    orgUrl,
    credential: input.credential,
    allowLocalOrgUrls: input.allowLocalOrgUrls,
    ...(input.resolver ? { networkOptions: { resolver: input.resolver } } : {}),
    executorOptions: input.timeoutMs
      ? { attemptTimeoutMs: input.timeoutMs, maxRetries: 1, maxRetryDelayMs: 5_000 }
      : undefined,
  });

  let principal: { kind: "user"; id: string; who: string } | { kind: "app"; who: string } | undefined;
  const cred = await step("credential", async () => {
    if (input.credential.type === "ssws") {
      const me = await gateway.me();
      principal = { kind: "user", id: me.id, who: `${me.displayName}${me.login && me.login !== me.displayName ? ` (${me.login})` : ""}` };
      return { ok: true, detail: `The API token works; it acts as ${principal.who}.` };
    }
    const { scopes: granted } = await gateway.ensureAccessToken();
    principal = { kind: "app", who: `The service app ${input.credential.clientId}` };
    // Okta issues the token with the granted part of the request and leaves the rest out silently.
    const missing = granted.length > 0 ? input.credential.scopes.filter((s) => !granted.includes(s)) : [];
    if (missing.length > 0) {
      return {
        ok: false,
        detail: `The service app obtained an access token, but Okta left out ${missing.join(", ")}: the app has not been granted ${missing.length === 1 ? "that scope" : "those scopes"}. Grant ${missing.length === 1 ? "it" : "them"} in Okta (the app's Okta API Scopes tab) or remove ${missing.length === 1 ? "it" : "them"} from this org's scopes.`,
      };
    }
    return {
      ok: true,
      detail: `The service app obtained an access token for ${input.credential.scopes.length} scope${input.credential.scopes.length === 1 ? "" : "s"}.`,
    };
  });
  steps.push(cred);
  if (!cred.ok || !principal) {
    steps.push(skipped("adminRole"));
    return { ok: false, steps };
  }

  const p = principal;
  const role = await step("adminRole", async () => {
    try {
      const roles = p.kind === "user" ? await gateway.userRoles(p.id) : await gateway.clientRoles();
      return roleVerdict(roles, p.who);
    } catch (err) {
      const d = describeOktaError(err);
      if (d?.code === "E0000006") {
        return {
          ok: false,
          detail: `${p.who} may not read admin roles, so it is not a Super or Organization Administrator. Missing: Super Administrator or Organization Administrator.`,
        };
      }
      throw err;
    }
  });
  steps.push(role);
  return { ok: steps.every((s) => s.ok), steps };
}
