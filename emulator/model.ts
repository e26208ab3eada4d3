/**
 * The emulator's in-memory data model. Objects are stored close to Okta's wire shape so that
 * serialisation is mostly "add _links and dates"; everything an org owns hangs off `OrgState`.
 * Dates are ISO strings (as on the wire) so snapshots are plain JSON.
 */

export type UserStatus =
  | "STAGED"
  | "PROVISIONED"
  | "ACTIVE"
  | "RECOVERY"
  | "PASSWORD_EXPIRED"
  | "LOCKED_OUT"
  | "SUSPENDED"
  | "DEPROVISIONED";

export type ProviderType = "OKTA" | "ACTIVE_DIRECTORY" | "LDAP" | "FEDERATION" | "SOCIAL" | "IMPORT";

export interface UserProfile {
  login: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  secondEmail?: string | null;
  mobilePhone?: string | null;
  [attr: string]: unknown;
}

export interface UserRecord {
  id: string;
  status: UserStatus;
  transitioningToStatus?: UserStatus | null;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
  credentials: {
    /** Stored in clear: the emulator is a test double; never used with real secrets. */
    password?: { value?: string };
    recovery_question?: { question: string; answer?: string };
    provider: { type: ProviderType; name: string };
  };
  /** Emulator-only bookkeeping, never serialised. */
  failedSignIns?: number;
  /** Marks service accounts in seeds (e.g. "MSP-Okta Integration"); not part of Okta's model. */
  serviceAccount?: boolean;
}

export type GroupType = "OKTA_GROUP" | "APP_GROUP" | "BUILT_IN";

export interface GroupRecord {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: GroupType;
  profile: { name: string; description: string | null; [attr: string]: unknown };
}

export type GroupRuleStatus = "ACTIVE" | "INACTIVE" | "INVALID";

export interface GroupRuleRecord {
  id: string;
  type: "group_rule";
  name: string;
  status: GroupRuleStatus;
  created: string;
  lastUpdated: string;
  conditions: {
    expression: { value: string; type: "urn:okta:expression:1.0" };
    people?: { users?: { exclude: string[] }; groups?: { exclude: string[] } };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
}

export interface AppRecord {
  id: string;
  name: string;
  label: string;
  status: "ACTIVE" | "INACTIVE";
  created: string;
  lastUpdated: string;
  signOnMode: string;
  features: string[];
  visibility: { autoSubmitToolbar: boolean; hide: { iOS: boolean; web: boolean } };
  settings: Record<string, unknown>;
  /**
   * Attributes the app's user schema requires (`/api/v1/meta/schemas/apps/{appId}/default`, not served):
   * a direct assignment without them in `profile` is refused with E0000001, as Okta does.
   */
  requiredAppUserAttributes?: string[];
}

/** One user's assignment to one app. `scope` USER = direct; GROUP = derived from a group assignment. */
export interface AppUserAssignment {
  appId: string;
  userId: string;
  scope: "USER" | "GROUP";
  /** Groups through which the user has the app (a direct assignment may also have these). */
  viaGroupIds: string[];
  direct: boolean;
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

export interface AppGroupAssignment {
  appId: string;
  groupId: string;
  priority: number;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

/** The policy types the emulator serves (Okta's PolicyType has more; those list empty). */
export type PolicyTypeName = "OKTA_SIGN_ON" | "PASSWORD" | "MFA_ENROLL" | "ACCESS_POLICY";

/**
 * A policy, stored close to Okta's wire shape: `conditions` (people.groups.include / exclude) and
 * `settings` as Okta sends them for the type. ACCESS_POLICY (app sign-in) policies carry no conditions.
 */
export interface PolicyRecord {
  id: string;
  type: PolicyTypeName;
  name: string;
  description: string | null;
  status: "ACTIVE" | "INACTIVE";
  priority: number;
  system: boolean;
  created: string;
  lastUpdated: string;
  conditions: Record<string, unknown> | null;
  settings?: Record<string, unknown>;
}

/** A policy rule: Okta's rule `type` is SIGN_ON for OKTA_SIGN_ON policies, the policy type otherwise. */
export interface PolicyRuleRecord {
  id: string;
  policyId: string;
  type: "SIGN_ON" | "PASSWORD" | "MFA_ENROLL" | "ACCESS_POLICY";
  name: string;
  status: "ACTIVE" | "INACTIVE";
  priority: number;
  system: boolean;
  created: string;
  lastUpdated: string;
  conditions: Record<string, unknown> | null;
  actions: Record<string, unknown>;
}

/** An IP network zone (Okta's IPNetworkZone): gateways and proxies as CIDR or range entries. */
export interface NetworkZoneRecord {
  id: string;
  type: "IP";
  name: string;
  status: "ACTIVE" | "INACTIVE";
  usage: "POLICY" | "BLOCKLIST";
  system: boolean;
  created: string;
  lastUpdated: string;
  /** Okta sends an empty list for a zone without gateways (the spec does not allow null here). */
  gateways: Array<{ type: "CIDR" | "RANGE"; value: string }>;
  proxies: Array<{ type: "CIDR" | "RANGE"; value: string }> | null;
}

export type FactorType = "push" | "token:software:totp" | "sms" | "call" | "email" | "webauthn" | "question";

export interface FactorRecord {
  id: string;
  userId: string;
  factorType: FactorType;
  provider: "OKTA" | "GOOGLE" | "FIDO";
  vendorName: string;
  status: "ACTIVE" | "PENDING_ACTIVATION";
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

/**
 * A push verification (`POST .../factors/{factorId}/verify` on a `push` factor): Okta's transaction,
 * polled at `.../transactions/{id}`. `status` is what the user did; WAITING past `expiresAt` reads as
 * TIMEOUT (emulator/api/factor-verify.ts).
 */
export interface PushTransactionRecord {
  id: string;
  userId: string;
  factorId: string;
  created: string;
  expiresAt: string;
  status: "WAITING" | "SUCCESS" | "REJECTED" | "TIMEOUT";
  /** Number matching: the number the console shows; null for a plain push. */
  correctAnswer: number | null;
  /** The three numbers Okta Verify offers (one correct), shuffled; empty for a plain push. */
  choices: number[];
  /** Who asked (the API caller), as the phone shows it. */
  requestedBy: string;
  ipAddress: string;
  answeredAt: string | null;
}

/** The one-time code of the last sms / call / email challenge of a factor (emulator-only; Okta never reveals it). */
export interface OtpChallengeRecord {
  factorId: string;
  userId: string;
  factorType: "sms" | "call" | "email";
  code: string;
  sentAt: string;
  expiresAt: string;
  /** Set once the code verified: a used code does not verify again. */
  usedAt: string | null;
}

export type AdminRoleType =
  | "SUPER_ADMIN"
  | "ORG_ADMIN"
  | "APP_ADMIN"
  | "USER_ADMIN"
  | "HELP_DESK_ADMIN"
  | "READ_ONLY_ADMIN"
  | "GROUP_MEMBERSHIP_ADMIN"
  | "REPORT_ADMIN"
  | "API_ACCESS_MANAGEMENT_ADMIN"
  | "MOBILE_ADMIN";

export interface RoleAssignmentRecord {
  id: string;
  /** The assignee: a user id, (in `OrgState.clientRoles`) the client id of an OAuth service app, or (in `OrgState.groupRoles`) a group id. */
  userId: string;
  type: AdminRoleType;
  label: string;
  status: "ACTIVE";
  created: string;
  lastUpdated: string;
  assignmentType: "USER" | "GROUP" | "CLIENT";
}

export interface LogEventRecord {
  uuid: string;
  published: string;
  eventType: string;
  version: "0";
  severity: "DEBUG" | "INFO" | "WARN" | "ERROR";
  legacyEventType: string | null;
  displayMessage: string;
  actor: { id: string; type: string; alternateId: string; displayName: string; detailEntry: null };
  client: {
    userAgent: { rawUserAgent: string; os: string; browser: string };
    zone: string;
    device: string;
    id: string | null;
    ipAddress: string;
    geographicalContext: {
      city: string | null;
      state: string | null;
      country: string | null;
      postalCode: string | null;
      geolocation: { lat: number; lon: number } | null;
    } | null;
  };
  outcome: { result: "SUCCESS" | "FAILURE" | "SKIPPED" | "ALLOW" | "DENY" | "CHALLENGE" | "UNKNOWN"; reason: string | null };
  target: Array<{ id: string; type: string; alternateId: string; displayName: string; detailEntry: null }> | null;
  transaction: { type: "WEB" | "JOB"; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: null;
    interface: null;
    authenticationStep: number;
    externalSessionId: string;
  };
  securityContext: { asNumber: null; asOrg: null; isp: null; domain: null; isProxy: null };
  request: { ipChain: Array<{ ip: string; geographicalContext: null; version: "V4"; source: null }> };
}

export interface ApiTokenRecord {
  /** The SSWS secret sent in `Authorization: SSWS <token>`. */
  token: string;
  name: string;
  /** The user the token acts as: the actor of every event it causes. */
  userId: string;
}

/** A public key registered on a client for `private_key_jwt` (Okta's `jwks.keys[]` of the client). */
export interface ClientJwk {
  kty: "RSA";
  kid?: string;
  n: string;
  e: string;
  alg?: string;
  use?: string;
  /** Okta's per-key status; an INACTIVE key is not accepted. */
  status?: "ACTIVE" | "INACTIVE";
}

/**
 * An OAuth client: a web app signing in through the default authorization server (the MSP console),
 * or an API service app (`applicationType: "service"`) that gets Okta API tokens from the org
 * authorization server with `client_credentials` + `private_key_jwt`.
 */
export interface OidcClientRecord {
  clientId: string;
  /** Empty for clients that authenticate with `private_key_jwt`. */
  clientSecret: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /**
   * Emulator-only convenience (real Okta requires every URI to be registered exactly): patterns whose
   * `{port}` placeholder matches any decimal port, e.g. `http://localhost:{port}/api/auth/callback/okta`.
   * Only the demo seed uses them, so tests can run the console on any port.
   */
  redirectUriPatterns?: string[];
  postLogoutRedirectUriPatterns?: string[];
  /** The app (in `apps`) this client belongs to: sign-in requires the user to be assigned to it, as in Okta. */
  appId?: string;
  /** Okta's `application_type`; absent = "web". */
  applicationType?: "web" | "service";
  /** Absent = `client_secret_basic` (Okta's default; `client_secret_post` is accepted too). */
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
  /** Public keys for `private_key_jwt`. */
  jwks?: ClientJwk[];
  /** Absent = ["authorization_code", "refresh_token"]. */
  grantTypes?: string[];
  /**
   * Refresh token behaviour (Okta's app `settings.oauthClient.refresh_token`: `rotation_type` and
   * `leeway`). Absent = STATIC, Okta's default for web apps: the same refresh token is returned by every
   * refresh. ROTATE (Okta's default for SPAs) returns a new one each time; the used one stays valid for
   * `leeway` seconds (Okta: 0-60, default 30), and reusing it later revokes the whole token family.
   */
  refreshToken?: { rotationType: "ROTATE" | "STATIC"; leeway: number };
  /** Okta API scopes granted to the app (Okta API Scopes tab / `/api/v1/apps/{appId}/grants`). */
  grantedScopes?: string[];
  /**
   * Emulator-only, never served by the Okta API: the private key of a seeded service app, so the demo
   * and tests can configure the console with it (listed by GET /__emulator/orgs). Okta never holds it.
   */
  demoPrivateKeyPem?: string;
}

/** How a groups claim picks the user's groups by name (Okta's `group_filter_type`). */
export type GroupFilterType = "STARTS_WITH" | "EQUALS" | "CONTAINS" | "REGEX";

/**
 * A custom claim of the default authorization server (Security > API > Authorization Servers > Claims).
 * Only Okta's legacy "Groups" value type is modelled: the names of the user's Okta groups that pass the
 * filter. Okta's API names: `name`, `claimType`, `valueType: "GROUPS"`, `group_filter_type` + `value`,
 * `alwaysIncludeInToken`, `conditions.scopes`.
 */
export interface AuthServerClaim {
  name: string;
  /** IDENTITY = ID token and /userinfo; RESOURCE = access token. Absent = IDENTITY. */
  claimType?: "IDENTITY" | "RESOURCE";
  valueType: "GROUPS";
  filter: { type: GroupFilterType; value: string };
  /**
   * IDENTITY claims: true = "Include in token type: ID Token, Always". false = Okta leaves the claim out of
   * an ID token obtained with an authorization code (the client reads it from /userinfo instead).
   * (Okta treats it as always true for access-token claims.)
   */
  alwaysIncludeInToken: boolean;
  /** Okta's `conditions.scopes` ("Include in: The following scopes"); absent or empty = "Any scope". */
  scopes?: string[];
}

/** The org's `default` custom authorization server: what an admin added beyond the built-in OIDC scopes. */
export interface AuthServerConfig {
  /** Custom scopes (beyond openid, profile, email, address, phone, offline_access); anything else is invalid_scope. */
  scopes: string[];
  claims: AuthServerClaim[];
}

export interface SessionRecord {
  id: string;
  userId: string;
  created: string;
}

export interface OrgState {
  slug: string;
  name: string;
  /** Optional description of the org's shape for the emulator index (e.g. "AD-mastered"). */
  kind?: string;
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  /** groupId -> set of userIds */
  memberships: Map<string, Set<string>>;
  rules: Map<string, GroupRuleRecord>;
  apps: Map<string, AppRecord>;
  appUsers: Map<string, Map<string, AppUserAssignment>>; // appId -> userId -> assignment
  appGroups: Map<string, Map<string, AppGroupAssignment>>; // appId -> groupId -> assignment
  factors: Map<string, FactorRecord[]>; // userId -> factors
  roles: Map<string, RoleAssignmentRecord[]>; // userId -> admin roles
  /** groupId -> admin roles assigned to that group (assignmentType GROUP; its members hold them: emulator/roles.ts). */
  groupRoles?: Map<string, RoleAssignmentRecord[]>;
  sessions: Map<string, SessionRecord[]>; // userId -> sessions
  logs: LogEventRecord[]; // ascending by published
  /** ruleId -> ids of users the rule put in its target groups (so removeUsers / re-evaluation can undo it). */
  ruleMemberships?: Map<string, Set<string>>;
  apiTokens: ApiTokenRecord[];
  oidcClients: OidcClientRecord[];
  /** The default authorization server's RS256 signing key; created on first OIDC use, kept in snapshots. */
  oidcSigningKey?: OidcSigningKey;
  /** The org authorization server's signing key (service-app access tokens); created on first use. */
  orgAsSigningKey?: OidcSigningKey;
  /** clientId -> admin roles assigned to that OAuth client app (assignmentType CLIENT). */
  clientRoles?: Map<string, RoleAssignmentRecord[]>;
  /** Custom scopes and claims of the default authorization server; absent = as Okta creates it (none). */
  authServer?: AuthServerConfig;
  /** Policies by id (absent in snapshots written before policies existed = none). */
  policies?: Map<string, PolicyRecord>;
  /** policyId -> its rules. */
  policyRules?: Map<string, PolicyRuleRecord[]>;
  /** Network zones by id. */
  zones?: Map<string, NetworkZoneRecord>;
  /** The default user type's profile schema; absent = Okta's base properties only. */
  userSchema?: UserSchemaRecord;
  /** Push verification transactions by id (absent = none yet). */
  pushTransactions?: Map<string, PushTransactionRecord>;
  /** factorId -> the last OTP challenge sent through that factor. */
  otpChallenges?: Map<string, OtpChallengeRecord>;
}

export interface UserSchemaMaster {
  type: "PROFILE_MASTER" | "OKTA" | "OVERRIDE";
  priority?: Array<{ type: string; value: string }>;
}

/** One property of the user profile schema (Okta's UserSchemaAttribute). */
export interface UserSchemaAttributeRecord {
  title: string;
  type: "string" | "boolean" | "integer" | "number" | "array";
  required?: boolean;
  enum?: Array<string | number>;
  oneOf?: Array<{ const: string; title: string }>;
  items?: { type: string; enum?: string[] };
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  unique?: boolean;
  mutability?: "READ_WRITE" | "READ_ONLY" | "IMMUTABLE" | "WRITE_ONLY";
  scope?: "NONE" | "SELF";
  permissions?: Array<{ principal: string; action: string }>;
  master: UserSchemaMaster;
}

/** The default user type's schema: Okta's base properties (emulator/schema.ts) plus this org's. */
export interface UserSchemaRecord {
  created: string;
  lastUpdated: string;
  /** Custom (`#custom`) properties, in display order. */
  custom: Record<string, UserSchemaAttributeRecord>;
  /** Base properties whose `master` differs from PROFILE_MASTER (attribute-level mastering). */
  baseMasters?: Record<string, UserSchemaMaster>;
}

export interface OidcSigningKey {
  kid: string;
  privatePem: string;
  publicJwk: { kty: string; n: string; e: string; [k: string]: unknown };
}

export function createEmptyOrg(slug: string, name: string, kind?: string): OrgState {
  return {
    slug,
    name,
    kind,
    users: new Map(),
    groups: new Map(),
    memberships: new Map(),
    rules: new Map(),
    apps: new Map(),
    appUsers: new Map(),
    appGroups: new Map(),
    factors: new Map(),
    roles: new Map(),
    sessions: new Map(),
    logs: [],
    apiTokens: [],
    oidcClients: [],
  };
}
