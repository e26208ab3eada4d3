import { userLookupRoute } from "@/lib/users/lookups";

export const GET = userLookupRoute;
