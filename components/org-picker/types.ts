// What the org picker receives from the server (lib/shell/org-picker.ts): display data only.
export interface OrgPickerOrg {
  slug: string;
  name: string;
  /** Where users are mastered: okta | active_directory | hr | m365 */
  mastery: string;
  tags: string[];
  /** Opened recently by this staff member (the list puts these first, newest first). */
  recent: boolean;
  /** The staff member holds users.read here: inside this org the palette also finds its users. */
  searchUsers?: boolean;
}
