import { crossOrgSearchRoute } from "@/lib/search/cross-org";

export const GET = crossOrgSearchRoute;
