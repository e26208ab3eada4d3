import { importValidateRoute } from "@/lib/import/actions";

// The validation report and dry run of a CSV import (reads Okta, writes nothing): lib/import/actions.ts.
export const POST = importValidateRoute;
