// Plain active people of an emulator org for tests that change users: no admin role, not a service
// account (flag, userType, login or a "service" group), each handed out once per `used` set.
import type { OrgState, UserRecord } from "../../emulator/model";

export function takePlainActive(o: OrgState, used: Set<string>, n: number): UserRecord[] {
  const out: UserRecord[] = [];
  for (const u of o.users.values()) {
    if (out.length === n) break;
    if (used.has(u.id) || u.status !== "ACTIVE" || u.serviceAccount || (o.roles.get(u.id) ?? []).length) continue;
    let service = false;
    for (const [gid, members] of o.memberships) if (members.has(u.id) && /service/i.test(o.groups.get(gid)?.profile.name ?? "")) service = true;
    if (service || /service|integration/i.test(String(u.profile.userType ?? "") + u.profile.login)) continue;
    used.add(u.id);
    out.push(u);
  }
  if (out.length < n) throw new Error("not enough plain active people left");
  return out;
}
