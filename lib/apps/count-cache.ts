import "server-only";
import type { AppCounts } from "@/lib/okta/apps";

// The apps list shows each row's assignment counts: two Okta reads per app from the apps bucket, which
// Okta sizes at 100 requests a minute. Read afresh on every view, two or three views of a 20-app page
// would use the whole minute and the next click on an app would wait for its reset. So each app's
// counts are kept for a minute per org (this process), in flight included (two views at once share one
// read), and forgotten at once when this console changes that app's assignments.

export const APP_COUNTS_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  readAt: number;
  counts: Promise<AppCounts>;
}

const entries = new Map<string, Entry>();
const keyOf = (tenantId: string, appId: string) => `${tenantId}\u0000${appId}`;

/** The app's counts read less than a minute ago, or `read()` now (a failed read is not kept). */
export function cachedAppCounts(tenantId: string, appId: string, read: () => Promise<AppCounts>, now = Date.now()): Promise<AppCounts> {
  const key = keyOf(tenantId, appId);
  const hit = entries.get(key);
  if (hit && now - hit.readAt < APP_COUNTS_TTL_MS) return hit.counts;
  const counts = read();
  entries.delete(key);
  entries.set(key, { readAt: now, counts });
  counts.catch(() => {
    if (entries.get(key)?.counts === counts) entries.delete(key);
  });
  // Oldest first (insertion order): a bound, not a cache policy worth more.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return counts;
}

/** After this console assigned or unassigned the app: the next view counts again. */
export function forgetAppCounts(tenantId: string, appId: string): void {
  entries.delete(keyOf(tenantId, appId));
}

/** Tests: start empty. */
export function clearAppCounts(): void {
  entries.clear();
}
