/**
 * OrgBuilder: the seeds' only way to write an OrgState. Everything random comes from one seeded PRNG
 * per org, and every date is an offset from a fixed `now` anchor, so the same seed (and `now`) always
 * yields the same content.
 */
import { createIdFactory, seededRandom, type IdFactory } from "../ids.ts";
import { makeLogEvent, recordEvent, type MakeLogEventInput } from "../events.ts";
import { deterministicRsaKey } from "../oidc/keys.ts";
import type {
  AdminRoleType,
  AppRecord,
  FactorRecord,
  FactorType,
  GroupRecord,
  GroupRuleRecord,
  GroupType,
  OidcClientRecord,
  OrgState,
  ProviderType,
  UserProfile,
  UserRecord,
  UserStatus,
} from "../model.ts";
import { createEmptyOrg } from "../model.ts";

export const DAY = 24 * 3600_000;
const B62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** FNV-1a: a stable 32-bit number for a seed string. */
export function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const ROLE_LABELS: Record<AdminRoleType, string> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organization Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read Only Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  REPORT_ADMIN: "Report Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
};

export interface NewUser {
  profile: UserProfile;
  status: UserStatus;
  provider?: { type: ProviderType; name: string };
  password?: string;
  serviceAccount?: boolean;
  /** Age of the account in ms (default: random 60..1500 days). */
  age?: number;
}

type PendingEvent = Omit<MakeLogEventInput, "org" | "ids" | "requestId"> & { at: number; seq: number; group?: number };

export class OrgBuilder {
  readonly org: OrgState;
  readonly random: () => number;
  readonly ids: IdFactory;
  readonly now: number;
  readonly userTypeId: string;
  private pending: PendingEvent[] = [];
  private seq = 0;

  constructor(slug: string, name: string, kind: string | undefined, seedKey: string, now: number) {
    this.org = createEmptyOrg(slug, name, kind);
    this.random = seededRandom(hashSeed(`${seedKey}:${slug}`));
    this.ids = createIdFactory(this.random);
    this.now = now;
    this.userTypeId = this.ids.id("oty");
  }

  // ---- random helpers ----
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  iso(at: number): string {
    return new Date(at).toISOString();
  }
  ago(ms: number): number {
    return this.now - ms;
  }
  /** A base62 token like Okta's API tokens: "00" + 40 characters. */
  apiTokenValue(): string {
    let s = "00";
    for (let i = 0; i < 40; i++) s += B62[Math.floor(this.random() * 62)];
    return s;
  }

  // ---- users ----
  addUser(input: NewUser): UserRecord {
    const age = input.age ?? this.int(60, 1500) * DAY + this.int(0, DAY - 1);
    const created = this.ago(age);
    const status = input.status;
    const activated = status === "STAGED" ? null : created + this.int(5, 120) * 60_000;
    const hasPassword = input.password !== undefined && status !== "STAGED" && status !== "PROVISIONED";
    const statusChangedAt =
      status === "ACTIVE" || status === "STAGED" || status === "PROVISIONED"
        ? activated
        : // the interesting transitions happened recently, inside the seeded log window
          Math.max(created + DAY, this.ago(this.int(1, 20) * DAY + this.int(0, DAY - 1)));
    const passwordChanged = hasPassword ? Math.max(activated ?? created, this.ago(this.int(1, 180) * DAY)) : null;
    const lastUpdated = Math.max(created, activated ?? 0, statusChangedAt ?? 0, passwordChanged ?? 0);
    const user: UserRecord = {
      id: this.ids.id("00u"),
      status,
      transitioningToStatus: null,
      created: this.iso(created),
      activated: activated === null ? null : this.iso(activated),
      statusChanged: statusChangedAt === null ? null : this.iso(statusChangedAt),
      lastLogin: null,
      lastUpdated: this.iso(lastUpdated),
      passwordChanged: passwordChanged === null ? null : this.iso(passwordChanged),
      type: { id: this.userTypeId },
      profile: input.profile,
      credentials: {
        ...(hasPassword ? { password: { value: input.password } } : {}),
        provider: input.provider ?? { type: "OKTA", name: "OKTA" },
      },
    };
    if (status === "LOCKED_OUT") user.failedSignIns = 10;
    if (input.serviceAccount) user.serviceAccount = true;
    this.org.users.set(user.id, user);
    return user;
  }

  // ---- groups ----
  addGroup(name: string, description: string | null, type: GroupType = "OKTA_GROUP", extra: { objectClass?: string[]; profile?: Record<string, unknown> } = {}): GroupRecord {
    const created = this.ago(this.int(400, 1600) * DAY);
    const group: GroupRecord = {
      id: this.ids.id("00g"),
      created: this.iso(created),
      lastUpdated: this.iso(created),
      lastMembershipUpdated: this.iso(this.ago(this.int(0, 30) * DAY)),
      objectClass: extra.objectClass ?? ["okta:user_group"],
      type,
      profile: { name, description, ...(extra.profile ?? {}) },
    };
    this.org.groups.set(group.id, group);
    this.org.memberships.set(group.id, new Set());
    return group;
  }
  addMember(group: GroupRecord, user: UserRecord): void {
    this.org.memberships.get(group.id)!.add(user.id);
  }
  members(group: GroupRecord): Set<string> {
    return this.org.memberships.get(group.id)!;
  }

  /**
   * A group rule `user.<attr>=="<value>"`. An ACTIVE rule is evaluated now the way the emulator's rule
   * engine does (every user except DEPROVISIONED), and the users it adds are tracked in `ruleMemberships`.
   */
  addRule(name: string, attr: string, value: string, target: GroupRecord, status: GroupRuleRecord["status"]): GroupRuleRecord {
    const created = this.ago(this.int(200, 900) * DAY);
    const rule: GroupRuleRecord = {
      id: this.ids.id("0pr"),
      type: "group_rule",
      name,
      status,
      created: this.iso(created),
      lastUpdated: this.iso(created + this.int(0, 100) * DAY),
      conditions: {
        expression: { value: `user.${attr}=="${value}"`, type: "urn:okta:expression:1.0" },
        people: { users: { exclude: [] }, groups: { exclude: [] } },
      },
      actions: { assignUserToGroups: { groupIds: [target.id] } },
    };
    this.org.rules.set(rule.id, rule);
    if (status === "ACTIVE") {
      const added = new Set<string>();
      const members = this.members(target);
      for (const u of this.org.users.values()) {
        if (u.status === "DEPROVISIONED" || u.profile[attr] !== value) continue;
        if (!members.has(u.id)) added.add(u.id);
        members.add(u.id);
      }
      this.org.ruleMemberships ??= new Map();
      this.org.ruleMemberships.set(rule.id, added);
    }
    return rule;
  }

  // ---- apps ----
  addApp(spec: { name: string; label: string; signOnMode: string; features?: string[]; settings?: Record<string, unknown>; status?: AppRecord["status"] }): AppRecord {
    const created = this.ago(this.int(300, 1400) * DAY);
    const app: AppRecord = {
      id: this.ids.id("0oa"),
      name: spec.name,
      label: spec.label,
      status: spec.status ?? "ACTIVE",
      created: this.iso(created),
      lastUpdated: this.iso(created + this.int(0, 200) * DAY),
      signOnMode: spec.signOnMode,
      features: spec.features ?? [],
      visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
      settings: spec.settings ?? { app: {}, notifications: { vpn: { network: { connection: "DISABLED" } } } },
    };
    this.org.apps.set(app.id, app);
    this.org.appUsers.set(app.id, new Map());
    this.org.appGroups.set(app.id, new Map());
    return app;
  }

  /** Assigns the app to a group and derives the members' assignments (deactivated users hold none). */
  assignAppToGroup(app: AppRecord, group: GroupRecord): void {
    const byGroup = this.org.appGroups.get(app.id)!;
    const at = this.iso(this.ago(this.int(100, 900) * DAY));
    byGroup.set(group.id, { appId: app.id, groupId: group.id, priority: byGroup.size, lastUpdated: at, profile: {} });
    const byUser = this.org.appUsers.get(app.id)!;
    for (const userId of this.members(group)) {
      const user = this.org.users.get(userId);
      if (!user || user.status === "DEPROVISIONED") continue;
      const existing = byUser.get(userId);
      if (existing) {
        if (!existing.viaGroupIds.includes(group.id)) existing.viaGroupIds.push(group.id);
        continue;
      }
      byUser.set(userId, {
        appId: app.id,
        userId,
        scope: "GROUP",
        viaGroupIds: [group.id],
        direct: false,
        created: user.activated ?? user.created,
        lastUpdated: user.activated ?? user.created,
        profile: {},
      });
    }
  }

  assignAppToUser(app: AppRecord, user: UserRecord): void {
    const byUser = this.org.appUsers.get(app.id)!;
    const existing = byUser.get(user.id);
    if (existing) {
      existing.direct = true;
      existing.scope = "USER";
      return;
    }
    const at = user.activated ?? user.created;
    byUser.set(user.id, { appId: app.id, userId: user.id, scope: "USER", viaGroupIds: [], direct: true, created: at, lastUpdated: at, profile: {} });
  }

  // ---- roles, factors, tokens ----
  addRole(user: UserRecord, type: AdminRoleType): void {
    const at = this.iso(Math.max(Date.parse(user.created), this.ago(this.int(30, 700) * DAY)));
    const list = this.org.roles.get(user.id) ?? [];
    list.push({ id: this.ids.id("ra1"), userId: user.id, type, label: ROLE_LABELS[type], status: "ACTIVE", created: at, lastUpdated: at, assignmentType: "USER" });
    this.org.roles.set(user.id, list);
  }

  /** An admin role assigned to a group: its members hold it (emulator/roles.ts). Uses no randomness. */
  addGroupRole(group: GroupRecord, type: AdminRoleType): void {
    const roles = (this.org.groupRoles ??= new Map());
    const list = roles.get(group.id) ?? [];
    list.push({ id: this.ids.id("ra1"), userId: group.id, type, label: ROLE_LABELS[type], status: "ACTIVE", created: group.created, lastUpdated: group.created, assignmentType: "GROUP" });
    roles.set(group.id, list);
  }

  addFactor(user: UserRecord, factorType: FactorType, status: FactorRecord["status"] = "ACTIVE"): FactorRecord {
    const at = this.iso(Math.max(Date.parse(user.activated ?? user.created), this.ago(this.int(1, 500) * DAY)));
    const p = user.profile;
    const base = { id: this.ids.id("mfa"), userId: user.id, factorType, status, created: at, lastUpdated: at };
    let factor: FactorRecord;
    switch (factorType) {
      case "push":
        factor = {
          ...base,
          provider: "OKTA",
          vendorName: "OKTA",
          profile: this.chance(0.6)
            ? { credentialId: p.login, deviceType: "SmartPhone_IPhone", name: "iPhone", platform: "IOS", version: `17.${this.int(0, 6)}` }
            : { credentialId: p.login, deviceType: "SmartPhone_Android", name: "Pixel 8", platform: "ANDROID", version: "14" },
        };
        break;
      case "token:software:totp": {
        const google = this.chance(0.3);
        factor = { ...base, provider: google ? "GOOGLE" : "OKTA", vendorName: google ? "GOOGLE" : "OKTA", profile: { credentialId: p.login } };
        break;
      }
      case "sms":
      case "call":
        factor = { ...base, provider: "OKTA", vendorName: "OKTA", profile: { phoneNumber: p.mobilePhone ?? `+1 555 01${this.int(10, 99)}` } };
        break;
      case "email":
        factor = { ...base, provider: "OKTA", vendorName: "OKTA", profile: { email: p.email } };
        break;
      case "webauthn":
        factor = { ...base, provider: "FIDO", vendorName: "FIDO", profile: { credentialId: this.ids.uuid(), authenticatorName: this.pick(["MacBook Pro Touch ID", "YubiKey 5 NFC", "Windows Hello"]) } };
        break;
      case "question":
        factor = { ...base, provider: "OKTA", vendorName: "OKTA", profile: { question: "name_of_first_plush_toy", questionText: "What is the name of your first stuffed animal?" } };
        break;
    }
    const list = this.org.factors.get(user.id) ?? [];
    list.push(factor);
    this.org.factors.set(user.id, list);
    return factor;
  }

  /**
   * An API service app (OAuth for Okta): an OIDC app of application_type "service" whose client
   * authenticates with private_key_jwt, with Okta API scopes granted and admin roles assigned to it.
   * Its key pair is derived from `keySeed`, so it is the same on every run.
   */
  addServiceApp(label: string, opts: { keySeed: string; scopes: string[]; roles: AdminRoleType[] }): OidcClientRecord {
    const app = this.addApp({
      name: "oidc_client",
      label,
      signOnMode: "OPENID_CONNECT",
      settings: {
        app: {},
        oauthClient: { application_type: "service", response_types: ["token"], grant_types: ["client_credentials"], consent_method: "REQUIRED" },
      },
    });
    const key = deterministicRsaKey(opts.keySeed);
    // In Okta an OIDC app's id is also its client_id.
    const client: OidcClientRecord = {
      clientId: app.id,
      clientSecret: "",
      name: label,
      appId: app.id,
      redirectUris: [],
      postLogoutRedirectUris: [],
      applicationType: "service",
      tokenEndpointAuthMethod: "private_key_jwt",
      grantTypes: ["client_credentials"],
      jwks: [key.publicJwk],
      grantedScopes: [...opts.scopes],
      demoPrivateKeyPem: key.privatePem,
    };
    this.org.oidcClients.push(client);
    const roles = (this.org.clientRoles ??= new Map());
    const at = app.created;
    roles.set(
      client.clientId,
      opts.roles.map((type) => ({ id: this.ids.id("ra1"), userId: client.clientId, type, label: ROLE_LABELS[type], status: "ACTIVE" as const, created: at, lastUpdated: at, assignmentType: "CLIENT" as const })),
    );
    return client;
  }

  addApiToken(user: UserRecord, name: string): string {
    const token = this.apiTokenValue();
    this.org.apiTokens.push({ token, name, userId: user.id });
    return token;
  }

  // ---- System Log history ----
  /** Queues an event at `at` (ms); `flushEvents` records all of them in time order. */
  event(at: number, input: Omit<PendingEvent, "at" | "seq">): void {
    this.pending.push({ ...input, at, seq: this.seq++ });
  }

  flushEvents(): void {
    const sorted = this.pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.pending = [];
    let requestId = "";
    let lastGroup = -1;
    for (const e of sorted) {
      const { at, seq, group: g, ...rest } = e;
      // Events queued with the same `group` share one request id, like the events of one Okta request.
      const group = g ?? seq;
      if (group !== lastGroup) requestId = this.ids.requestId();
      lastGroup = group;
      recordEvent(this.org, makeLogEvent({ ...rest, org: this.org, ids: this.ids, requestId, published: this.iso(at) }));
    }
  }

  /** Returns a group number for `event(..., { group })` so several events share one transaction id. */
  nextGroup(): number {
    return this.seq++;
  }
}
