import { Card, CardHeader } from "@/components/ui/card";
import { PERMISSIONS, ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type Permission, type PermissionRule, type Role } from "@/lib/rbac/permissions";

function Cell({ rule, role }: { rule: PermissionRule; role: Role }) {
  if (!rule.roles.includes(role)) {
    return (
      <span className="text-slate-300">
        <span aria-hidden>—</span>
        <span className="sr-only">Not allowed</span>
      </span>
    );
  }
  if (rule.privilegedTargetRoles && !rule.privilegedTargetRoles.includes(role)) {
    return (
      <span className="text-amber-700" title="Not on privileged users (Okta admins, service accounts)">
        <span aria-hidden>✓*</span>
        <span className="sr-only">Allowed, except on privileged users</span>
      </span>
    );
  }
  return (
    <span className="font-semibold text-emerald-700">
      <span aria-hidden>✓</span>
      <span className="sr-only">Allowed</span>
    </span>
  );
}

function Section({ title, permissions }: { title: string; permissions: Permission[] }) {
  return (
    <tbody className="divide-y divide-slate-100">
      <tr className="bg-slate-50">
        <th scope="colgroup" colSpan={ROLES.length + 1} className="px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          {title}
        </th>
      </tr>
      {permissions.map((p) => {
        const rule: PermissionRule = PERMISSIONS[p];
        return (
          <tr key={p} className="hover:bg-slate-50">
            <th scope="row" className="px-4 py-2 text-left font-normal text-slate-800">
              {rule.description}
              <span className="ml-2 font-mono text-[11px] text-slate-400">{p}</span>
            </th>
            {ROLES.map((role) => (
              <td key={role} className="px-3 py-2 text-center">
                <Cell rule={rule} role={role} />
              </td>
            ))}
          </tr>
        );
      })}
    </tbody>
  );
}

/** What each role allows, read straight from the permission table (lib/rbac/permissions.ts). */
export function PermissionMatrix() {
  const all = Object.keys(PERMISSIONS) as Permission[];
  return (
    <Card aria-labelledby="matrix-heading">
      <CardHeader
        title={<span id="matrix-heading">What each role allows</span>}
        description="✓* = allowed, except on privileged users (Okta admins and service accounts)."
      />
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Permissions by role</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-600">
              <th scope="col" className="px-4 py-2 text-left font-semibold uppercase tracking-wide text-slate-500">Permission</th>
              {ROLES.map((role) => (
                <th key={role} scope="col" className="w-28 px-3 py-2 text-center align-bottom font-semibold" title={ROLE_DESCRIPTIONS[role]}>
                  {ROLE_LABELS[role]}
                </th>
              ))}
            </tr>
          </thead>
          <Section title="In a customer org" permissions={all.filter((p) => PERMISSIONS[p].scope === "tenant")} />
          <Section title="Console (through roles held in all orgs)" permissions={all.filter((p) => PERMISSIONS[p].scope === "console")} />
        </table>
      </div>
    </Card>
  );
}
