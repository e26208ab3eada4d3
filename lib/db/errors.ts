// Prisma's error codes that callers act on (https://www.prisma.io/docs/orm/reference/error-reference).

/** P2002: a unique constraint refused the write (a concurrent writer got there first). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/** P2025: the record an update or delete needs does not exist. */
export function isRecordNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2025";
}
