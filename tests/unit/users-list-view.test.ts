import { describe, expect, it } from "vitest";
import { parseUsersFilters } from "@/lib/users/filters-schema";
import { rowPrivilege, markersIncomplete, type MarkerUser, type PrivilegeMarkers } from "@/lib/users/list-markers";
import {
  advancedHref,
  BASE_BUILDER_ATTRIBUTES,
  builderAttributes,
  builderFromExpression,
  dateLabel,
  isSearchShortcut,
  pageSizeHref,
  searchTextHref,
  toggleStatusHref,
} from "@/lib/users/list-view";
import { buildSearch } from "@/lib/users/search";

const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; isComposing: boolean; keyCode: number }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe("users list hrefs", () => {
  const onPage3 = parseUsersFilters({ q: "ada", status: "ACTIVE", after: "c3", prev: "c2", limit: "50" });

  it("a new search text starts at the first page and keeps chips and page size", () => {
    expect(searchTextHref("acme", onPage3, "  Love   lace ")).toBe("/t/acme/users?q=Love+lace&status=ACTIVE&limit=50");
    expect(searchTextHref("acme", onPage3, "   ")).toBe("/t/acme/users?status=ACTIVE&limit=50");
  });

  it("a status chip toggles on and off, first page again", () => {
    expect(toggleStatusHref("acme", onPage3, "LOCKED_OUT")).toBe("/t/acme/users?q=ada&status=ACTIVE%2CLOCKED_OUT&limit=50");
    expect(toggleStatusHref("acme", onPage3, "ACTIVE")).toBe("/t/acme/users?q=ada&limit=50");
  });

  it("page size and the advanced expression reset paging; the default size is left out", () => {
    expect(pageSizeHref("acme", onPage3, 25)).toBe("/t/acme/users?q=ada&status=ACTIVE");
    expect(pageSizeHref("acme", onPage3, 200)).toBe("/t/acme/users?q=ada&status=ACTIVE&limit=200");
    expect(advancedHref("acme", onPage3, ' profile.department eq "R&D" ')).toBe(
      "/t/acme/users?q=ada&status=ACTIVE&search=profile.department+eq+%22R%26D%22&limit=50",
    );
    expect(advancedHref("acme", onPage3, "")).toBe("/t/acme/users?q=ada&status=ACTIVE&limit=50");
  });
});

describe("advanced builder", () => {
  it("recovers flat and/or conditions from an expression, escaping intact", () => {
    expect(builderFromExpression('profile.lastName sw "O\\"Brien" and status eq "ACTIVE"')).toEqual({
      match: "all",
      conditions: [
        { attribute: "profile.lastName", operator: "sw", value: 'O"Brien' },
        { attribute: "status", operator: "eq", value: "ACTIVE" },
      ],
    });
    expect(builderFromExpression('profile.city eq "Oslo" or profile.city eq "Bergen"')?.match).toBe("any");
    const state = builderFromExpression('profile.lastName sw "O\\"Brien"')!;
    expect(buildSearch(state).ok && buildSearch(state)).toMatchObject({ expression: 'profile.lastName sw "O\\"Brien"' });
  });

  it("leaves nested, negated or malformed expressions as typed (null)", () => {
    expect(builderFromExpression('(profile.a eq "1" or profile.b eq "2") and status eq "ACTIVE"')).toBeNull();
    expect(builderFromExpression('not (status eq "ACTIVE")')).toBeNull();
    expect(builderFromExpression('profile.lastName eq "unclosed')).toBeNull();
    expect(builderFromExpression(undefined)).toBeNull();
  });

  it("adds the org's custom schema attributes after the base ones, typed, without duplicates or bad names", () => {
    const attrs = builderAttributes([
      { name: "costCenter", title: "Cost center", type: "string" },
      { name: "department", title: "Department", type: "string" },
      { name: "badge-id", title: "Bad", type: "string" },
      { name: "seniority", title: "Seniority", type: "integer" },
    ]);
    expect(attrs.slice(0, BASE_BUILDER_ATTRIBUTES.length)).toEqual(BASE_BUILDER_ATTRIBUTES);
    expect(attrs.slice(BASE_BUILDER_ATTRIBUTES.length)).toEqual([
      { path: "profile.costCenter", label: "Cost center", kind: "string" },
      { path: "profile.seniority", label: "Seniority", kind: "integer" },
    ]);
  });
});

describe("the / shortcut", () => {
  it("focuses search from the page, with Shift where the layout needs it", () => {
    expect(isSearchShortcut(key("/"), { tagName: "BODY" })).toBe(true);
    expect(isSearchShortcut(key("/", { shiftKey: true }), { tagName: "A" })).toBe(true);
    expect(isSearchShortcut(key("/"), { tagName: "BUTTON" })).toBe(true);
  });

  it("leaves typing in fields, modified keys and IME compositions alone", () => {
    expect(isSearchShortcut(key("/"), { tagName: "INPUT", type: "text" })).toBe(false);
    expect(isSearchShortcut(key("/"), { tagName: "INPUT", type: "search" })).toBe(false);
    expect(isSearchShortcut(key("/"), { tagName: "TEXTAREA" })).toBe(false);
    expect(isSearchShortcut(key("/"), { tagName: "DIV", isContentEditable: true })).toBe(false);
    expect(isSearchShortcut(key("/"), { tagName: "SELECT" })).toBe(false);
    expect(isSearchShortcut(key("/", { ctrlKey: true }), { tagName: "BODY" })).toBe(false);
    expect(isSearchShortcut(key("/", { metaKey: true }), { tagName: "BODY" })).toBe(false);
    expect(isSearchShortcut(key("/", { isComposing: true }), { tagName: "BODY" })).toBe(false);
    expect(isSearchShortcut(key("/", { keyCode: 229 }), { tagName: "BODY" })).toBe(false);
    expect(isSearchShortcut(key("?", { shiftKey: true }), { tagName: "BODY" })).toBe(false);
  });
});

describe("date labels", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  it("relative for recent sign-ins, a day otherwise; full UTC time for the title", () => {
    expect(dateLabel("2026-03-10T11:30:00Z", now, true)?.text).toBe("30 min ago");
    expect(dateLabel("2026-03-10T07:00:00Z", now, true)?.text).toBe("5 h ago");
    expect(dateLabel("2026-03-09T10:00:00Z", now, true)?.text).toBe("yesterday");
    expect(dateLabel("2026-03-01T10:00:00Z", now, true)?.text).toBe("9 days ago");
    expect(dateLabel("2025-01-05T10:00:00Z", now, true)?.text).toBe("5 Jan 2025");
    expect(dateLabel("2025-01-05T10:00:00Z", now)).toEqual({ text: "5 Jan 2025", full: "5 Jan 2025, 10:00 UTC", iso: "2025-01-05T10:00:00Z" });
    expect(dateLabel(null, now)).toBeNull();
    expect(dateLabel("not a date", now)).toBeNull();
  });
});

describe("privileged marker", () => {
  const person: MarkerUser = { id: "00u1", login: "ada@acme.example", email: "ada@acme.example", firstName: "Ada", lastName: "Lovelace", userType: null };
  const robot: MarkerUser = { id: "00u2", login: "svc-backup@acme.example", email: null, firstName: "Backup", lastName: "Job", userType: "Service Account" };
  const integration: MarkerUser = { id: "00u3", login: "mspintegration@acme.example", email: null, firstName: "MSP-Okta", lastName: "Integration", userType: null };
  const full: PrivilegeMarkers = {
    admins: { ids: ["00u1"], complete: true },
    serviceAccounts: { groupMemberIds: ["00u4"], groupName: "Service Accounts", groupComplete: true, consolePrincipalId: "00u3", manualMarks: [{ id: "00u5", purpose: "Backups" }] },
  };

  it("marks admins and service accounts from every source; a plain person has no marker", () => {
    expect(rowPrivilege(person, full)).toMatchObject({ admin: true, label: "Admin", unknown: false });
    expect(rowPrivilege(robot, full)).toMatchObject({ admin: false, label: "Service account" });
    expect(rowPrivilege(integration, full).serviceAccount).toHaveLength(2); // console credential + well-known
    expect(rowPrivilege({ ...person, id: "00u4" }, full).label).toBe("Service account");
    expect(rowPrivilege({ ...person, id: "00u5" }, full).detail).toContain("Backups");
    expect(rowPrivilege({ ...person, id: "00u9" }, full)).toMatchObject({ label: "", unknown: false });
    expect(rowPrivilege({ ...robot, id: "00u1" }, full).label).toBe("Admin · Service");
    expect(markersIncomplete(full)).toBe(false);
  });

  it("says unknown (never 'not privileged') when a source could not be read", () => {
    const noAdmins: PrivilegeMarkers = { ...full, admins: null };
    expect(rowPrivilege({ ...person, id: "00u9" }, noAdmins)).toMatchObject({ admin: null, label: "unknown", unknown: true });
    expect(rowPrivilege({ ...person, id: "00u9" }, noAdmins).detail).toContain("admins could not be read");
    // What is known positively still shows.
    expect(rowPrivilege(robot, noAdmins).label).toBe("Service account");
    const partialAdmins: PrivilegeMarkers = { ...full, admins: { ids: ["00u1"], complete: false } };
    expect(rowPrivilege(person, partialAdmins).label).toBe("Admin");
    expect(rowPrivilege({ ...person, id: "00u9" }, partialAdmins).label).toBe("unknown");
    const noService: PrivilegeMarkers = { ...full, serviceAccounts: null };
    expect(rowPrivilege({ ...person, id: "00u9" }, noService).label).toBe("unknown");
    expect(rowPrivilege(robot, noService).label).toBe("Service account");
    expect(markersIncomplete(noService)).toBe(true);
  });
});
