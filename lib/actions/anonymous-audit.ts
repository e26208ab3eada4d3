// Requests without a session are audited, but anyone on the internet can send them: each audit row
// takes the chain-head lock, so an unbounded stream would flood the log and queue every real write
// behind it. Per action, at most ANONYMOUS_ROWS_PER_MINUTE rows are written per minute and process;
// the rest are counted and reported in the next row that is written (and in one log line a minute).

export const ANONYMOUS_ROWS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
}

const windows = new Map<string, Window>();

/**
 * Whether this anonymous refusal gets its own audit row, and how many earlier ones were suppressed
 * since the last row for the same action (to record on this row).
 */
export function admitAnonymousAudit(action: string, now = Date.now()): { write: boolean; suppressedBefore: number } {
  let w = windows.get(action);
  if (!w || now - w.startedAt >= WINDOW_MS) {
    if (w?.suppressed) console.warn(`[audit] ${w.suppressed} more unauthenticated "${action}" requests were refused without an audit row in the last minute`);
    const carried = w?.suppressed ?? 0;
    w = { startedAt: now, written: 0, suppressed: 0 };
    windows.set(action, w);
    w.written++;
    return { write: true, suppressedBefore: carried };
  }
  if (w.written < ANONYMOUS_ROWS_PER_MINUTE) {
    w.written++;
    return { write: true, suppressedBefore: 0 };
  }
  w.suppressed++;
  return { write: false, suppressedBefore: 0 };
}
