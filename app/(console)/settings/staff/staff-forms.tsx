"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { focusAfterRowRemoval } from "@/components/ui/focus-after-removal";
import { notify } from "@/components/ui/toaster";
import { ALL_ORG_ROLES, ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/rbac/permissions";
import { addGrantAction, addStaffAction, removeGrantAction, setStaffStatusAction } from "./actions";

type FieldErrors = Record<string, string[] | undefined>;

export function AddStaffButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();
  const close = () => {
    setOpen(false);
    setError(null);
    setFieldErrors({});
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>Add staff member</Button>
      <Dialog
        open={open}
        onClose={close}
        title="Add staff member"
        description="Prepare access before their first sign-in: they are linked to this entry by email when they first sign in with the MSP's Okta."
        busy={pending}
      >
        {open ? (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            startTransition(async () => {
              const result = await addStaffAction({ email: form.get("email"), name: form.get("name"), ticketId: form.get("ticketId") });
              if (!result.ok) {
                setError(result.error);
                setFieldErrors(result.fieldErrors ?? {});
                return;
              }
              close();
              router.push(`/settings/staff/${result.data.id}`);
            });
          }}
        >
          <TextField label="Email" name="email" type="email" required autoComplete="off" errors={fieldErrors.email} hint="Their email in the MSP's Okta org." />
          <TextField label="Name (optional)" name="name" autoComplete="off" errors={fieldErrors.name} hint="Replaced by the name from Okta at first sign-in." />
          <TextField label="Ticket ID (optional)" name="ticketId" maxLength={64} autoComplete="off" errors={fieldErrors.ticketId} />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : "Add staff member"}
            </Button>
          </div>
        </form>
        ) : null}
      </Dialog>
    </>
  );
}

export function StaffStatusButton({ staffId, name, status, isSelf }: { staffId: string; name: string; status: string; isSelf: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const disabling = status !== "disabled";
  if (disabling && isSelf) {
    return (
      <p className="text-sm text-slate-500" id="self-disable-note">
        You can&apos;t disable yourself.
      </p>
    );
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <Button variant={disabling ? "danger" : "secondary"} onClick={() => setOpen(true)}>
        {disabling ? "Disable" : "Enable"}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={disabling ? `Disable ${name}?` : `Enable ${name}?`}
        description={
          disabling
            ? "They are signed out everywhere: every open console session is revoked, so access ends on their next request. They can't sign in until an Administrator enables them again."
            : "They can sign in again with the MSP's Okta. Their grants and team memberships are unchanged."
        }
        confirmLabel={disabling ? "Disable" : "Enable"}
        tone={disabling ? "danger" : "primary"}
        onConfirm={(ticketId) => setStaffStatusAction({ staffId, status: disabling ? "disabled" : "active", ticketId })}
        successMessage={(data) => (disabling ? `${name} disabled. ${data.revokedSessions} session(s) revoked.` : `${name} enabled.`)}
        onDone={() => router.refresh()}
      />
    </div>
  );
}

export function AddGrantButton({ staffId, tenants }: { staffId: string; tenants: Array<{ id: string; name: string; slug: string }> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("technician");
  const [tenantId, setTenantId] = useState(tenants[0]?.id ?? "all");
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();
  const allOrgRole = ALL_ORG_ROLES.includes(role);
  const close = () => {
    setOpen(false);
    setError(null);
    setFieldErrors({});
  };
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Add grant
      </Button>
      <Dialog open={open} onClose={close} title="Add a direct grant" description="Give this staff member a role in one org, or in all orgs." busy={pending}>
        {open ? (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            startTransition(async () => {
              const result = await addGrantAction({ staffId, role, tenantId: allOrgRole ? "all" : tenantId, ticketId: form.get("ticketId") });
              if (!result.ok) {
                setError(result.error);
                setFieldErrors(result.fieldErrors ?? {});
                return;
              }
              close();
              notify.success("Grant added.");
              router.refresh();
            });
          }}
        >
          <SelectField
            label="Role"
            name="role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            hint={ROLE_DESCRIPTIONS[role]}
            errors={fieldErrors.role}
          />
          <SelectField
            label="Org"
            name="tenantId"
            value={allOrgRole ? "all" : tenantId}
            onChange={(e) => setTenantId(e.target.value)}
            disabled={allOrgRole}
            options={[{ value: "all", label: "All orgs" }, ...tenants.map((t) => ({ value: t.id, label: `${t.name} (${t.slug})` }))]}
            hint={allOrgRole ? `${ROLE_LABELS[role]} always applies to all orgs.` : undefined}
            errors={fieldErrors.tenantId}
          />
          <TextField label="Ticket ID (optional)" name="ticketId" maxLength={64} autoComplete="off" errors={fieldErrors.ticketId} />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : "Add grant"}
            </Button>
          </div>
        </form>
        ) : null}
      </Dialog>
    </>
  );
}

/**
 * Lives in a grants row whose data-row-key is `rowKey`: after the removal, focus goes to the next
 * row's Remove button, or to the Access heading when no row is left (focusAfterRowRemoval).
 */
export function RemoveGrantButton({ grantId, label, rowKey, headingId }: { grantId: string; label: string; rowKey: string; headingId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Remove grant: ${label}`} data-row-action>
        Remove
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Remove this grant?"
        description={label}
        confirmLabel="Remove grant"
        onConfirm={(ticketId) => removeGrantAction({ grantId, ticketId })}
        successMessage="Grant removed."
        onDone={() => {
          focusAfterRowRemoval(rowKey, headingId);
          router.refresh();
        }}
      />
    </>
  );
}
