import "server-only";
// Typeahead lookups of an org's groups (the create form's group picker, membership dialogs): one Okta
// request with `q` (starts-with on the group name), read-only through the wrapper.
import { tenantRoute } from "@/lib/actions";
import type { LookupItem, LookupResult } from "@/lib/users/lookups";
import { lookupSchema } from "@/lib/users/schemas";

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

const TYPE_LABELS: Record<string, string> = {
  OKTA_GROUP: "Okta group",
  APP_GROUP: "Imported group",
  BUILT_IN: "Built-in group",
};

export function groupLookupItem(group: unknown): LookupItem | null {
  if (!isRec(group) || typeof group.id !== "string") return null;
  const p = isRec(group.profile) ? group.profile : {};
  const type = str(group.type);
  const kind = type ? (TYPE_LABELS[type] ?? type) : undefined;
  const description = str(p.description);
  return {
    id: group.id,
    label: str(p.name) ?? group.id,
    ...(description || kind ? { sublabel: [kind, description].filter(Boolean).join(" · ") } : {}),
    ...(type ? { status: type } : {}),
  };
}

/** GET /api/t/[tenant]/groups/lookup?q=&limit= -> {items: [{id, label, sublabel, status: group type}]} */
export const groupLookupRoute = tenantRoute(
  { name: "group.lookup", permission: "groups.read", input: lookupSchema, readOnly: true, auditFields: ["q"], example: { q: "eng" } },
  async (ctx, input): Promise<LookupResult> => {
    const collection = await ctx.okta.client.groupApi.listGroups({ q: input.q, limit: input.limit });
    const groups = await collection.getNextPage();
    return { items: groups.map(groupLookupItem).filter((i): i is LookupItem => i !== null).slice(0, input.limit) };
  },
);
