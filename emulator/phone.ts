/**
 * The user's phone, for tests and demos (unauthenticated, like every /__emulator control):
 *
 *   GET  /__emulator/orgs/<slug>/pushes[?all=true]            pending push verifications (numbers offered)
 *   POST /__emulator/orgs/<slug>/pushes/<txId>/approve        {"number": 42} for number matching
 *   POST /__emulator/orgs/<slug>/pushes/<txId>/reject
 *   GET  /__emulator/orgs/<slug>/otp?user=<id|login>[&factorId=]  the last code sent (or a TOTP code now)
 *   GET  /__emulator/phone?org=<slug>                         a demo page showing the same, with buttons
 *
 * Okta never reveals a code or the number matching answer to anyone but the user's device: these exist
 * only in the emulator.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerPush, lastOtp, pendingPushes, PhoneError, recentOtps, type PendingPush } from "./api/factor-verify.ts";
import type { ApiResult } from "./http.ts";
import type { IdFactory } from "./ids.ts";
import type { OrgState } from "./model.ts";

export interface PhoneContext {
  orgs: Map<string, OrgState>;
  ids: IdFactory;
}

function orgOf(ctx: PhoneContext, slug: string): OrgState {
  const org = ctx.orgs.get(slug);
  if (!org) throw new PhoneError(404, `unknown org ${slug}`);
  return org;
}

/** The JSON control routes; null when the path is not one of them. */
export function handlePhoneControl(ctx: PhoneContext, method: string, path: string, url: URL, body: unknown): ApiResult | null {
  try {
    const pushes = /^\/__emulator\/orgs\/([^/]+)\/pushes$/.exec(path);
    if (pushes && method === "GET") {
      const all = url.searchParams.get("all") === "true";
      return { status: 200, body: pendingPushes(orgOf(ctx, decodeURIComponent(pushes[1]!)), { all }) };
    }
    const answer = /^\/__emulator\/orgs\/([^/]+)\/pushes\/([^/]+)\/(approve|reject)$/.exec(path);
    if (answer && method === "POST") {
      const org = orgOf(ctx, decodeURIComponent(answer[1]!));
      const txId = decodeURIComponent(answer[2]!);
      if (answer[3] === "reject") return { status: 200, body: answerPush(org, ctx.ids, txId, { action: "reject" }) };
      const raw = (body as { number?: unknown } | undefined)?.number;
      if (raw !== undefined && (typeof raw !== "number" || !Number.isInteger(raw))) throw new PhoneError(400, "number must be an integer");
      return { status: 200, body: answerPush(org, ctx.ids, txId, { action: "approve", number: raw as number | undefined }) };
    }
    const otp = /^\/__emulator\/orgs\/([^/]+)\/otp$/.exec(path);
    if (otp && method === "GET") {
      const org = orgOf(ctx, decodeURIComponent(otp[1]!));
      const user = url.searchParams.get("user") ?? url.searchParams.get("userId");
      if (!user) throw new PhoneError(400, "user (id or login) is required");
      const found = lastOtp(org, user, url.searchParams.get("factorId") ?? undefined);
      if (!found) throw new PhoneError(404, `No code was sent to ${user}`);
      return { status: 200, body: found };
    }
  } catch (e) {
    if (e instanceof PhoneError) return { status: e.status, body: { error: e.message } };
    throw e;
  }
  return null;
}

const STATUS_WORDS: Record<PendingPush["status"], string> = { WAITING: "waiting", SUCCESS: "approved", REJECTED: "denied (or wrong number)", TIMEOUT: "expired unanswered" };

const CHANNEL: Record<string, string> = { sms: "SMS", call: "Voice call", email: "Email" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pushCard(slug: string, p: PendingPush): string {
  const action = (what: string) => `/__emulator/phone/answer?org=${encodeURIComponent(slug)}&tx=${encodeURIComponent(p.transactionId)}&action=${what}`;
  const secs = Math.max(0, Math.round((Date.parse(p.expiresAt) - Date.now()) / 1000));
  const left = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}`;
  const approve = p.numberMatching
    ? `<p>Which number does the technician read out?</p><div class="numbers">${p.choices
        .map((n) => `<form method="post" action="${escapeHtml(action("approve"))}&number=${n}"><button class="number" type="submit" aria-label="Approve with ${n}">${n}</button></form>`)
        .join("")}</div>`
    : `<form method="post" action="${escapeHtml(action("approve"))}"><button class="approve" type="submit">Yes, it's me</button></form>`;
  return `<article class="push">
<h3>Did you just try to sign in?</h3>
<p><strong>${escapeHtml(p.displayName)}</strong> &lt;${escapeHtml(p.login)}&gt; on ${escapeHtml(p.device)}</p>
<p class="muted">Requested by ${escapeHtml(p.requestedBy)} · expires in ${left}</p>
${approve}
<form method="post" action="${escapeHtml(action("reject"))}"><button class="deny" type="submit">No, it's not me</button></form>
</article>`;
}

export function phonePage(ctx: PhoneContext, slug: string | null): string {
  const orgs = [...ctx.orgs.values()];
  const org = slug ? ctx.orgs.get(slug) : undefined;
  const picker = `<nav>${orgs.map((o) => `<a href="/__emulator/phone?org=${encodeURIComponent(o.slug)}"${o === org ? ' aria-current="page"' : ""}>${escapeHtml(o.name)}</a>`).join(" · ")}</nav>`;
  let main: string;
  if (!org) {
    main = `<p>Pick an org to see the pushes and codes its users receive.</p>`;
  } else {
    const pushes = pendingPushes(org);
    const otps = recentOtps(org, 15);
    const since = Date.now() - 10 * 60_000;
    const answered = pendingPushes(org, { all: true }).filter((p) => p.status !== "WAITING" && Date.parse(p.created) >= since);
    main = `<section aria-labelledby="pushes"><h2 id="pushes">Okta Verify pushes waiting (${pushes.length})</h2>
${pushes.length ? pushes.map((p) => pushCard(org.slug, p)).join("\n") : `<p class="muted">No push is waiting. Send one from the console ("Verify caller").</p>`}
${
  answered.length
    ? `<h3 class="sub">Answered or expired in the last 10 minutes</h3><ul class="answered">${answered
        .map((p) => `<li><strong>${escapeHtml(p.displayName)}</strong> · ${escapeHtml(p.created.slice(11, 19))} UTC · <span class="st-${p.status.toLowerCase()}">${STATUS_WORDS[p.status]}</span></li>`)
        .join("")}</ul>`
    : ""
}
</section>
<section aria-labelledby="codes"><h2 id="codes">Codes sent by SMS, voice call and email</h2>
${
  otps.length
    ? `<div class="scroll"><table><thead><tr><th>User</th><th>Channel</th><th class="wide">To</th><th>Code</th><th class="wide">Sent (UTC)</th><th>State</th></tr></thead><tbody>${otps
        .map(
          (o) =>
            `<tr><td class="login">${escapeHtml(o.login).replace("@", "<wbr>@")}</td><td>${CHANNEL[o.factorType] ?? escapeHtml(o.factorType)}</td><td class="wide">${escapeHtml(o.destination)}</td><td class="code">${escapeHtml(o.code)}</td><td class="wide">${escapeHtml((o.sentAt ?? o.expiresAt).slice(11, 19))}</td><td>${o.used ? "used" : o.expired ? "expired" : "valid"}</td></tr>`,
        )
        .join("")}</tbody></table></div>`
    : `<p class="muted">No code has been sent in this org yet.</p>`
}
</section>`;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="4"><title>${escapeHtml(org ? `${org.name} - ` : "")}User's phone (Okta emulator)</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1d21}
header{background:#1d1d21;color:#fff;padding:12px 20px}header h1{font-size:18px;margin:0}
nav{padding:10px 20px;background:#fff;border-bottom:1px solid #ddd}nav a{color:#0b57d0}nav a[aria-current]{font-weight:600;color:#1d1d21}
main{max-width:760px;margin:0 auto;padding:16px 20px}h2{font-size:16px;margin:20px 0 10px}
.push{background:#fff;border:1px solid #d8dadf;border-radius:12px;padding:14px 16px;margin-bottom:12px;max-width:380px}
.push h3{margin:0 0 6px;font-size:16px}.push p{margin:4px 0}.muted{color:#5f6368;font-size:13px}
.numbers{display:flex;gap:10px;margin:8px 0}
button{font:inherit;border-radius:8px;border:1px solid #c4c7cc;background:#fff;padding:8px 14px;cursor:pointer;margin-top:6px}
button.number{font-size:22px;font-weight:600;min-width:64px}button.approve{background:#0b57d0;color:#fff;border-color:#0b57d0}
button.deny{color:#b3261e}table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e5e8;font-size:14px}
td.code{font:600 17px ui-monospace,monospace;letter-spacing:2px}.scroll{overflow-x:auto}th{white-space:nowrap}
h3.sub{font-size:14px;margin:14px 0 6px}ul.answered{margin:0;padding-left:18px;font-size:14px}.st-success{color:#146c2e}.st-rejected,.st-timeout{color:#b3261e}
@media (max-width:600px){.wide{display:none}.login{overflow-wrap:break-word}}
</style></head><body><header><h1>User's phone · Okta emulator</h1></header>${picker}<main>${main}
<p class="muted">Emulator-only page (refreshes every 4 s): it plays the user's Okta Verify app and inbox. Real Okta never shows these codes or numbers to anyone but the user.</p></main></body></html>`;
}

/** Serves the demo page and its form posts; false when the path is not the page's. */
export async function handlePhonePage(ctx: PhoneContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname.replace(/\/$/, "");
  if (path === "/__emulator/phone" && (req.method === "GET" || req.method === "HEAD")) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : phonePage(ctx, url.searchParams.get("org")));
    return true;
  }
  if (path === "/__emulator/phone/answer" && req.method === "POST") {
    for await (const _chunk of req as AsyncIterable<Buffer>) void _chunk; // drain the (empty) form body
    const slug = url.searchParams.get("org") ?? "";
    const back = `/__emulator/phone?org=${encodeURIComponent(slug)}`;
    try {
      const org = orgOf(ctx, slug);
      const tx = url.searchParams.get("tx") ?? "";
      const n = url.searchParams.get("number");
      answerPush(org, ctx.ids, tx, url.searchParams.get("action") === "reject" ? { action: "reject" } : { action: "approve", number: n === null ? undefined : Number(n) });
    } catch (e) {
      if (!(e instanceof PhoneError)) throw e;
      // An expired or already answered push: back to the page, which no longer lists it.
    }
    res.writeHead(303, { Location: back });
    res.end();
    return true;
  }
  return false;
}
