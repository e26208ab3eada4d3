"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { previewMemberRemoval, removeGroupMembers } from "@/app/(console)/t/[tenant]/groups/actions";
import type { RemovalImpact } from "@/lib/groups/blast-radius";
import type { MembershipResult } from "@/lib/groups/actions";
import { ImpactLoading, RemovalImpactView } from "./impact-views";

const plural = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

/** Remove people from a group: before the click, which apps each of them loses (read live, bounded). */
export function RemoveMembersDialog({
  slug,
  group,
  people,
  open,
  onClose,
  onDone,
  ticketRequired,
}: {
  slug: string;
  group: { id: string; name: string };
  people: Array<{ id: string; name: string }>;
  open: boolean;
  onClose: () => void;
  onDone: (result: MembershipResult) => void;
  ticketRequired: boolean;
}) {
  const [impact, setImpact] = useState<{ state: "loading" } | { state: "done"; data: RemovalImpact } | { state: "error"; error: string }>({ state: "loading" });
  const key = people.map((p) => p.id).join(",");

  useEffect(() => {
    if (!open || people.length === 0) return;
    // Mounted afresh for each removal (MembersPanel keys it by the people), so it starts "loading".
    let live = true;
    const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
    previewMemberRemoval(slug, { groupId: group.id, userIds: people.map((p) => p.id), names }).then(
      (r) => live && setImpact(r.ok ? { state: "done", data: r.data } : { state: "error", error: r.error }),
      () => live && setImpact({ state: "error", error: "Which apps they lose could not be checked." }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the people picked
  }, [open, slug, group.id, key]);

  const who = people.length === 1 ? people[0]!.name : plural(people.length);
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Remove ${who} from ${group.name}?`}
      description={people.length > 1 ? people.map((p) => p.name).join(", ") : "They leave the group at once in Okta."}
      confirmLabel={people.length === 1 ? "Remove" : `Remove ${plural(people.length)}`}
      ticketRequired={ticketRequired}
      onConfirm={(ticketId) => removeGroupMembers(slug, { groupId: group.id, userIds: people.map((p) => p.id), ticketId })}
      successMessage={(d: MembershipResult) => (d.failed.length ? `${plural(d.done.length)} removed; ${plural(d.failed.length)} not: ${d.failed[0]!.error}` : `${plural(d.done.length)} removed from ${group.name}.`)}
      onDone={onDone}
    >
      {impact.state === "loading" ? <ImpactLoading what="removing them" /> : impact.state === "error" ? <Alert tone="warning">{impact.error}</Alert> : <RemovalImpactView impact={impact.data} />}
    </ConfirmDialog>
  );
}
