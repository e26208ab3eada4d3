/**
 * Model -> wire shape. Records are stored close to Okta's JSON, so this mostly adds `_links`
 * (absolute, built from the org URL the client used) and strips secrets.
 */
import type {
  AppGroupAssignment,
  AppRecord,
  AppUserAssignment,
  FactorRecord,
  GroupRecord,
  GroupRuleRecord,
  LogEventRecord,
  RoleAssignmentRecord,
  UserRecord,
  UserStatus,
} from "./model.ts";

type Link = { href: string; method?: string };

/** Lifecycle links Okta includes in a user's `_links`, by status. */
const USER_LINKS: Record<UserStatus, Array<[name: string, path: string]>> = {
  STAGED: [["activate", "lifecycle/activate"], ["deactivate", "lifecycle/deactivate"]],
  PROVISIONED: [["reactivate", "lifecycle/reactivate"], ["resetPassword", "lifecycle/reset_password"], ["deactivate", "lifecycle/deactivate"]],
  ACTIVE: [
    ["suspend", "lifecycle/suspend"],
    ["resetPassword", "lifecycle/reset_password"],
    ["expirePassword", "lifecycle/expire_password"],
    ["forgotPassword", "credentials/forgot_password"],
    ["changeRecoveryQuestion", "credentials/change_recovery_question"],
    ["deactivate", "lifecycle/deactivate"],
    ["changePassword", "credentials/change_password"],
  ],
  RECOVERY: [["resetPassword", "lifecycle/reset_password"], ["expirePassword", "lifecycle/expire_password"], ["deactivate", "lifecycle/deactivate"]],
  PASSWORD_EXPIRED: [["resetPassword", "lifecycle/reset_password"], ["expirePassword", "lifecycle/expire_password"], ["deactivate", "lifecycle/deactivate"]],
  LOCKED_OUT: [["unlock", "lifecycle/unlock"], ["resetPassword", "lifecycle/reset_password"], ["expirePassword", "lifecycle/expire_password"], ["deactivate", "lifecycle/deactivate"]],
  SUSPENDED: [["unsuspend", "lifecycle/unsuspend"], ["deactivate", "lifecycle/deactivate"]],
  DEPROVISIONED: [["activate", "lifecycle/activate"]],
};

export function serializeUser(u: UserRecord, orgUrl: string) {
  const self = `${orgUrl}/api/v1/users/${u.id}`;
  const links: Record<string, Link> = {};
  for (const [name, path] of USER_LINKS[u.status]) links[name] = { href: `${self}/${path}`, method: "POST" };
  links.self = { href: self };
  links.type = { href: `${orgUrl}/api/v1/meta/types/user/${u.type.id}` };
  const credentials: Record<string, unknown> = { provider: { ...u.credentials.provider } };
  if (u.credentials.password) credentials.password = {};
  if (u.credentials.recovery_question) credentials.recovery_question = { question: u.credentials.recovery_question.question };
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: u.type.id },
    ...(u.transitioningToStatus ? { transitioningToStatus: u.transitioningToStatus } : {}),
    profile: { ...u.profile },
    credentials,
    _links: links,
  };
}

/**
 * Real Okta sends `null` for absent log fields (detailEntry, authenticationProvider, ...), but the
 * published LogEvent schema does not declare them nullable; we omit them instead so responses
 * validate, and clients treat an absent field and a null one alike.
 */
export function serializeLogEvent(e: LogEventRecord): unknown {
  return withoutNulls(e);
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
    return out;
  }
  return v;
}

export function serializeGroup(g: GroupRecord, orgUrl: string, stats?: { usersCount: number; appsCount: number; hasAdminPrivilege?: boolean }) {
  const self = `${orgUrl}/api/v1/groups/${g.id}`;
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: [...g.objectClass],
    type: g.type,
    // The spec types description as a string; a group without one omits it.
    profile: withoutNulls(g.profile),
    // Okta's answers spell it hasAdminPrivilege (the spec's schema says "hasAdminPrivlege"; both validate).
    ...(stats ? { _embedded: { stats: { usersCount: stats.usersCount, appsCount: stats.appsCount, groupPushMappingsCount: 0, hasAdminPrivilege: stats.hasAdminPrivilege ?? false } } } : {}),
    _links: {
      logo: [
        { name: "medium", href: `${orgUrl}/assets/img/logos/groups/odyssey/okta-medium.png`, type: "image/png" },
        { name: "large", href: `${orgUrl}/assets/img/logos/groups/odyssey/okta-large.png`, type: "image/png" },
      ],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}

export function serializeRule(r: GroupRuleRecord) {
  return {
    type: r.type,
    id: r.id,
    status: r.status,
    name: r.name,
    created: r.created,
    lastUpdated: r.lastUpdated,
    conditions: structuredClone(r.conditions),
    actions: structuredClone(r.actions),
  };
}

export function serializeApp(a: AppRecord, orgUrl: string) {
  const self = `${orgUrl}/api/v1/apps/${a.id}`;
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    status: a.status,
    created: a.created,
    lastUpdated: a.lastUpdated,
    signOnMode: a.signOnMode,
    accessibility: { selfService: false },
    visibility: structuredClone({ ...a.visibility, appLinks: { [a.name]: true } }),
    features: [...a.features],
    settings: structuredClone(a.settings),
    _links: {
      appLinks: [{ name: a.name, href: `${orgUrl}/home/${a.name}/${a.id}/${a.name}`, type: "text/html" }],
      users: { href: `${self}/users` },
      groups: { href: `${self}/groups` },
      logo: [{ name: "medium", href: `${orgUrl}/assets/img/logos/default.png`, type: "image/png" }],
      deactivate: { href: `${self}/lifecycle/deactivate` },
      self: { href: self },
    },
  };
}

export function serializeAppUser(a: AppUserAssignment, user: UserRecord, orgUrl: string) {
  return {
    id: a.userId,
    created: a.created,
    lastUpdated: a.lastUpdated,
    scope: a.scope,
    status: "ACTIVE",
    statusChanged: a.created,
    passwordChanged: null,
    syncState: "DISABLED",
    credentials: { userName: user.profile.login },
    profile: { ...a.profile },
    _links: {
      app: { href: `${orgUrl}/api/v1/apps/${a.appId}` },
      user: { href: `${orgUrl}/api/v1/users/${a.userId}` },
    },
  };
}

export function serializeAppGroup(a: AppGroupAssignment, orgUrl: string) {
  return {
    id: a.groupId,
    lastUpdated: a.lastUpdated,
    priority: a.priority,
    profile: { ...a.profile },
    _links: {
      app: { href: `${orgUrl}/api/v1/apps/${a.appId}` },
      group: { href: `${orgUrl}/api/v1/groups/${a.groupId}` },
    },
  };
}

export function serializeAppLink(a: AppUserAssignment, app: AppRecord, orgUrl: string, sortOrder: number) {
  return {
    id: `0ua${a.appId.slice(3, 8)}${a.userId.slice(3, 15)}`.slice(0, 20),
    label: app.label,
    linkUrl: `${orgUrl}/home/${app.name}/${app.id}/${app.name}`,
    logoUrl: `${orgUrl}/assets/img/logos/default.png`,
    appName: app.name,
    appInstanceId: app.id,
    appAssignmentId: `0ua${a.userId.slice(3)}`.slice(0, 20),
    credentialsSetup: false,
    hidden: app.visibility.hide.web,
    sortOrder,
  };
}

export function serializeFactor(f: FactorRecord, orgUrl: string) {
  const self = `${orgUrl}/api/v1/users/${f.userId}/factors/${f.id}`;
  return {
    id: f.id,
    factorType: f.factorType,
    provider: f.provider,
    vendorName: f.vendorName,
    status: f.status,
    created: f.created,
    lastUpdated: f.lastUpdated,
    profile: { ...f.profile },
    _links: { self: { href: self, hints: { allow: ["GET", "DELETE"] } }, user: { href: `${orgUrl}/api/v1/users/${f.userId}` } },
  };
}

export function serializeRole(r: RoleAssignmentRecord, orgUrl: string) {
  return {
    id: r.id,
    label: r.label,
    type: r.type,
    status: r.status,
    created: r.created,
    lastUpdated: r.lastUpdated,
    assignmentType: r.assignmentType,
    // Okta's client role example links the assignee to the client's role list.
    _links: {
      assignee: {
        href:
          r.assignmentType === "CLIENT"
            ? `${orgUrl}/oauth2/v1/clients/${r.userId}/roles`
            : r.assignmentType === "GROUP"
              ? `${orgUrl}/api/v1/groups/${r.userId}`
              : `${orgUrl}/api/v1/users/${r.userId}`,
      },
    },
  };
}
