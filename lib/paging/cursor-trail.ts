// Previous/Next over Okta's forward-only cursors, for the lists that keep their page in the URL (users,
// groups, Log Viewer): `after` is this page's cursor, `prev` the cursors of the pages before it.

/** Deeper than this, Previous falls back to the first page rather than growing the URL. */
export const MAX_PREVIOUS_PAGES = 40;
/** Okta's cursors are opaque; accept the URL-safe characters they are made of, and no commas. */
export const CURSOR = /^[A-Za-z0-9._~:=+/-]{1,512}$/;

export interface PageCursor {
  after?: string;
  prev?: readonly string[];
}

/** The page after `current`, whose cursor Okta's Link header gave as `nextAfter`. */
export function nextPageCursor(current: PageCursor, nextAfter: string): { after: string; prev: string[] } {
  const prev = current.after ? [...(current.prev ?? []), current.after].slice(-MAX_PREVIOUS_PAGES) : [];
  return { after: nextAfter, prev };
}

/** The page before `current`: undefined for the first page, null when `current` is the first page. */
export function previousPageCursor(current: PageCursor): { after: string; prev: string[] } | undefined | null {
  if (!current.after) return null;
  const prev = current.prev ?? [];
  if (prev.length === 0) return undefined;
  return { after: prev[prev.length - 1]!, prev: prev.slice(0, -1) };
}
