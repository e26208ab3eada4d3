// One org's audit page: URL state (lib/audit-view/tenant-filters.ts), the CSV cells of the export
// (lib/audit-view/csv.ts) and who may read it (lib/rbac/permissions.ts).
import { describe, expect, it } from "vitest";
import { auditCsvRow, AUDIT_CSV_HEADER, csvCell } from "@/lib/audit-view/csv";
import { effectiveRange, parseTenantAuditParams, resolveAuditRange, tenantAuditExportHref, tenantAuditHref } from "@/lib/audit-view/tenant-filters";
import { PERMISSIONS, rolesAllow } from "@/lib/rbac/permissions";
import type { AuditEventRecord } from "@/lib/audit/query";

const now = new Date("2026-12-01T12:00:00.000Z");

describe("URL state", () => {
  it("defaults to the last 24 hours, and to any time for a link to an entry or a ticket", () => {
    expect(effectiveRange(parseTenantAuditParams({}))).toBe("24h");
    expect(resolveAuditRange(parseTenantAuditParams({}), now)).toEqual({ range: "24h", from: new Date("2026-11-30T12:00:00.000Z") });
    expect(effectiveRange(parseTenantAuditParams({ seq: "42" }))).toBe("all");
    expect(effectiveRange(parseTenantAuditParams({ ticket: "INC-1" }))).toBe("all");
    expect(effectiveRange(parseTenantAuditParams({ ticket: "INC-1", range: "7d" }))).toBe("7d");
    expect(resolveAuditRange(parseTenantAuditParams({ range: "all" }), now)).toEqual({ range: "all" });
  });

  it("reads a custom range in UTC from datetime-local values and refuses an end before the start", () => {
    const p = parseTenantAuditParams({ range: "custom", since: "2026-11-01T08:30", until: "2026-11-02T00:00:00Z" });
    expect(p.since).toBe("2026-11-01T08:30:00.000Z");
    expect(resolveAuditRange(p, now)).toEqual({ range: "custom", from: new Date("2026-11-01T08:30:00.000Z"), to: new Date("2026-11-02T00:00:00.000Z") });
    expect(resolveAuditRange(parseTenantAuditParams({ range: "custom", since: "2026-11-02T00:00", until: "2026-11-01T00:00" }), now).error).toMatch(/end of the range must be after/);
    expect(resolveAuditRange(parseTenantAuditParams({ range: "custom" }), now).error).toMatch(/start or an end/);
  });

  it("drops bad values instead of failing, and trims text", () => {
    const p = parseTenantAuditParams({ range: "5y", since: "yesterday", outcome: "maybe", seq: "-3", cursor: "x", ticket: "  INC-7 ", target: "", staff: ["s1", "s2"] });
    expect(p).toMatchObject({ range: undefined, since: undefined, outcome: undefined, seq: undefined, cursor: undefined, ticket: "INC-7", target: undefined, staff: "s1" });
  });

  it("builds page, cursor and export links with the same filters", () => {
    const p = parseTenantAuditParams({ ticket: "INC-7", outcome: "success", seq: "9" });
    expect(tenantAuditHref("acme", p)).toBe("/t/acme/audit?outcome=success&ticket=INC-7&seq=9");
    expect(tenantAuditHref("acme", p, 120)).toBe("/t/acme/audit?outcome=success&ticket=INC-7&seq=9&cursor=120");
    expect(tenantAuditHref("acme")).toBe("/t/acme/audit");
    // The export keeps the filters and the effective range, never one entry or a page.
    expect(tenantAuditExportHref("acme", { ...p, cursor: 5 })).toBe("/api/t/acme/audit/export?range=all&outcome=success&ticket=INC-7");
    expect(tenantAuditHref("acme", parseTenantAuditParams({ range: "7d", since: "2026-11-01T00:00" }))).toBe("/t/acme/audit?range=7d");
  });
});

describe("CSV", () => {
  it("quotes every cell and defuses formulas", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("a,b\nc")).toBe('"a,b\nc"');
    expect(csvCell(null)).toBe('""');
  });

  it("writes one line per event in the header's order", () => {
    const e: AuditEventRecord = {
      seq: 5,
      at: new Date("2026-12-01T10:00:00.000Z"),
      staffId: "s1",
      staffEmail: "tech@msp.example",
      role: "Technician",
      tenantId: "t1",
      tenantSlug: "acme",
      action: "user.unlock",
      target: { type: "user", id: "00u1", name: "=cmd|' /C calc'!A0" },
      input: { userId: "00u1" },
      outcome: "success",
      errorCode: null,
      errorSummary: null,
      oktaRequestIds: ["r1", "r2"],
      ticketId: "INC-1",
      ip: "192.0.2.1",
      userAgent: "Mozilla/5.0",
      attemptSeq: 4,
      keyId: "k1",
      prevHash: "p",
      hash: "h",
      attempt: { seq: 4, at: new Date("2026-12-01T09:59:59.000Z") },
    };
    const line = auditCsvRow(e);
    expect(line.endsWith("\r\n")).toBe(true);
    const cells = line.trimEnd().split('","');
    expect(cells).toHaveLength(AUDIT_CSV_HEADER.length);
    expect(line).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(line).toContain('"r1 r2"');
    expect(line).toContain('"{""userId"":""00u1""}"');
  });
});

describe("who reads an org's audit log", () => {
  it("every role that works in the org, never Billing; the console-wide log stays with the administrators", () => {
    expect([...PERMISSIONS["audit.read"].roles].sort()).toEqual(["admin", "helpdesk", "readonly_admin", "technician", "technician_no_deeplink"]);
    expect(rolesAllow(["billing"], "audit.read")).toBe(false);
    expect([...PERMISSIONS["audit.read.all"].roles].sort()).toEqual(["admin", "readonly_admin"]);
  });
});
