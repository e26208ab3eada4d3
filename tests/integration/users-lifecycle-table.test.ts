// Cross-check: for every status x operation, the console's table (lib/users/lifecycle.ts) agrees with
// what the emulator's Okta answers when the official SDK attempts the operation. Users are brought into
// each status through the API itself wherever Okta has a call for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { buildFixtureOrg, type Fixture } from "../emulator/fixtures";
import { createOktaGateway, type OktaGateway } from "@/lib/okta/gateway";
import { oktaAcceptedStatuses, USER_OPERATIONS, USER_STATUSES, type UserOperation, type UserStatus } from "@/lib/users/lifecycle";

let em: RunningEmulator;
let fx: Fixture;
let gw: OktaGateway;

beforeAll(async () => {
  fx = buildFixtureOrg({ slug: "life", users: 0 });
  em = await startEmulator({ port: 0, orgs: [fx.org] });
  gw = createOktaGateway({ tenantId: "t-life", orgUrl: em.orgUrl("life"), credential: { type: "ssws", token: fx.token }, allowLocalOrgUrls: true });
});
afterAll(() => em?.stop());

let n = 0;

/** A user in `status`, reached through Okta's own calls (LOCKED_OUT has none: see below). */
async function userIn(status: UserStatus): Promise<string> {
  const login = `life.${status.toLowerCase()}.${++n}@life.example`;
  const profile = { login, email: login, firstName: "Life", lastName: `Cycle${n}` };
  const users = gw.client.userApi;
  const withPassword = status !== "STAGED" && status !== "PROVISIONED";
  const created = await users.createUser({
    body: { profile, ...(withPassword ? { credentials: { password: { value: "Sup3r-Secret-Passw0rd!" } } } : {}) },
    activate: status !== "STAGED",
  });
  const userId = created.id!;
  switch (status) {
    case "RECOVERY":
      await users.generateResetPasswordToken({ userId, sendEmail: false });
      break;
    case "PASSWORD_EXPIRED":
      await users.expirePassword({ userId });
      break;
    case "SUSPENDED":
      await users.suspendUser({ userId });
      break;
    case "DEPROVISIONED":
      await users.deactivateUser({ userId });
      break;
    case "LOCKED_OUT":
      // Okta's API has no "lock" call (lockout follows failed sign-ins): set the state in the org.
      em.org("life").users.get(userId)!.status = "LOCKED_OUT";
      break;
  }
  // One enrolled factor, so "reset this factor" has something to act on (the API enrolls only with
  // the user's participation).
  em.org("life").factors.set(userId, [
    {
      id: `mfa${String(n).padStart(17, "0")}`,
      userId,
      factorType: "token:software:totp",
      provider: "OKTA",
      vendorName: "OKTA",
      status: "ACTIVE",
      created: new Date().toISOString(),
      lastUpdated: new Date().toISOString(),
      profile: { credentialId: login },
    },
  ]);
  const fetched = await users.getUser({ userId });
  expect(fetched.status).toBe(status);
  return userId;
}

async function attempt(op: UserOperation, userId: string): Promise<void> {
  const users = gw.client.userApi;
  switch (op) {
    case "edit_profile":
      await users.updateUser({ userId, user: { profile: { title: "Checked" } } });
      return;
    case "activate":
      await users.activateUser({ userId, sendEmail: false });
      return;
    case "reactivate":
      await users.reactivateUser({ userId, sendEmail: false });
      return;
    case "unlock":
      await users.unlockUser({ userId });
      return;
    case "reset_password":
      await users.generateResetPasswordToken({ userId, sendEmail: false });
      return;
    case "temp_password":
      await users.expirePasswordAndGetTemporaryPassword({ userId });
      return;
    case "expire_password":
      await users.expirePassword({ userId });
      return;
    case "reset_factors":
      await users.resetFactors({ userId });
      return;
    case "reset_factor": {
      const factorId = em.org("life").factors.get(userId)![0]!.id;
      await gw.client.userFactorApi.unenrollFactor({ userId, factorId });
      return;
    }
    case "clear_sessions":
      await users.revokeUserSessions({ userId });
      return;
    case "suspend":
      await users.suspendUser({ userId });
      return;
    case "unsuspend":
      await users.unsuspendUser({ userId });
      return;
    case "deactivate":
      await users.deactivateUser({ userId });
      return;
    case "delete":
      await users.deleteUser({ userId });
      return;
  }
}

/** "accepted" when Okta did the operation; "refused" when it answered with a 4xx error object. */
async function outcome(op: UserOperation, status: UserStatus): Promise<"accepted" | "refused"> {
  const userId = await userIn(status);
  try {
    await attempt(op, userId);
  } catch (err) {
    const e = err as { status?: number; errorCode?: string };
    // Anything but Okta's refusal (400/403 with an error code) is a broken test, not an answer.
    expect([400, 403], `${op} from ${status}: ${String(err)}`).toContain(e.status);
    expect(e.errorCode).toMatch(/^E0000\d{3}$/);
    expect(em.org("life").users.get(userId)?.status, "a refused operation leaves the status").toBe(status);
    return "refused";
  }
  // A DELETE on a user who is not deactivated yet deactivates them instead: the delete did not happen.
  if (op === "delete") return em.org("life").users.has(userId) ? "refused" : "accepted";
  return "accepted";
}

const cases = USER_OPERATIONS.flatMap((op) => USER_STATUSES.map((status) => ({ op, status })));

describe("the lifecycle table agrees with Okta (emulator, official SDK)", () => {
  it.each(cases)("$op from $status", async ({ op, status }) => {
    const expected = oktaAcceptedStatuses(op).includes(status) ? "accepted" : "refused";
    expect(await outcome(op, status)).toBe(expected);
  });
});
