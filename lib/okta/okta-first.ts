/**
 * Resolves once the work already queued in this turn of the event loop has run (one `setImmediate`).
 * A page's Okta reads start a few promise steps after its guard resolves; database reads that only the
 * frame or a badge needs (navigation, pending counts, caller state, service-account marks) await this
 * first, so the page's Okta requests leave before them and their CPU (about a millisecond per Prisma
 * query) overlaps the round trip instead of delaying it. It orders work, nothing more: whatever runs
 * after it is as correct as before. The page bench's request trace shows the order (README, Performance).
 */
export function afterOktaRequestsLeave(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
