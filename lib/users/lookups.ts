import "server-only";
// Typeahead lookups of an org's users (user pickers, the org palette): one Okta request with `q`
// (starts-with on first name, last name and email; Okta skips DEPROVISIONED users and never pages a
// `q` answer), read-only through the wrapper.
import { tenantRoute } from "@/lib/actions";
import { STATUS_INFO, isUserStatus } from "./lifecycle";
import { lookupSchema } from "./schemas";

export interface LookupItem {
  id: string;
  label: string;
  sublabel?: string;
  /** Okta's status (users) for a badge. */
  status?: string;
  statusLabel?: string;
}

export interface LookupResult {
  items: LookupItem[];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function userLookupItem(user: unknown): LookupItem | null {
  if (!isRec(user) || typeof user.id !== "string") return null;
  const p = isRec(user.profile) ? user.profile : {};
  const login = str(p.login) ?? user.id;
  const name = [str(p.firstName), str(p.lastName)].filter(Boolean).join(" ");
  const status = str(user.status);
  return {
    id: user.id,
    label: str(p.displayName) ?? (name || login),
    sublabel: login,
    ...(status ? { status, statusLabel: isUserStatus(status) ? STATUS_INFO[status].label : status } : {}),
  };
}

/** GET /api/t/[tenant]/users/lookup?q=&limit= -> {items: [{id, label, sublabel, status}]} */
export const userLookupRoute = tenantRoute(
  { name: "user.lookup", permission: "users.read", input: lookupSchema, readOnly: true, auditFields: ["q"], example: { q: "ada" } },
  async (ctx, input): Promise<LookupResult> => {
    const collection = await ctx.okta.client.userApi.listUsers({ q: input.q, limit: input.limit });
    const users = await collection.getNextPage();
    return { items: users.map(userLookupItem).filter((i): i is LookupItem => i !== null).slice(0, input.limit) };
  },
);
