// Just-in-time elevation rules (issue 12): which roles, which durations, the approval window and the
// state of a request at a given time (an injected clock, never the real one).
import { afterEach, describe, expect, it } from "vitest";
import { elevationNow, setElevationClock } from "@/lib/elevation/clock";
import {
  DURATION_OPTIONS,
  ELEVATABLE_ROLES,
  durationLabel,
  elevationRefusal,
  elevationRequestSchema,
  elevationState,
  elevationWindow,
  isActiveElevation,
  MAX_ELEVATION_MINUTES,
} from "@/lib/elevation/rules";

const T0 = new Date("2026-06-01T10:00:00Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

describe("roles that may be asked for", () => {
  it("only org-scoped roles: never Administrator, Read-only Administrator or Billing", () => {
    expect([...ELEVATABLE_ROLES]).toEqual(["technician", "technician_no_deeplink", "helpdesk"]);
    for (const role of ["admin", "readonly_admin", "billing", "nope"]) {
      expect(elevationRequestSchema.safeParse({ role, durationMinutes: 60, reason: "x" }).success).toBe(false);
      expect(elevationRefusal(role, [], "Acme")).toMatch(/^Only Technician/);
    }
  });

  it("a role already held, or one the held roles already cover, is refused with a sentence", () => {
    expect(elevationRefusal("technician", ["technician"], "Acme")).toBe("You already hold Technician in Acme.");
    expect(elevationRefusal("helpdesk", ["technician"], "Acme")).toBe("Your roles in Acme already allow everything Help Desk allows.");
    expect(elevationRefusal("technician_no_deeplink", ["admin"], "Acme")).toBe("Your roles in Acme already allow everything Technician without Deep Linking allows.");
    expect(elevationRefusal("technician", ["helpdesk"], "Acme")).toBeNull();
    // Technician adds deep links to Technician without Deep Linking.
    expect(elevationRefusal("technician", ["technician_no_deeplink"], "Acme")).toBeNull();
    expect(elevationRefusal("helpdesk", ["billing"], "Acme")).toBeNull();
    expect(elevationRefusal("technician", ["readonly_admin"], "Acme")).toBeNull();
  });
});

describe("durations and reason", () => {
  it("30 min, 1 h, 2 h, 4 h, 8 h and nothing else (form strings are coerced)", () => {
    expect(DURATION_OPTIONS.map((o) => o.label)).toEqual(["30 min", "1 h", "2 h", "4 h", "8 h"]);
    expect(MAX_ELEVATION_MINUTES).toBe(480);
    for (const d of ["30", 60, "120", 240, 480]) {
      expect(elevationRequestSchema.safeParse({ role: "technician", durationMinutes: d, reason: "why" }).success).toBe(true);
    }
    for (const d of [0, -30, 15, 45, 90, 481, 960, 60.5, "", "1h", null]) {
      const r = elevationRequestSchema.safeParse({ role: "technician", durationMinutes: d, reason: "why" });
      expect(r.success, String(d)).toBe(false);
    }
    expect(durationLabel(90)).toBe("1 h 30 min");
  });

  it("a reason is required (trimmed) and short", () => {
    expect(elevationRequestSchema.safeParse({ role: "helpdesk", durationMinutes: 30, reason: "  " }).success).toBe(false);
    expect(elevationRequestSchema.safeParse({ role: "helpdesk", durationMinutes: 30 }).success).toBe(false);
    expect(elevationRequestSchema.safeParse({ role: "helpdesk", durationMinutes: 30, reason: "x".repeat(501) }).success).toBe(false);
    expect(elevationRequestSchema.parse({ role: "helpdesk", durationMinutes: "30", reason: "  Ticket backlog " })).toEqual({ role: "helpdesk", durationMinutes: 30, reason: "Ticket backlog" });
  });
});

describe("expiry against an injected clock", () => {
  afterEach(() => setElevationClock(null));

  it("an approval opens [now, now + duration), capped at 8 h", () => {
    expect(elevationWindow(T0, 60)).toEqual({ startsAt: T0, endsAt: at(60) });
    expect(elevationWindow(T0, 10_000).endsAt).toEqual(at(480));
  });

  it("approved counts until endsAt exclusive; other statuses never count", () => {
    const approved = { status: "approved", endsAt: at(60) };
    expect(isActiveElevation(approved, at(0))).toBe(true);
    expect(isActiveElevation(approved, at(59.99))).toBe(true);
    expect(isActiveElevation(approved, at(60))).toBe(false);
    expect(elevationState(approved, at(30))).toBe("active");
    expect(elevationState(approved, at(61))).toBe("expired");
    for (const status of ["pending", "denied", "cancelled", "ended"]) {
      expect(isActiveElevation({ status, endsAt: at(60) }, at(1))).toBe(false);
      expect(elevationState({ status, endsAt: at(60) }, at(1))).toBe(status);
    }
    expect(isActiveElevation({ status: "approved", endsAt: null }, at(1))).toBe(false);
  });

  it("the elevation clock can be moved by tests and restored", () => {
    setElevationClock(() => at(90));
    expect(elevationNow()).toEqual(at(90));
    setElevationClock(null);
    expect(Math.abs(elevationNow().getTime() - Date.now())).toBeLessThan(1000);
  });
});
