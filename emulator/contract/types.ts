/**
 * The shape of emulator/contract/okta-contract.json: the part of Okta's published OpenAPI specs
 * that the emulator serves (and the console calls), reduced to what a machine checks: methods,
 * paths, scopes, declared statuses and the JSON Schemas of JSON responses. Written by
 * `npm run contract:update` (scripts/contract-update.ts); read by the emulator's conformance tests.
 */
import path from "node:path";

export const CONTRACT_FILE = path.join(import.meta.dirname, "okta-contract.json");

export type JsonSchema = Record<string, unknown> | boolean;

export interface ContractResponse {
  /** The JSON (or, when the spec names no JSON, the first declared) media type's schema; absent = no body declared. */
  schema?: JsonSchema;
}

export interface ContractOperation {
  method: string;
  /** The spec's path template, e.g. /api/v1/users/{id}. */
  path: string;
  /** OAuth 2.0 scopes of the operation's `security: - oauth2: [...]`, when it declares any. */
  scopes?: string[];
  /** Keyed by status code as the spec writes it ("200", "default"). */
  responses: Record<string, ContractResponse>;
}

export interface ContractSpec {
  /** The spec file in okta/okta-management-openapi-spec's dist/current/. */
  file: string;
  openapi: string;
  title: string;
  version: string;
  /** How many operations the full spec declares (the contract keeps only the served ones). */
  specOperations: number;
  /** What the emulator serves that the spec does not declare (so nothing validates it), e.g. POST userinfo. */
  servedNotInSpec?: string[];
  operations: Record<string, ContractOperation>;
  /** Every schema the responses reference, transitively; refs stay `#/components/schemas/<name>`. */
  components: { schemas: Record<string, JsonSchema> };
}

export type ContractSpecName = "management" | "oauth";

export interface OktaContract {
  source: { repository: string; folder: string; commit: string; version: string; license: string };
  generatedBy: string;
  specs: Record<ContractSpecName, ContractSpec>;
}
