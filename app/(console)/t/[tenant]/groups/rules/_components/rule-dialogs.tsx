"use client";

// The confirmations of a rule's consequential actions, each with what it changes:
//   activate   -> the live preview (who would be added);
//   deactivate -> per Okta, memberships stay: the rule's users remain in the groups and keep their apps;
//   delete     -> memberships stay unless "remove users" is chosen; then up to the matching members
//                 leave the groups and lose the apps the groups assign.
import { useEffect, useState } from "react";
import { activateRule, deactivateRule, deleteRule, ruleImpact } from "../actions";
import { RulePreview } from "./rule-preview";
import { Alert } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/field";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RuleImpact, RuleView } from "@/lib/rules/actions";

const n = (x: number) => x.toLocaleString("en-US");
const groupList = (rule: RuleView) => rule.targetGroups.map((g) => g.name ?? g.id).join(", ");

function useImpact(slug: string, ruleId: string, open: boolean) {
  const [state, setState] = useState<{ ruleId: string; impact: RuleImpact | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    void ruleImpact(slug, { ruleId }).then((r) => {
      if (live) setState({ ruleId, impact: r.ok ? r.data : null, error: r.ok ? null : r.error });
    });
    return () => {
      live = false;
    };
  }, [slug, ruleId, open]);
  const current = state?.ruleId === ruleId ? state : null;
  return { impact: current?.impact ?? null, error: current?.error ?? null, loading: open && !current };
}

function ImpactList({ impact, removing }: { impact: RuleImpact; removing: boolean }) {
  return (
    <ul className="space-y-2 text-sm" aria-label="Target groups">
      {impact.targets.map((t) => (
        <li key={t.group.id} className="rounded-md border border-slate-200 bg-slate-50 p-3">
          <p className="font-medium text-slate-900">{t.group.name ?? `${t.group.id} (deleted)`}</p>
          <p className="text-slate-700">
            {n(t.members)}
            {t.membersTruncated ? "+" : ""} member{t.members === 1 ? "" : "s"} now
            {t.matching !== null ? `, ${n(t.matching)} of them match the rule` : ""}.
            {removing && t.matching !== null ? ` Up to ${n(t.matching)} would leave the group.` : ""}
          </p>
          <p className="text-xs text-slate-600">
            {t.apps.length ? `Apps this group assigns: ${t.apps.join(", ")}${t.appsTruncated ? " and more" : ""}.` : "This group assigns no apps."}
            {removing && t.apps.length ? " People removed from the group lose these apps unless another assignment keeps them." : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The target groups' state for a confirmation: loading, the read's failure, or the list. */
function Impact({ impact, error, loading, removing }: ReturnType<typeof useImpact> & { removing: boolean }) {
  return (
    <>
      {loading ? (
        <p role="status" className="text-sm text-slate-600">
          Reading the target groups…
        </p>
      ) : null}
      {error ? <Alert tone="warning">What the groups hold could not be read: {error}</Alert> : null}
      {impact && !impact.rule ? <Alert tone="warning">Okta no longer has this rule.</Alert> : null}
      {impact ? <ImpactList impact={impact} removing={removing} /> : null}
    </>
  );
}

export function ActivateRuleDialog({ slug, rule, base, ticketRequired, onClose, onDone }: { slug: string; rule: RuleView | null; base: string; ticketRequired: boolean; onClose: () => void; onDone: () => void }) {
  return (
    <ConfirmDialog
      open={rule !== null}
      onClose={onClose}
      title={rule ? `Activate ${rule.name}?` : "Activate"}
      tone="primary"
      confirmLabel="Activate"
      ticketRequired={ticketRequired}
      description={rule ? `Okta adds every matching user to ${groupList(rule)} right away, then re-evaluates people whenever their profile or groups change.` : undefined}
      onConfirm={(ticketId) => activateRule(slug, { ruleId: rule!.id, ticketId })}
      successMessage={rule ? `${rule.name} is active.` : undefined}
      onDone={onDone}
    >
      {rule ? <RulePreview slug={slug} expression={rule.expression} groupIds={rule.targetGroupIds} excludedUserIds={rule.excludedUserIds} base={base} autoStart compact /> : null}
    </ConfirmDialog>
  );
}

export function DeactivateRuleDialog({
  slug,
  rule,
  ticketRequired,
  onClose,
  onDone,
  confirmLabel = "Deactivate",
}: {
  slug: string;
  rule: RuleView | null;
  ticketRequired: boolean;
  onClose: () => void;
  onDone: () => void;
  confirmLabel?: string;
}) {
  const impactState = useImpact(slug, rule?.id ?? "", rule !== null);
  return (
    <ConfirmDialog
      open={rule !== null}
      onClose={onClose}
      title={rule ? `Deactivate ${rule.name}?` : "Deactivate"}
      confirmLabel={confirmLabel}
      ticketRequired={ticketRequired}
      description="Per Okta, deactivating a rule does not remove anyone: the people it added stay in its groups and keep the apps those groups give them. While inactive, the rule adds no new matching users and no longer removes people who stop matching."
      onConfirm={(ticketId) => deactivateRule(slug, { ruleId: rule!.id, ticketId })}
      successMessage={rule ? `${rule.name} is inactive; memberships were kept.` : undefined}
      onDone={onDone}
    >
      <Impact {...impactState} removing={false} />
    </ConfirmDialog>
  );
}

export function DeleteRuleDialog({ slug, rule, ticketRequired, onClose, onDone }: { slug: string; rule: RuleView | null; ticketRequired: boolean; onClose: () => void; onDone: () => void }) {
  const [removeUsers, setRemoveUsers] = useState(false);
  const impactState = useImpact(slug, rule?.id ?? "", rule !== null);
  return (
    <ConfirmDialog
      open={rule !== null}
      onClose={() => {
        setRemoveUsers(false);
        onClose();
      }}
      title={rule ? `Delete ${rule.name}?` : "Delete"}
      confirmLabel={removeUsers ? "Delete and remove users" : "Delete rule"}
      ticketRequired={ticketRequired}
      description="Deleting a rule cannot be undone. By default Okta leaves everyone in the groups; their membership is simply no longer managed by a rule."
      onConfirm={(ticketId) => deleteRule(slug, { ruleId: rule!.id, removeUsers, ticketId })}
      successMessage={rule ? (removeUsers ? `${rule.name} deleted; Okta removed the users it had added.` : `${rule.name} deleted; memberships were kept.`) : undefined}
      onDone={() => {
        setRemoveUsers(false);
        onDone();
      }}
    >
      <CheckboxField
        label="Also remove the users this rule added from its groups"
        hint="Okta removes only the members the rule added; people added by hand stay. This cannot be undone."
        checked={removeUsers}
        onChange={(e) => setRemoveUsers(e.target.checked)}
      />
      <Impact {...impactState} removing={removeUsers} />
    </ConfirmDialog>
  );
}
