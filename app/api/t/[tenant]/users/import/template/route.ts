import { importTemplateRoute } from "@/lib/import/actions";

// The CSV template with this org's attributes: lib/import/actions.ts.
export const GET = importTemplateRoute;
