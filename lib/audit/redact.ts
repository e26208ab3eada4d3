// Input summaries for the audit log: secrets removed, long values cut, size bounded.

const SECRET_KEY = /token|secret|password|key|credential|authorization/i;
export const REDACTED = "[redacted]";
const MAX_STRING = 200;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;
const MAX_JSON = 8_000;

function truncate(s: string): string {
  return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…(+${s.length - MAX_STRING} chars)` : s;
}

function summarise(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return truncate(value);
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "function":
    case "symbol":
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) obj[k] = typeof v === "string" ? v : `[file ${v.name}]`;
    return summarise(obj, depth, seen);
  }
  const obj = value as object;
  if (seen.has(obj)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[…]";
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map((v) => summarise(v, depth + 1, seen) ?? null);
      if (obj.length > MAX_ITEMS) items.push(`…(+${obj.length - MAX_ITEMS} items)`);
      return items;
    }
    if (obj instanceof Map) return summarise(Object.fromEntries(obj), depth, seen);
    if (obj instanceof Set) return summarise([...obj], depth, seen);
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, v] of Object.entries(obj)) {
      if (n++ >= MAX_ITEMS) {
        out["…"] = `+${Object.keys(obj).length - MAX_ITEMS} keys`;
        break;
      }
      if (SECRET_KEY.test(k)) {
        out[k] = REDACTED;
        continue;
      }
      const s = summarise(v, depth + 1, seen);
      if (s !== undefined) out[k] = s;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * A JSON-safe summary of an action's input: every key matching
 * /token|secret|password|key|credential|authorization/i (at any depth) is replaced by "[redacted]",
 * strings are cut at 200 characters, arrays and objects at 50 entries, nesting at 6 levels.
 */
export function redactInput(value: unknown): unknown {
  return summarise(value, 0, new WeakSet());
}

/** The stored JSON text of an input summary (bounded in size). */
export function inputSummaryJson(value: unknown): string {
  if (value === undefined) return "{}";
  const json = JSON.stringify(redactInput(value) ?? null);
  return json.length > MAX_JSON ? JSON.stringify({ truncated: true, preview: json.slice(0, MAX_JSON) }) : json;
}
