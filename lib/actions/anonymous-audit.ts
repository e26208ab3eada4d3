// Requests without a session are audited, but anyone on the internet can send them: each audit row
// takes the chain-head lock, so an unbounded stream would flood the log and queue every real write
// behind it. Per action, at most ANONYMOUS_ROWS_PER_MINUTE rows are written per minute and process,
// then one summary row; the rest are counted and reported in the next row that is written (and in one
// log line). The mechanism is shared with signed-in staff denials (./audit-throttle.ts).
import { anonymousRefusals, type Admission } from "./audit-throttle";

export { ANONYMOUS_ROWS_PER_MINUTE } from "./audit-throttle";

/**
 * Whether this anonymous refusal gets its own audit row (or the window's summary row), and how many
 * earlier ones were suppressed since the last row for the same action (to record on this row).
 */
export function admitAnonymousAudit(action: string, now = Date.now()): Admission {
  return anonymousRefusals.admit(action, now);
}
