// Imports every module that defines wrapper actions or routes, so that loading this file fills the
// registry (lib/actions/registry.ts) and the authorization matrix test covers every action.
// ADD EACH NEW ACTION MODULE HERE (server actions in app/**/actions.ts, route handlers, lib/**/actions.ts).
import "server-only";
import "@/lib/staff/actions";
import "@/lib/teams/actions";
import "@/lib/audit-view/actions";

export {};
