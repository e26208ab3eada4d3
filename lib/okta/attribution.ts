// Attribution in the customer's own System Log: every Okta call the console makes for a staff member
// carries a User-Agent extension naming the console, the staff member and the ticket ID, e.g.
//   okta-sdk-nodejs/8.1.0 node/20.19.0 linux/6.8 okta-msp-console/0.1 (staff=tech@msp.example; ticket=INC-1042)
// Okta records the caller's User-Agent on the events a request causes (client.userAgent.rawUserAgent).
// Values are reduced to characters that are safe in a header and unambiguous in that syntax
// (no ";", "(", ")", spaces or control characters); no ticket -> no ticket part.
import type { OktaAttribution } from "./request-log";

export const CONSOLE_PRODUCT = "okta-msp-console/0.1";
const MAX_VALUE = 120;

/** Letters, digits and @ . _ + - : # / stay; anything else becomes "_". */
export function sanitizeAttributionValue(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9@._+\-:#/]/g, "_")
    .slice(0, MAX_VALUE);
}

/** The extension for `attribution`, or null when there is nothing to say. */
export function attributionUserAgent(attribution: OktaAttribution | undefined): string | null {
  if (!attribution) return null;
  const staff = sanitizeAttributionValue(attribution.staff.trim());
  if (!staff) return null;
  const ticket = attribution.ticketId ? sanitizeAttributionValue(attribution.ticketId.trim()) : "";
  return `${CONSOLE_PRODUCT} (staff=${staff}${ticket ? `; ticket=${ticket}` : ""})`;
}

/** `base` with the extension appended once (a retried request keeps a single copy). */
export function withAttribution(base: string | undefined, attribution: OktaAttribution | undefined): string | undefined {
  const ext = attributionUserAgent(attribution);
  if (!ext) return base;
  const clean = (base ?? "").replace(/\s*okta-msp-console\/[\d.]+ \([^)]*\)$/, "");
  return clean ? `${clean} ${ext}` : ext;
}

export interface ParsedAttribution {
  /** The staff member as the console wrote it (sanitized email or id). */
  staff: string;
  ticketId: string | null;
}

const ATTRIBUTION_PATTERN = /okta-msp-console\/[\d.]+ \(staff=([A-Za-z0-9@._+\-:#/]+)(?:; ticket=([A-Za-z0-9@._+\-:#/]+))?\)/;

/**
 * The console's extension read back from a User-Agent Okta recorded (an event's
 * `client.userAgent.rawUserAgent`), or null when the event was not caused through this console.
 * A customer can forge a User-Agent, so this names who the console says acted; the audit log (joined
 * by request id) is the proof.
 */
export function parseAttribution(userAgent: string | null | undefined): ParsedAttribution | null {
  if (!userAgent) return null;
  const m = ATTRIBUTION_PATTERN.exec(userAgent);
  if (!m) return null;
  return { staff: m[1]!, ticketId: m[2] ?? null };
}
