// Imports every module that defines wrapper actions or routes, so that loading this file fills the
// registry (lib/actions/registry.ts) and the authorization matrix test
// (tests/integration/authorization-matrix.test.ts) covers every action.
// ADD EACH NEW ACTION MODULE HERE: lib/**/actions.ts definition modules, "use server" files that define
// actions themselves, and route handlers defined with tenantRoute/consoleRoute.
import "server-only";

import "@/lib/audit-view/actions";
import "@/lib/staff/actions";
import "@/lib/teams/actions";
import "@/app/(console)/settings/orgs/actions";
import "@/lib/tenants/user-count";
import "@/lib/tenants/overview";
import "@/lib/users/actions";
import "@/lib/users/form-pages";
import "@/lib/users/service-accounts-page";
import "@/lib/users/detail";
import "@/lib/users/deep-link";
import "@/lib/users/list";
import "@/lib/users/lookups";
import "@/lib/groups/lookups";
import "@/lib/groups/actions";
import "@/lib/groups/impact";
import "@/lib/groups/list";
import "@/lib/groups/detail";
import "@/lib/policies/actions";
import "@/lib/apps/actions";
import "@/lib/rules/actions";
import "@/lib/logs/actions";
import "@/lib/audit-view/tenant";
import "@/lib/timeline/user-timeline";
import "@/lib/verification/actions";
import "@/lib/search/cross-org";
import "@/lib/dashboard/cards";
import "@/lib/elevation/actions";
import "@/lib/import/actions";
import "@/lib/offboarding/actions";
import "@/lib/jobs/actions";

export {};
