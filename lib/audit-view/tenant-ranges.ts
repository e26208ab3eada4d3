// One org's audit page: its time ranges (see tenant-filters.ts), zod-free for the filter form.

export const AUDIT_RANGES = ["1h", "24h", "7d", "30d", "90d", "all", "custom"] as const;
export type AuditRange = (typeof AUDIT_RANGES)[number];
export const AUDIT_RANGE_LABELS: Record<AuditRange, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  all: "Any time",
  custom: "Custom range",
};
/** A "YYYY-MM-DDTHH:mm" value (UTC) for a datetime-local input. */
export function datetimeLocalValue(iso: string | undefined): string {
  return iso ? iso.slice(0, 16) : "";
}
