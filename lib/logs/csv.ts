// CSV of System Log events for the export: RFC 4180 quoting (every cell quoted, quotes doubled, CRLF
// line ends), a UTF-8 byte-order mark so spreadsheet programs read accents right, and cells that a
// spreadsheet would run as a formula (starting with = + - @, or a tab / carriage return) prefixed
// with an apostrophe. Pure functions: the route streams what these build.
import type { AuditLink } from "./audit-join";
import type { LogEventView } from "./okta";

export const CSV_BOM = "\uFEFF";

export const CSV_COLUMNS = [
  "published",
  "eventType",
  "displayMessage",
  "outcome",
  "outcomeReason",
  "severity",
  "actorId",
  "actorLogin",
  "actorName",
  "targets",
  "ipAddress",
  "location",
  "userAgent",
  "transactionId",
  "consoleStaff",
  "consoleTicket",
] as const;

/** One cell: formula-safe, quoted. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function csvHeader(): string {
  return CSV_BOM + csvLine(CSV_COLUMNS);
}

function partyLabel(p: LogEventView["actor"]): string {
  const who = p.displayName ?? p.alternateId ?? p.id ?? "";
  const login = p.alternateId && p.alternateId !== who && p.alternateId !== "unknown" ? ` <${p.alternateId}>` : "";
  return `${who}${login}${p.type ? ` (${p.type})` : ""}`;
}

/** The row of one event; the console's technician and ticket from the audit row, else the User-Agent. */
export function csvEventLine(e: LogEventView, audit?: AuditLink | null): string {
  return csvLine([
    e.published,
    e.eventType,
    e.displayMessage,
    e.outcome.result,
    e.outcome.reason,
    e.severity,
    e.actor.id,
    e.actor.alternateId,
    e.actor.displayName,
    e.targets.map(partyLabel).join("; "),
    e.client.ipAddress,
    e.client.location,
    e.client.userAgent.raw,
    e.transaction.id,
    audit?.staffEmail ?? e.attribution?.staff ?? null,
    audit?.ticketId ?? e.attribution?.ticketId ?? null,
  ]);
}
