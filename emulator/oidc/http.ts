// Small request/response helpers for the OIDC provider (no framework: node:http only).
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(buf);
  }
  const type = String(req.headers["content-type"] ?? "");
  const body = Buffer.concat(chunks).toString("utf8");
  if (type.includes("application/json")) {
    // Not accepted by Okta's token endpoint; tolerated here only to produce a proper error below.
    return new URLSearchParams();
  }
  return new URLSearchParams(body);
}

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 1) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* ignore malformed cookie */
    }
  }
  return out;
}

export function cookie(name: string, value: string, path: string, maxAgeSec?: number): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${path}`, "HttpOnly", "SameSite=Lax"];
  if (maxAgeSec !== undefined) parts.push(`Max-Age=${maxAgeSec}`);
  return parts.join("; ");
}

function appendSetCookie(res: ServerResponse, cookies: string[] | undefined): void {
  if (!cookies || cookies.length === 0) return;
  const prev = res.getHeader("Set-Cookie");
  const list = Array.isArray(prev) ? prev.map(String) : prev ? [String(prev)] : [];
  res.setHeader("Set-Cookie", [...list, ...cookies]);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-cache, no-store", Pragma: "no-cache", ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, cookies?: string[]): void {
  appendSetCookie(res, cookies);
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache, no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action *; script-src 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, cookies?: string[]): void {
  appendSetCookie(res, cookies);
  res.writeHead(302, { Location: location, "Cache-Control": "no-cache, no-store", "Referrer-Policy": "no-referrer" });
  res.end();
}

export function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "127.0.0.1";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip === "::1" ? "127.0.0.1" : ip;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
