import type { OrgPickerOrg } from "./types";

export interface OrgPickerSection {
  id: "recent" | "all" | "matches";
  label: string;
  orgs: OrgPickerOrg[];
}

const RECENT_SHOWN = 5;

function score(org: OrgPickerOrg, terms: string[]): number | null {
  const name = org.name.toLowerCase();
  const haystack = `${name} ${org.slug} ${org.tags.join(" ")}`;
  let total = 0;
  for (const term of terms) {
    if (!haystack.includes(term)) return null;
    if (name.startsWith(term) || org.slug.startsWith(term)) total += 3;
    else if (name.includes(` ${term}`)) total += 2;
    else total += 1;
  }
  return total + (org.recent ? 1 : 0);
}

/**
 * The picker's sections. No query: "Recent" (up to 5, in the given order) then "All orgs" by name.
 * With a query: one "Matches" section, matching name, slug or tag on every word, best first.
 */
export function pickerSections(orgs: readonly OrgPickerOrg[], query: string): OrgPickerSection[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) {
    const recent = orgs.filter((o) => o.recent).slice(0, RECENT_SHOWN);
    const shown = new Set(recent.map((o) => o.slug));
    const rest = orgs.filter((o) => !shown.has(o.slug)).sort((a, b) => a.name.localeCompare(b.name));
    return [
      ...(recent.length ? [{ id: "recent" as const, label: "Recent", orgs: recent }] : []),
      ...(rest.length ? [{ id: "all" as const, label: recent.length ? "All orgs" : "Orgs", orgs: rest }] : []),
    ];
  }
  const matches = orgs
    .map((org, index) => ({ org, index, score: score(org, terms) }))
    .filter((m): m is { org: OrgPickerOrg; index: number; score: number } => m.score !== null)
    .sort((a, b) => b.score - a.score || a.org.name.localeCompare(b.org.name) || a.index - b.index)
    .map((m) => m.org);
  return matches.length ? [{ id: "matches", label: "Matches", orgs: matches }] : [];
}
