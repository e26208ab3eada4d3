/**
 * Resolves once the work already queued in this turn of the event loop has run. A page's Okta reads
 * start a few promise steps after its guard resolves; database reads that only the frame or a badge
 * needs (navigation, pending counts, caller state) await this first, so every Okta request of the
 * page leaves before them and their work overlaps the round trip instead of delaying it. Each Prisma
 * query costs about a millisecond of CPU, which would otherwise sit in front of the Okta requests.
 */
export function afterOktaRequestsLeave(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
