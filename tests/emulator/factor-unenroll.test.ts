// Unenrolling one factor: allowed for a user who is not deactivated; refused (403, declared by the
// spec for this call) for a deactivated one, as Okta documents ("You can't unenroll a factor from a
// deactivated user").
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";

let em: RunningEmulator;
let fx: Fixture;

beforeAll(async () => {
  fx = buildFixtureOrg({ users: 2 });
  em = await startEmulator({ port: 0, orgs: [fx.org] });
});
afterAll(() => em?.stop());

const del = (userId: string, factorId: string) =>
  fetch(`${em.orgUrl("acme")}/api/v1/users/${userId}/factors/${factorId}`, {
    method: "DELETE",
    headers: { Authorization: `SSWS ${fx.token}`, Accept: "application/json" },
  });

it("unenrolls a factor of an active user, and refuses for a deactivated one", async () => {
  const [userId, factors] = [...fx.org.factors.entries()][0]!;
  const factorId = factors[0]!.id;
  const user = fx.org.users.get(userId)!;

  user.status = "DEPROVISIONED";
  const refused = await del(userId, factorId);
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ errorCode: "E0000038" });
  expect(fx.org.factors.get(userId)?.map((f) => f.id)).toContain(factorId);

  user.status = "ACTIVE";
  const done = await del(userId, factorId);
  expect(done.status).toBe(204);
  expect(fx.org.factors.get(userId)?.map((f) => f.id)).not.toContain(factorId);
});
