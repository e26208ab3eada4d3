"use client";

// Okta only lets an inactive rule be edited: say so, show the rule, and offer deactivate-then-edit
// (the confirmation says that memberships stay).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DeactivateRuleDialog } from "./rule-dialogs";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { RuleView } from "@/lib/rules/actions";

export function ActiveRuleNotice({ slug, rule, ticketRequired }: { slug: string; rule: RuleView; ticketRequired: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-4">
      <Alert tone="info" title="Okta only allows editing an inactive rule">
        Deactivate it first; the people it added stay in their groups. Edit it, preview it, then activate it again from the list.
      </Alert>
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="font-medium text-slate-700">Condition</dt>
          <dd>
            {rule.words ? <span>{rule.words}</span> : null}
            <code className="mt-1 block break-all font-mono text-xs text-slate-600">{rule.expression}</code>
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Adds people to</dt>
          <dd>{rule.targetGroups.map((g) => g.name ?? g.id).join(", ")}</dd>
        </div>
      </dl>
      <Button onClick={() => setOpen(true)}>Deactivate and edit</Button>
      <DeactivateRuleDialog
        slug={slug}
        rule={open ? rule : null}
        ticketRequired={ticketRequired}
        confirmLabel="Deactivate and edit"
        onClose={() => setOpen(false)}
        onDone={() => router.refresh()}
      />
    </div>
  );
}
