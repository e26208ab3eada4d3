/** "2026-11-22 21:30 UTC": unambiguous, identical on server and client (no locale or zone drift). */
export function formatDateTime(d: Date | string | null | undefined, withSeconds = false): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return "—";
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}
