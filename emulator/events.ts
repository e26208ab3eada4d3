/**
 * System Log events. Every write through the emulator's API (and the seeds' history) goes through
 * `makeLogEvent` + `recordEvent`, so event shape lives in one place.
 */
import type { IdFactory } from "./ids.ts";
import type { AppRecord, GroupRecord, LogEventRecord, OrgState, UserRecord } from "./model.ts";

export interface EventParty {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface MakeLogEventInput {
  org: OrgState;
  ids: IdFactory;
  eventType: string;
  displayMessage: string;
  actor: EventParty;
  targets?: EventParty[];
  outcome?: { result: LogEventRecord["outcome"]["result"]; reason?: string | null };
  severity?: LogEventRecord["severity"];
  published?: string;
  requestId: string;
  userAgent?: string;
  ipAddress?: string;
  transactionType?: "WEB" | "JOB";
}

/** Crude user-agent classification, good enough for the Log's `client.userAgent.os/browser` fields. */
function classifyUserAgent(ua: string): { os: string; browser: string } {
  const os = /Windows/i.test(ua)
    ? "Windows"
    : /Mac OS X|Macintosh/i.test(ua)
      ? "Mac OS X"
      : /Android/i.test(ua)
        ? "Android"
        : /iPhone|iPad|iOS/i.test(ua)
          ? "iOS"
          : /Linux/i.test(ua)
            ? "Linux"
            : "Unknown";
  const browser = /Edg\//.test(ua)
    ? "EDGE"
    : /Chrome\//.test(ua)
      ? "CHROME"
      : /Firefox\//.test(ua)
        ? "FIREFOX"
        : /Safari\//.test(ua)
          ? "SAFARI"
          : "UNKNOWN";
  return { os, browser };
}

export function makeLogEvent(input: MakeLogEventInput): LogEventRecord {
  const ua = input.userAgent ?? "";
  const ip = input.ipAddress ?? "127.0.0.1";
  const { os, browser } = classifyUserAgent(ua);
  return {
    uuid: input.ids.uuid(),
    published: input.published ?? new Date().toISOString(),
    eventType: input.eventType,
    version: "0",
    severity: input.severity ?? "INFO",
    legacyEventType: null,
    displayMessage: input.displayMessage,
    actor: { ...input.actor, detailEntry: null },
    client: {
      userAgent: { rawUserAgent: ua, os, browser },
      zone: "null",
      device: ua ? "Computer" : "Unknown",
      id: null,
      ipAddress: ip,
      geographicalContext: null,
    },
    outcome: { result: input.outcome?.result ?? "SUCCESS", reason: input.outcome?.reason ?? null },
    target: input.targets && input.targets.length > 0 ? input.targets.map((t) => ({ ...t, detailEntry: null })) : null,
    transaction: { type: input.transactionType ?? "WEB", id: input.requestId, detail: {} },
    debugContext: { debugData: { requestId: input.requestId } },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: "unknown",
    },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: [{ ip, geographicalContext: null, version: "V4", source: null }] },
  };
}

/**
 * Appends keeping `org.logs` ascending by `published`. Appending in order (the common case, and
 * what seeds do in bulk) is O(1); an out-of-order event is placed by binary search.
 */
export function recordEvent(org: OrgState, event: LogEventRecord): void {
  const logs = org.logs;
  const last = logs[logs.length - 1];
  if (!last || last.published <= event.published) {
    logs.push(event);
    return;
  }
  let lo = 0;
  let hi = logs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (logs[mid]!.published <= event.published) lo = mid + 1;
    else hi = mid;
  }
  logs.splice(lo, 0, event);
}

function displayNameOf(user: UserRecord): string {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(" ");
  return name || user.profile.login;
}

export function actorFromUser(user: UserRecord): EventParty {
  return { id: user.id, type: "User", alternateId: user.profile.login, displayName: displayNameOf(user) };
}

export function targetFromUser(user: UserRecord): EventParty {
  return actorFromUser(user);
}

export function targetFromGroup(group: GroupRecord): EventParty {
  return { id: group.id, type: "UserGroup", alternateId: "unknown", displayName: group.profile.name };
}

export function targetFromApp(app: AppRecord): EventParty {
  return { id: app.id, type: "AppInstance", alternateId: app.label, displayName: app.label };
}
