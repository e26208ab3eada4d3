// Wrapper-defined console action for the audit page: verifying the hash chain on demand.
import "server-only";
import { z } from "zod";
import { consoleAction } from "@/lib/actions";
import { verifyAuditChain } from "@/lib/audit";
import { env } from "@/lib/env";

export const verifyAuditChainDef = consoleAction(
  {
    name: "audit.verify",
    permission: "audit.read.all",
    input: z.object({}),
    auditFields: [],
    // Reads every row: a transaction would hold the database's write lock that long.
    dbTransaction: false,
    example: {},
  },
  async (ctx) => verifyAuditChain(ctx.db, { keys: env().AUDIT_KEYS }),
);
