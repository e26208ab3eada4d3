// The hosted sign-in page and error pages: plain, accessible HTML (labelled inputs, one button).
import { escapeHtml } from "./http.ts";

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d1d21}
  main{max-width:400px;margin:64px auto;background:#fff;border:1px solid #d7d9de;border-radius:8px;padding:32px}
  h1{font-size:20px;margin:0 0 8px}
  p.sub{margin:0 0 24px;color:#5c5f66;font-size:14px}
  label{display:block;font-size:14px;font-weight:600;margin:16px 0 6px}
  input[type=text],input[type=password]{width:100%;padding:10px;border:1px solid #8c8f96;border-radius:4px;font-size:15px}
  input:focus{outline:2px solid #1662dd;outline-offset:1px}
  button{margin-top:24px;width:100%;padding:11px;border:0;border-radius:4px;background:#1662dd;color:#fff;font-size:15px;font-weight:600;cursor:pointer}
  .error{background:#fdecea;border:1px solid #e0a39e;color:#8a1c12;border-radius:4px;padding:10px 12px;font-size:14px;margin-bottom:8px}
  footer{margin-top:24px;font-size:12px;color:#8c8f96;text-align:center}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}<footer>Local Okta emulator</footer></main></body>
</html>`;
}

export function signInPage(opts: { orgName: string; action: string; tx: string; username?: string; error?: string; appName?: string }): string {
  const title = `Sign in to ${opts.orgName}`;
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : "";
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="sub">${opts.appName ? `to continue to ${escapeHtml(opts.appName)}` : "Enter your credentials"}</p>
${error}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
  <input type="hidden" name="tx" value="${escapeHtml(opts.tx)}">
  <label for="okta-signin-username">Username</label>
  <input type="text" id="okta-signin-username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(opts.username ?? "")}" ${opts.username ? "" : "autofocus"} required>
  <label for="okta-signin-password">Password</label>
  <input type="password" id="okta-signin-password" name="password" autocomplete="current-password" ${opts.username ? "autofocus" : ""} required>
  <button type="submit" id="okta-signin-submit">Sign in</button>
</form>`,
  );
}

export function errorPage(opts: { orgName: string; summary: string; detail?: string }): string {
  return layout(
    `${opts.orgName} - Error`,
    `<h1>${escapeHtml(opts.summary)}</h1>
<div class="error" role="alert">${escapeHtml(opts.detail ?? opts.summary)}</div>`,
  );
}

export function messagePage(opts: { orgName: string; title: string; message: string }): string {
  return layout(`${opts.orgName} - ${opts.title}`, `<h1>${escapeHtml(opts.title)}</h1><p class="sub">${escapeHtml(opts.message)}</p>`);
}

/** response_mode=form_post: an auto-submitting form to the client's redirect URI. */
export function formPostPage(action: string, params: Record<string, string>): string {
  const inputs = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Submit This Form</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}
