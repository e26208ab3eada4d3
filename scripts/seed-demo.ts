// Seeds the console database for the demo and the end-to-end tests: the emulator's customer orgs as
// tenants (credentials encrypted like any other), the demo staff, and teams bound to the MSP org's
// console groups. Idempotent: re-running updates org URLs and credentials, keeps everything else.
// Runs under `tsx --conditions=react-server` so the server-only services load outside Next.
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { parseEnv } from "../lib/env";
import { CONSOLE_GROUPS, DEMO_PASSWORD, MSP_DOMAIN, MSP_STAFF } from "../emulator/seeds/msp";
import { createTenant, rotateTenantCredential, getTenantBySlug } from "../lib/tenants/service";
import { tenantCreateSchema, tenantRotateCredentialSchema } from "../lib/tenants/schemas";
import { createTeam } from "../lib/teams/service";
import { teamCreateSchema } from "../lib/teams/schemas";
import { ROLE_LABELS, type Role } from "../lib/rbac/permissions";

interface EmulatorOrg {
  slug: string;
  name: string;
  orgUrl: string;
  apiToken: string;
}

/** How each demo customer org is described in the console. */
const TENANT_DETAILS: Record<string, { mastery: string; tags: string[]; ticketRequired?: boolean }> = {
  acme: { mastery: "okta", tags: ["service-desk", "okta-mastered"] },
  initech: { mastery: "active_directory", tags: ["service-desk", "hybrid"] },
  umbrella: { mastery: "hr", tags: ["service-desk", "healthcare"], ticketRequired: true },
  contoso: { mastery: "okta", tags: ["service-desk", "enterprise"] },
  globex: { mastery: "okta", tags: ["trial"] },
};

/** Teams bound to the MSP org's console groups; the role each gives and where. */
const TEAMS: Record<string, { team: string; role: Role; scopeType: "all" | "tag"; scopeTag?: string }> = {
  "Console Administrators": { team: "Administrators", role: "admin", scopeType: "all" },
  "Console Read Only": { team: "Auditors", role: "readonly_admin", scopeType: "all" },
  "Console Technicians": { team: "Technicians", role: "technician", scopeType: "all" },
  "Console Technicians (No Deep Link)": { team: "Technicians (no deep links)", role: "technician_no_deeplink", scopeType: "all" },
  "Console Help Desk": { team: "Service Desk", role: "helpdesk", scopeType: "tag", scopeTag: "service-desk" },
  "Console Billing": { team: "Billing", role: "billing", scopeType: "all" },
};

/** Stable keys tests and the demo banner use for each account. */
const ACCOUNT_KEYS: Record<string, string> = {
  admin: "admin",
  readonly: "readonly",
  tech: "technician",
  technd: "technician_no_deeplink",
  helpdesk: "helpdesk",
  billing: "billing",
  noteam: "noteam",
};

async function main() {
  const emulatorUrl = process.env.EMULATOR_URL;
  if (!emulatorUrl) throw new Error("EMULATOR_URL is not set");
  const config = parseEnv(process.env);
  const db = createDb(config.DATABASE_URL);
  // The demo orgs live on the local emulator (http://127.0.0.1): needs ALLOW_LOCAL_ORG_URLS=true.
  const deps = { db, keys: config.CREDENTIAL_KEYS, allowLocalOrgUrls: config.ALLOW_LOCAL_ORG_URLS };
  try {
    const orgs = (await (await fetch(`${emulatorUrl}/__emulator/orgs`)).json()) as EmulatorOrg[];
    for (const org of orgs.filter((o) => o.slug in TENANT_DETAILS)) {
      const details = TENANT_DETAILS[org.slug]!;
      const credential = { credentialType: "ssws", apiToken: org.apiToken };
      const existing = await getTenantBySlug(org.slug, deps);
      if (existing) {
        if (existing.orgUrl !== org.orgUrl) await db.tenant.update({ where: { id: existing.id }, data: { orgUrl: org.orgUrl } });
        await rotateTenantCredential(tenantRotateCredentialSchema.parse({ id: existing.id, ...credential }), deps);
      } else {
        await createTenant(
          tenantCreateSchema.parse({
            name: org.name,
            slug: org.slug,
            orgUrl: org.orgUrl,
            mastery: details.mastery,
            tags: details.tags.join(","),
            ticketRequired: details.ticketRequired ? "on" : undefined,
            ...credential,
          }),
          deps,
        );
      }
    }

    for (const [group, spec] of Object.entries(TEAMS)) {
      if (await db.team.findUnique({ where: { name: spec.team } })) continue;
      await createTeam(
        db,
        teamCreateSchema.parse({
          name: spec.team,
          description: `Demo team bound to the MSP group "${group}".`,
          role: spec.role,
          scopeType: spec.scopeType,
          scopeTag: spec.scopeTag,
          oidcGroup: group,
        }),
      );
    }
    const known = new Set(CONSOLE_GROUPS.map(([name]) => name));
    const staff = MSP_STAFF.filter((s) => s.local in ACCOUNT_KEYS).map((s) => {
      const team = s.group && known.has(s.group) ? TEAMS[s.group] : undefined;
      return {
        key: ACCOUNT_KEYS[s.local]!,
        email: `${s.local}@${MSP_DOMAIN}`,
        name: `${s.firstName} ${s.lastName}`,
        role: team
          ? `${ROLE_LABELS[team.role]}${team.scopeType === "tag" ? ` in orgs tagged "${team.scopeTag}"` : ", all orgs"} (team ${team.team})`
          : "no access yet (an Administrator grants it)",
      };
    });
    const accountsFile = process.env.DEMO_ACCOUNTS_FILE ?? path.join("data", "demo-accounts.json");
    fs.mkdirSync(path.dirname(accountsFile), { recursive: true });
    fs.writeFileSync(accountsFile, JSON.stringify({ password: DEMO_PASSWORD, staff }, null, 2));
    console.log(`Seeded ${orgs.length - 1} customer orgs and ${Object.keys(TEAMS).length} teams.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`Demo seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
