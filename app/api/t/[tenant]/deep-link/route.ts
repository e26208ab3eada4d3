import { deepLinkGet } from "@/lib/users/deep-link";

// "Open in Okta Admin Console": audited, then 303 to the org's admin host (lib/users/deep-link.ts).
export const GET = deepLinkGet;
