// Every wrapper-defined action and route registers here when its module loads, so the authorization
// matrix test (tests/integration/authorization-matrix.test.ts) can enumerate them all.
// lib/actions/registry-index.ts imports every module that defines actions.
import "server-only";
import type { Permission } from "@/lib/rbac/permissions";
import type { ActionResult } from "./result";
import type { CoreArgs, ConsoleCoreArgs } from "./core";
import type { StaffCoreArgs } from "./staff";

export type ActionKind = "tenantAction" | "consoleAction" | "tenantRoute" | "consoleRoute" | "staffRoute";

interface EntryBase {
  name: string;
  permission: Permission;
  kind: ActionKind;
  /** A valid input (def.example), for tests that must get past validation. */
  example: unknown;
  hasExample: boolean;
  /** def.readOnly: changes nothing, so tests may run it for every allowed role. */
  readOnly: boolean;
  /** def.okta !== false: the body may call Okta (false: database only, no gateway is built). */
  callsOkta: boolean;
}

export type RegistryEntry =
  | (EntryBase & {
      scope: "tenant";
      run(args: CoreArgs): Promise<ActionResult<unknown>>;
      authorize(args: CoreArgs): Promise<ActionResult<null>>;
    })
  | (EntryBase & {
      scope: "console";
      run(args: ConsoleCoreArgs): Promise<ActionResult<unknown>>;
      authorize(args: ConsoleCoreArgs): Promise<ActionResult<null>>;
    })
  | (EntryBase & {
      /** Across the orgs where the (tenant) permission holds: lib/actions/staff.ts. */
      scope: "staff";
      run(args: StaffCoreArgs): Promise<ActionResult<unknown>>;
      authorize(args: StaffCoreArgs): Promise<ActionResult<null>>;
    });

// A list, not a map by name: two endpoints may share an audit action name (e.g. testing a draft and a
// saved connection are both "tenant.testConnection"), and each must be in the matrix. Only tests read
// the registry, so dev reloads adding duplicates do no harm.
const registry: RegistryEntry[] = [];

export function registerAction(entry: RegistryEntry): void {
  registry.push(entry);
}

export function registeredActions(): RegistryEntry[] {
  return [...registry].sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}
