import "server-only";
// Kind bulk_user_action: one single-user operation (lib/users) per selected user. Filled in below.
import { z } from "zod";
import type { JobKindDefinition } from "../types";

export const bulkUserActionKind: JobKindDefinition<{ action: string }, { userId: string }> = {
  kind: "bulk_user_action",
  permission: "users.read",
  paramsSchema: z.object({ action: z.string() }),
  itemSchema: z.object({ userId: z.string() }),
  auditAction: "job.bulk_user_action.item",
  target: (item) => ({ type: "user", id: item.userId }),
  async runItem() {
    return { status: "skipped", error: "Not implemented yet." };
  },
};
