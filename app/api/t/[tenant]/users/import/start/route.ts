import { importStartRoute } from "@/lib/import/actions";

// Starts the user_import job once the technician confirmed: lib/import/actions.ts.
export const POST = importStartRoute;
