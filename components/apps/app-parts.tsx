// Small pieces of the app pages (server-safe, no state).
import { Badge } from "@/components/ui/badge";

const SIGN_ON_MODES: Record<string, string> = {
  SAML_2_0: "SAML 2.0",
  SAML_1_1: "SAML 1.1",
  OPENID_CONNECT: "OpenID Connect",
  WS_FEDERATION: "WS-Federation",
  BOOKMARK: "Bookmark",
  BROWSER_PLUGIN: "Browser plugin (SWA)",
  AUTO_LOGIN: "Auto login (SWA)",
  BASIC_AUTH: "Basic auth",
  SECURE_PASSWORD_STORE: "Secure password store",
  RADIUS_FOR_GENERIC_APP: "RADIUS",
};

export function signOnModeLabel(mode: string): string {
  return SIGN_ON_MODES[mode] ?? (mode ? mode.replace(/_/g, " ").toLowerCase() : "—");
}

/**
 * The app's tile. Okta's logos live on Okta's CDN, which the console's Content-Security-Policy does not
 * load images from (img-src 'self'), so the tile is the label's initials.
 */
export function AppMonogram({ label, size = "sm" }: { label: string; size?: "sm" | "lg" }) {
  const letters = label
    .split(/[\s.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
  return (
    <span aria-hidden className={size === "lg" ? "grid h-12 w-12 shrink-0 place-items-center rounded-lg bg-slate-900 text-base font-semibold text-white" : "grid h-8 w-8 shrink-0 place-items-center rounded-md bg-slate-900 text-xs font-semibold text-white"}>
      {letters || "A"}
    </span>
  );
}

export function AppStatusBadge({ status }: { status: string }) {
  return status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>;
}
