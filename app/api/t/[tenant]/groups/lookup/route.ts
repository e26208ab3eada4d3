import { groupLookupRoute } from "@/lib/groups/lookups";

export const GET = groupLookupRoute;
