/**
 * Every lifecycle operation from every status, driven by the same TRANSITIONS table the
 * implementation uses: allowed transitions land on the table's status, others return its error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_STATUSES, nextStatus, TRANSITIONS, transitionError, type LifecycleOp } from "../../emulator/lifecycle.ts";
import type { UserStatus } from "../../emulator/model.ts";
import { startEmulator, type RunningEmulator } from "../../emulator/server.ts";
import { buildFixtureOrg, type Fixture } from "./fixtures.ts";

let em: RunningEmulator;
let fx: Fixture;

beforeAll(async () => {
  fx = buildFixtureOrg({ users: 0 });
  em = await startEmulator({ port: 0, orgs: [fx.org] });
});
afterAll(() => em?.stop());

/** A user in `status`, with or without a password, created straight in the org state. */
function userIn(status: UserStatus, withPassword: boolean): string {
  const base = [...fx.org.users.values()][0]!;
  const id = `00ulife${Math.random().toString(36).slice(2, 15)}`.slice(0, 20);
  const login = `${id}@acme.example`;
  fx.org.users.set(id, {
    ...structuredClone(base),
    id,
    status,
    profile: { ...base.profile, login, email: login },
    credentials: { provider: { type: "OKTA", name: "OKTA" }, ...(withPassword ? { password: { value: "Passw0rd!" } } : {}) },
  });
  return id;
}

const cases = (Object.keys(TRANSITIONS) as LifecycleOp[]).flatMap((op) =>
  ALL_STATUSES.flatMap((status) => [true, false].map((withPassword) => ({ op, status, withPassword }))),
);

describe("user lifecycle transitions", () => {
  it.each(cases)("$op from $status (password: $withPassword)", async ({ op, status, withPassword }) => {
    const id = userIn(status, withPassword);
    const res = await fetch(`${em.orgUrl("acme")}/api/v1/users/${id}/lifecycle/${op}?sendEmail=false`, {
      method: "POST",
      headers: { Authorization: `SSWS ${fx.token}`, Accept: "application/json" },
    });
    const body = await res.json();
    const err = transitionError(op, status);
    if (err) {
      expect(res.status).toBe(err.status);
      expect(body.errorCode).toBe(err.errorCode);
      expect(body.errorSummary).toBe(err.errorSummary);
      expect(fx.org.users.get(id)!.status).toBe(status);
    } else {
      expect(res.status).toBe(200);
      expect(fx.org.users.get(id)!.status).toBe(nextStatus(op, status, withPassword));
      const events = fx.org.logs.filter((e) => e.target?.some((t) => t.id === id));
      expect(events.map((e) => e.eventType)).toEqual([TRANSITIONS[op].eventType]);
    }
  });
});
