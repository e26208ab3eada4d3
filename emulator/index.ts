// The local Okta emulator's public surface (tests import "../../emulator").
export { startEmulator } from "./server.ts";
export type { EmulatorOptions, EmulatorConfig, RunningEmulator, Exchange } from "./server.ts";
export { seedOrgs, seedDemo, seedPerf, DEMO_CUSTOMERS, DEMO_PASSWORD, CONSOLE_CLIENT_ID, CONSOLE_CLIENT_SECRET, MSP_STAFF, CONSOLE_GROUPS, MSP_AUTH_SERVER, ALL_STATUSES } from "./seeds/index.ts";
export type { SeedOptions, PerfOptions } from "./seeds/index.ts";
export { serializeOrgs, deserializeOrgs, saveSnapshot, saveSnapshotSync, loadSnapshot, watchSnapshot } from "./snapshot.ts";
export type { SnapshotWatcher } from "./snapshot.ts";
export { handleOidcRequest, LOCKOUT_THRESHOLD, orgIdOf } from "./oidc/index.ts";
export { createEmptyOrg } from "./model.ts";
export type * from "./model.ts";
export { createIdFactory, seededRandom } from "./ids.ts";
export type { IdFactory } from "./ids.ts";
