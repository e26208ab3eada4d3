// The console always keeps an active Administrator (lib/staff/admin-guard.ts): every change that can take
// the role away is refused when it would leave none, and allowed while another remains. On every
// database we ship, including two Administrators removing each other at the same moment.
import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { countActiveAdministrators, LAST_ADMINISTRATOR_MESSAGE } from "@/lib/staff/admin-guard";
import { removeGrant, setStaffStatus } from "@/lib/staff/service";
import { teamCreateSchema, teamUpdateSchema } from "@/lib/teams/schemas";
import { addTeamMember, createTeam, deleteTeam, getTeam, removeTeamMember, updateTeam } from "@/lib/teams/service";
import { describeDatabases, resetDatabase } from "../helpers/test-db";

async function staff(db: Db, email: string, opts: { groups?: string[]; disabled?: boolean } = {}) {
  return db.staffUser.create({
    data: { email, name: email.split("@")[0] ?? email, subject: `sub-${email}`, oidcGroups: JSON.stringify(opts.groups ?? []), status: opts.disabled ? "disabled" : "active" },
  });
}

async function grant(db: Db, staffId: string, role = "admin") {
  return db.staffGrant.create({ data: { staffId, role, tenantId: null } });
}

/** Expects the last-Administrator refusal. */
async function refusesLastAdmin(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionError);
  expect(err).toMatchObject({ code: "forbidden", auditCode: "last_administrator", message: LAST_ADMINISTRATOR_MESSAGE });
}

const adminTeam = (oidcGroup?: string) => teamCreateSchema.parse({ name: "Administrators", role: "admin", scopeType: "all", ...(oidcGroup ? { oidcGroup } : {}) });
const adminTeamUpdate = (id: string, fields: Record<string, unknown> = {}) =>
  teamUpdateSchema.parse({ id, name: "Administrators", role: "admin", scopeType: "all", ...fields });

describeDatabases("last Administrator", (getDb, env) => {
  beforeEach(async () => resetDatabase(getDb()));

  it("counts active staff with an admin grant or an admin team membership (manual or OIDC) only", async () => {
    const db = getDb();
    const direct = await staff(db, "direct@msp.test");
    await grant(db, direct.id);
    await grant(db, (await staff(db, "gone@msp.test", { disabled: true })).id);
    await grant(db, (await staff(db, "ro@msp.test")).id, "readonly_admin");
    await staff(db, "oidc@msp.test", { groups: ["MSP-Admins"] });
    const team = await createTeam(db, adminTeam("MSP-Admins"));
    await addTeamMember(db, { teamId: team.id, staffId: direct.id });
    await addTeamMember(db, { teamId: team.id, staffId: (await staff(db, "manual@msp.test")).id });
    expect(await countActiveAdministrators(db)).toBe(3);
  });

  it("counts only Administrators who can sign in: not disabled, and signed in before or holding a verified email to claim", async () => {
    const db = getDb();
    const signedIn = await staff(db, "signed-in@msp.test");
    await grant(db, signedIn.id);
    // Pre-added by an Administrator: no sign-in yet, but its verified email lets its owner claim it.
    const preAdded = await db.staffUser.create({ data: { email: "pre@msp.test", name: "Pre" } });
    await grant(db, preAdded.id);
    // Signed in with an email Okta did not verify: can sign in again by subject, so it counts.
    const unverified = await db.staffUser.create({ data: { unverifiedEmail: "unv@msp.test", subject: "sub-unv", name: "Unv" } });
    await grant(db, unverified.id);
    expect(await countActiveAdministrators(db)).toBe(3);

    // Nobody can sign in as a row with neither a subject nor a verified email: it does not count, as an
    // Administrator through a team neither.
    const orphan = await db.staffUser.create({ data: { unverifiedEmail: "orphan@msp.test", name: "Orphan" } });
    await grant(db, orphan.id);
    const team = await createTeam(db, adminTeam());
    await addTeamMember(db, { teamId: team.id, staffId: orphan.id });
    await grant(db, (await staff(db, "gone@msp.test", { disabled: true })).id);
    expect(await countActiveAdministrators(db)).toBe(3);
  });

  it("refuses to leave only Administrators nobody can sign in as", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test");
    const anaGrant = await grant(db, ana.id);
    const orphan = await db.staffUser.create({ data: { name: "Orphan" } });
    await grant(db, orphan.id);
    await refusesLastAdmin(removeGrant(db, { grantId: anaGrant.id }));
    await refusesLastAdmin(setStaffStatus(db, orphan.id, { staffId: ana.id, status: "disabled" }));
    // A pre-added Administrator with a verified email is someone: then Ana may step down.
    const pre = await db.staffUser.create({ data: { email: "pre@msp.test", name: "Pre" } });
    await grant(db, pre.id);
    await removeGrant(db, { grantId: anaGrant.id });
    expect(await countActiveAdministrators(db)).toBe(1);
  });

  it("direct grants: the last one is refused (own or someone else's); stepping down works while another remains", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test");
    const bob = await staff(db, "bob@msp.test");
    const anaGrant = await grant(db, ana.id);
    const bobGrant = await grant(db, bob.id);
    // A disabled Administrator does not count.
    await grant(db, (await staff(db, "gone@msp.test", { disabled: true })).id);

    await removeGrant(db, { grantId: anaGrant.id });
    await refusesLastAdmin(removeGrant(db, { grantId: bobGrant.id }));
    expect(await db.staffGrant.count({ where: { id: bobGrant.id } })).toBe(1);

    // An Administrator through a team is one too.
    const team = await createTeam(db, adminTeam());
    await addTeamMember(db, { teamId: team.id, staffId: ana.id });
    await removeGrant(db, { grantId: bobGrant.id });
    expect(await countActiveAdministrators(db)).toBe(1);
  });

  it("disabling: the last active Administrator is refused; another remaining allows it", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test");
    const bob = await staff(db, "bob@msp.test");
    const clerk = await staff(db, "clerk@msp.test");
    await grant(db, ana.id);
    await grant(db, bob.id);
    await db.staffSession.create({ data: { staffId: bob.id, expiresAt: new Date(Date.now() + 3_600_000) } });

    expect((await setStaffStatus(db, ana.id, { staffId: bob.id, status: "disabled" })).revokedSessions).toBe(1);
    await refusesLastAdmin(setStaffStatus(db, clerk.id, { staffId: ana.id, status: "disabled" }));
    expect((await db.staffUser.findUniqueOrThrow({ where: { id: ana.id } })).status).toBe("active");
    // Self-disabling stays refused on its own rule.
    await expect(setStaffStatus(db, ana.id, { staffId: ana.id, status: "disabled" })).rejects.toMatchObject({ code: "forbidden", auditCode: undefined });

    await setStaffStatus(db, ana.id, { staffId: bob.id, status: "active" });
    await setStaffStatus(db, bob.id, { staffId: ana.id, status: "disabled" });
    expect(await countActiveAdministrators(db)).toBe(1);
  });

  it("deleting the Administrators team: refused when its members are the only Administrators", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test", { groups: ["MSP-Admins"] });
    const bob = await staff(db, "bob@msp.test");
    const team = await createTeam(db, adminTeam("MSP-Admins"));
    await addTeamMember(db, { teamId: team.id, staffId: bob.id });

    await refusesLastAdmin(deleteTeam(db, { id: team.id }));
    expect((await getTeam(db, team.id))?.members.map((m) => m.source).sort()).toEqual(["manual", "oidc"]);

    await grant(db, ana.id);
    expect((await deleteTeam(db, { id: team.id })).members).toBe(2);
    expect(await getTeam(db, team.id)).toBeNull();
  });

  it("editing the Administrators team: a role change or an OIDC group change that drops the Administrators is refused", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test", { groups: ["MSP-Admins"] });
    const team = await createTeam(db, adminTeam("MSP-Admins"));

    // Harmless edits pass.
    await updateTeam(db, adminTeamUpdate(team.id, { description: "Everything", oidcGroup: "MSP-Admins" }));
    await refusesLastAdmin(updateTeam(db, adminTeamUpdate(team.id, { role: "technician", oidcGroup: "MSP-Admins" })));
    await refusesLastAdmin(updateTeam(db, adminTeamUpdate(team.id, { oidcGroup: "MSP-Other" })));
    await refusesLastAdmin(updateTeam(db, adminTeamUpdate(team.id)));
    const kept = await getTeam(db, team.id);
    expect([kept?.role, kept?.oidcGroup, kept?.description, kept?.members.map((m) => m.email)]).toEqual(["admin", "MSP-Admins", "Everything", ["ana@msp.test"]]);

    // With a manual member the group can change (the manual member stays an Administrator)...
    const bob = await staff(db, "bob@msp.test");
    await addTeamMember(db, { teamId: team.id, staffId: bob.id });
    await updateTeam(db, adminTeamUpdate(team.id, { oidcGroup: "MSP-Other" }));
    expect((await getTeam(db, team.id))?.members.map((m) => m.email)).toEqual(["bob@msp.test"]);
    // ...and with a direct Administrator elsewhere the role can change.
    await grant(db, ana.id);
    await updateTeam(db, adminTeamUpdate(team.id, { role: "technician" }));
    expect((await getTeam(db, team.id))?.role).toBe("technician");
  });

  it("removing a team member: yourself or the last other Administrator is refused; another remaining allows it", async () => {
    const db = getDb();
    const ana = await staff(db, "ana@msp.test");
    const bob = await staff(db, "bob@msp.test");
    const team = await createTeam(db, adminTeam());
    await addTeamMember(db, { teamId: team.id, staffId: ana.id });
    await addTeamMember(db, { teamId: team.id, staffId: bob.id });

    await removeTeamMember(db, { teamId: team.id, staffId: bob.id });
    await refusesLastAdmin(removeTeamMember(db, { teamId: team.id, staffId: ana.id }));
    expect((await getTeam(db, team.id))?.members.map((m) => m.email)).toEqual(["ana@msp.test"]);

    await grant(db, bob.id);
    await removeTeamMember(db, { teamId: team.id, staffId: ana.id });
    expect(await countActiveAdministrators(db)).toBe(1);
  });

  it("does not block a console that has no Administrator yet", async () => {
    const db = getDb();
    const tech = await staff(db, "tech@msp.test");
    const g = await grant(db, tech.id, "technician");
    await removeGrant(db, { grantId: g.id });
    await setStaffStatus(db, (await staff(db, "x@msp.test")).id, { staffId: tech.id, status: "disabled" });
    expect(await countActiveAdministrators(db)).toBe(0);
  });

  it("two Administrators removing each other at the same moment: exactly one succeeds", async () => {
    // PostgreSQL: two clients (two console instances), serialised by the advisory lock. To make the two
    // transactions really overlap, a third client holds row locks on every grant and staff row while
    // both start, so without the advisory lock both would pass their checks and then both commit.
    // SQLite: one client, as the console runs (its adapter runs one transaction at a time; two
    // better-sqlite3 connections in one process would block each other's event loop instead of racing).
    const pg = env.provider === "postgresql";
    const one = pg ? env.newClient() : getDb();
    const two = pg ? env.newClient() : getDb();
    const blocker = pg ? env.newClient() : null;
    for (const kind of ["grant", "grant", "disable", "disable"] as const) {
      const db = getDb();
      await resetDatabase(db);
      const ana = await staff(db, "ana@msp.test");
      const bob = await staff(db, "bob@msp.test");
      const [anaGrant, bobGrant] = [await grant(db, ana.id), await grant(db, bob.id)];

      let release = () => {};
      // Resolves (wrapped: a bare promise would be adopted) once the rows are locked.
      const held = blocker
        ? await new Promise<{ done: Promise<void> }>((locked) => {
            const done = blocker.$transaction(
              async (tx) => {
                await tx.$queryRawUnsafe(`SELECT "id" FROM "StaffGrant" FOR UPDATE`);
                await tx.$queryRawUnsafe(`SELECT "id" FROM "StaffUser" FOR UPDATE`);
                await new Promise<void>((r) => {
                  release = r;
                  locked({ done });
                });
              },
              { timeout: 15_000 },
            );
          })
        : { done: Promise.resolve() };
      const racing = Promise.allSettled(
        kind === "grant"
          ? [removeGrant(one, { grantId: bobGrant.id }), removeGrant(two, { grantId: anaGrant.id })]
          : [setStaffStatus(one, ana.id, { staffId: bob.id, status: "disabled" }), setStaffStatus(two, bob.id, { staffId: ana.id, status: "disabled" })],
      );
      if (blocker) await new Promise((r) => setTimeout(r, 300));
      release();
      await held.done;
      const results = await racing;

      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected");
      expect(failed?.status === "rejected" ? failed.reason : null).toMatchObject({ auditCode: "last_administrator" });
      expect(await countActiveAdministrators(db)).toBe(1);
    }
  });
});
