// No "server-only": a pure formatter, safe for any module (it reads no secrets).

/** The email columns of a StaffUser row (either may be null; see prisma/schema.prisma). */
export interface StaffEmailColumns {
  email: string | null;
  unverifiedEmail?: string | null;
}

/**
 * The email to show for a staff member: the verified one (the unique `email` column), else the address
 * Okta sent without verifying it (display only), else "". Never use it to identify or link anyone.
 */
export function staffDisplayEmail(row: StaffEmailColumns): string {
  return row.email ?? row.unverifiedEmail ?? "";
}
