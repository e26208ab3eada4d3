import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { effectiveAccess, type StaffAccess } from "./grants";

/**
 * A staff member's access, resolved once per request (React cache) however many server components
 * ask (the shell, the page). Rendering only: actions resolve access again in the wrapper.
 */
export const accessFor = cache((staffId: string): Promise<StaffAccess> => effectiveAccess(db(), staffId));
