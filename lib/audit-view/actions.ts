// Wrapper-defined console action for the audit page: verifying the hash chain on demand.
import "server-only";
import { z } from "zod";
import { consoleAction } from "@/lib/actions";
import { verifyAuditChain } from "@/lib/audit";

export const verifyAuditChainDef = consoleAction(
  {
    name: "audit.verify",
    permission: "audit.read.all",
    input: z.object({}),
    example: {},
  },
  async (ctx) => verifyAuditChain(ctx.db),
);
