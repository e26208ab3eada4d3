// Refusals of the org network guard (./guard.ts). No imports: lib/okta/errors.ts turns these into the
// plain sentence staff see, and it must stay importable anywhere.

export type OrgNetworkRefusalCode = "ADDRESS_REFUSED" | "REDIRECT_REFUSED" | "RESPONSE_TOO_LARGE";

const SUMMARIES: Record<OrgNetworkRefusalCode, string> = {
  ADDRESS_REFUSED: "Org address refused",
  REDIRECT_REFUSED: "Redirect refused",
  RESPONSE_TOO_LARGE: "Answer too large",
};

/** `message` is the sentence for staff: it names the host or address, never a credential. */
export class OrgNetworkRefusedError extends Error {
  readonly summary: string;
  constructor(
    readonly code: OrgNetworkRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = "OrgNetworkRefusedError";
    this.summary = SUMMARIES[code];
  }
}

export function isOrgNetworkRefusalCode(code: unknown): code is OrgNetworkRefusalCode {
  return typeof code === "string" && code in SUMMARIES;
}

/** At most `max` characters of a URL or header an org sent back (it ends up in a sentence). */
export function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function redirectRefusal(status: number, location: string | null | undefined): OrgNetworkRefusedError {
  const target = location ? ` to ${shorten(location)}` : ` (HTTP ${status}) without a location`;
  return new OrgNetworkRefusedError(
    "REDIRECT_REFUSED",
    `The org answered with a redirect${target}; the console does not follow redirects. Check the org URL.`,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function tooLargeRefusal(limitBytes: number): OrgNetworkRefusedError {
  return new OrgNetworkRefusedError(
    "RESPONSE_TOO_LARGE",
    `The org's answer was larger than ${formatBytes(limitBytes)}, the most the console reads; it stopped reading. Check the org URL.`,
  );
}
