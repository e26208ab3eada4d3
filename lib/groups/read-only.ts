// Which groups the console changes, and the reason it gives for the others. Browser-safe: the pages
// show the same sentence the server's refusal carries (lib/groups/guards.ts).

export interface GroupKind {
  name: string;
  type: string | null;
  rawType?: string | null;
  /** APP_GROUP: where it is imported from, when known. */
  source?: string | null;
}

/** null for an Okta group (editable); otherwise why its name, description and members are not changed here. */
export function readOnlyReason(group: GroupKind): string | null {
  if (group.type === "OKTA_GROUP") return null;
  if (group.type === "APP_GROUP") {
    const from = group.source ? `from ${group.source}` : "from a directory or an app";
    return `${group.name} is imported ${from}: its name, description and members are managed there, and Okta overwrites changes made here at the next import.`;
  }
  if (group.type === "BUILT_IN") return `${group.name} is built into Okta: it always holds every person in the org and cannot be edited, deleted or have its members changed.`;
  return `${group.name} has a type the console does not know (${group.rawType ?? "none"}), so it is shown read-only.`;
}

/** Short words for a group type. */
export function groupTypeLabel(type: string | null): string {
  if (type === "OKTA_GROUP") return "Okta";
  if (type === "APP_GROUP") return "App-imported";
  if (type === "BUILT_IN") return "Built-in";
  return type ?? "Unknown";
}
