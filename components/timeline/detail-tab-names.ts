// The user detail page's tab names, shared by the server page (reads ?tab=) and the client tabs.
export const DETAIL_TABS = ["details", "timeline", "policies"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export function detailTabOf(value: unknown): DetailTab {
  return DETAIL_TABS.find((t) => t === value) ?? "details";
}
