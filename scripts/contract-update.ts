// npm run contract:update — regenerates emulator/contract/okta-contract.json from Okta's published
// OpenAPI specs in ../shared/okta-openapi/ (or the folder given as the first argument). The contract
// keeps only what the emulator serves, and of each operation only what a machine checks (method,
// path, scopes, declared statuses, JSON response schemas with their referenced components): the
// tests validate against it, so they need neither the specs nor the folder beside the repository.
// tests/emulator/contract-fresh.test.ts fails when the checked-in file differs from a fresh run.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { buildRouter } from "../emulator/server.ts";
import { CONTRACT_FILE, type ContractOperation, type ContractResponse, type ContractSpec, type JsonSchema, type OktaContract } from "../emulator/contract/types.ts";

export const DEFAULT_SPEC_DIR = path.resolve(import.meta.dirname, "..", "..", "shared", "okta-openapi");

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The OAuth / OIDC endpoints emulator/oidc serves (it dispatches by hand, not through the
 * Management API router): the custom authorization server `default` (emulator/oidc/index.ts) and
 * the org authorization server's token and keys (emulator/oidc/org-as.ts). Keep in step with them.
 */
const OIDC_ENDPOINTS: ReadonlyArray<readonly [string, string]> = [
  ["GET", "/oauth2/default/.well-known/openid-configuration"],
  ["GET", "/oauth2/default/.well-known/oauth-authorization-server"],
  ["GET", "/oauth2/default/v1/keys"],
  ["GET", "/oauth2/default/v1/authorize"],
  ["POST", "/oauth2/default/v1/authorize"],
  ["POST", "/oauth2/default/v1/token"],
  ["GET", "/oauth2/default/v1/userinfo"],
  ["POST", "/oauth2/default/v1/userinfo"],
  ["GET", "/oauth2/default/v1/logout"],
  ["POST", "/oauth2/default/v1/logout"],
  ["POST", "/oauth2/default/v1/revoke"],
  ["POST", "/oauth2/v1/token"],
  ["GET", "/oauth2/v1/keys"],
];

/** JSON Schema / OpenAPI 3.0 keywords that take part in validation: kept. */
const VALIDATION_KEYWORDS = new Set([
  "type", "nullable", "enum", "const", "format", "required", "properties", "patternProperties", "additionalProperties",
  "items", "allOf", "oneOf", "anyOf", "not", "discriminator", "$ref", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
  "minProperties", "maxProperties", "contains", "propertyNames", "dependencies", "if", "then", "else",
]);
/**
 * Annotations and prose: dropped. `$id`/`$schema` belong to embedded samples, not to the schema
 * (the validator ignored them before too). Any other keyword stops the generator, so a new
 * validating keyword in a future spec cannot vanish silently.
 */
const ANNOTATIONS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "default", "readOnly", "writeOnly", "deprecated", "xml", "$comment", "$id", "$schema"]);
/** Keywords whose value is a map of name -> schema, and those whose value is a schema (or a list of them). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "dependencies"]);
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "allOf", "oneOf", "anyOf"]);

const SCHEMA_REF = "#/components/schemas/";

interface SpecOp {
  id: string;
  method: string;
  template: string;
  segments: string[];
  op: Json;
}

export interface GenerationReport {
  contract: OktaContract;
  text: string;
  /** Dropped keyword -> how often, over the kept schemas. */
  dropped: Map<string, number>;
}

function loadSpec(file: string): Json {
  return parse(fs.readFileSync(file, "utf8"), { maxAliasCount: -1 }) as Json;
}

function specOperations(spec: Json): SpecOp[] {
  const out: SpecOp[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const m of METHODS) {
      const op = item[m] as Json | undefined;
      if (op) out.push({ id: String(op.operationId), method: m.toUpperCase(), template, segments: template.split("/").filter(Boolean), op });
    }
  }
  return out;
}

/**
 * The spec operations a request to `served` could be matched to: same method and length, each
 * literal segment equal to a literal or a parameter of the spec, each parameter against anything.
 * So a parameter the emulator routes also brings the spec's literal siblings (GET
 * /api/v1/groups/{groupId} brings /api/v1/groups/rules, /lifecycle/:op every lifecycle
 * operation): the validator then picks the same operation the full spec would.
 */
function compatible(ops: SpecOp[], method: string, served: string): SpecOp[] {
  const parts = served.split("/").filter(Boolean);
  return ops.filter((op) => {
    if (op.method !== method || op.segments.length !== parts.length) return false;
    if (!parts.every((p, i) => p.startsWith(":") || op.segments[i]!.startsWith("{") || op.segments[i] === p)) return false;
    // Only if some request the route takes would be matched to this operation: for
    // /api/v1/groups/rules/:ruleId, /api/v1/groups/{groupId}/owners never is.
    const example = parts.map((p, i) => (!p.startsWith(":") ? p : op.segments[i]!.startsWith("{") ? "{any}" : op.segments[i]!));
    return bestMatch(ops, method, example) === op;
  });
}

/** The validator's rule: the operation whose template matches, earlier literal segments weighing more. */
function bestMatch(ops: SpecOp[], method: string, parts: string[]): SpecOp | undefined {
  let best: SpecOp | undefined;
  let bestScore = -1;
  for (const op of ops) {
    if (op.method !== method || op.segments.length !== parts.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = op.segments[i]!;
      if (seg.startsWith("{")) continue;
      if (seg === parts[i]) score += 2 ** (parts.length - i);
      else ok = false;
    }
    if (ok && score > bestScore) [best, bestScore] = [op, score];
  }
  return best;
}

function parseSource(specDir: string): OktaContract["source"] {
  const readme = fs.readFileSync(path.join(specDir, "README.md"), "utf8");
  const repository = /`(okta\/okta-management-openapi-spec)`/.exec(readme)?.[1];
  const folder = /folder `([^`]+?)\/?`/.exec(readme)?.[1];
  const commit = /commit ([0-9a-f]{40})/.exec(readme)?.[1];
  const version = /spec version ([0-9][\w.-]*[0-9])/.exec(readme)?.[1];
  const license = /\((Apache-2\.0)\)/.exec(readme)?.[1];
  if (!repository || !folder || !commit || !version || !license) throw new Error(`${specDir}/README.md no longer names the repository, folder, commit, spec version and license`);
  return { repository, folder, commit, version, license };
}

class SpecReducer {
  readonly schemas: Json;
  private readonly responses: Json;
  private readonly needed = new Set<string>();

  constructor(
    private readonly spec: Json,
    private readonly dropped: Map<string, number>,
  ) {
    const components = (spec.components ?? {}) as Json;
    this.schemas = (components.schemas ?? {}) as Json;
    this.responses = (components.responses ?? {}) as Json;
  }

  private ref(ref: unknown): string {
    if (typeof ref !== "string" || !ref.startsWith(SCHEMA_REF)) throw new Error(`unexpected $ref ${String(ref)} in a response schema`);
    const name = ref.slice(SCHEMA_REF.length);
    if (!(name in this.schemas)) throw new Error(`$ref ${ref} names no schema`);
    this.needed.add(name);
    return ref;
  }

  /** A copy of `node` with annotations dropped; records every referenced component. */
  schema(node: unknown): JsonSchema {
    if (typeof node === "boolean") return node;
    if (!node || typeof node !== "object" || Array.isArray(node)) throw new Error(`not a schema: ${JSON.stringify(node).slice(0, 200)}`);
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k.startsWith("x-") || ANNOTATIONS.has(k)) {
        this.dropped.set(k, (this.dropped.get(k) ?? 0) + 1);
        continue;
      }
      if (!VALIDATION_KEYWORDS.has(k)) throw new Error(`unknown schema keyword "${k}": decide whether it validates (VALIDATION_KEYWORDS) or not (ANNOTATIONS)`);
      if (k === "$ref") out[k] = this.ref(v);
      else if (SCHEMA_MAPS.has(k)) {
        out[k] = Object.fromEntries(Object.entries(v as Json).map(([name, s]) => [name, Array.isArray(s) ? structuredClone(s) : this.schema(s)]));
      } else if (SCHEMA_VALUES.has(k)) out[k] = Array.isArray(v) ? v.map((s) => this.schema(s)) : this.schema(v);
      else if (k === "discriminator") {
        const d = v as { propertyName: string; mapping?: Record<string, string> };
        out[k] = d.mapping ? { propertyName: d.propertyName, mapping: Object.fromEntries(Object.entries(d.mapping).map(([value, target]) => [value, this.ref(target)])) } : { propertyName: d.propertyName };
      } else out[k] = structuredClone(v);
    }
    return out;
  }

  response(declared: Json): ContractResponse {
    let resp = declared;
    if (typeof resp.$ref === "string") {
      const name = resp.$ref.split("/").pop()!;
      if (!resp.$ref.startsWith("#/components/responses/") || !(name in this.responses)) throw new Error(`unexpected response $ref ${resp.$ref}`);
      resp = this.responses[name] as Json;
    }
    const content = (resp.content ?? {}) as Json;
    // The JSON body when there is one, else the first media type's (Okta's HTML pages have none).
    const media = (content["application/json"] ?? Object.values(content)[0]) as Json | undefined;
    return media?.schema === undefined ? {} : { schema: this.schema(media.schema) };
  }

  operation(op: SpecOp): ContractOperation {
    const security = (op.op.security ?? []) as Array<Record<string, string[]>>;
    const scopes = security.flatMap((s) => s.oauth2 ?? []);
    const responses: Record<string, ContractResponse> = {};
    for (const [status, declared] of Object.entries((op.op.responses ?? {}) as Json)) responses[status] = this.response(declared as Json);
    return { method: op.method, path: op.template, ...(scopes.length ? { scopes } : {}), responses };
  }

  /** The referenced components and everything they reference, sorted by name. */
  components(): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    const done = new Set<string>();
    for (let pending = [...this.needed]; pending.length; pending = [...this.needed].filter((n) => !done.has(n))) {
      for (const name of pending) {
        done.add(name);
        out[name] = this.schema(this.schemas[name]);
      }
    }
    return Object.fromEntries(Object.keys(out).sort().map((n) => [n, out[n]!]));
  }
}

function reduceSpec(specDir: string, file: string, served: ReadonlyArray<readonly [string, string]>, dropped: Map<string, number>): ContractSpec {
  const spec = loadSpec(path.join(specDir, file));
  const info = spec.info as Json;
  const ops = specOperations(spec);
  const reducer = new SpecReducer(spec, dropped);
  const chosen = new Map<string, SpecOp>();
  const notInSpec: string[] = [];
  for (const [method, template] of served) {
    const matches = compatible(ops, method, template);
    if (!matches.length) notInSpec.push(`${method} ${template}`);
    for (const m of matches) {
      const other = chosen.get(m.id);
      if (other && other !== m) throw new Error(`${file} uses operationId ${m.id} twice`);
      chosen.set(m.id, m);
    }
  }
  const operations: Record<string, ContractOperation> = {};
  for (const id of [...chosen.keys()].sort()) operations[id] = reducer.operation(chosen.get(id)!);
  // The validator checks errors the spec does not list on an operation (401, 404, 405 ...) against
  // Okta's error object, so that one is always part of the contract.
  if ("Error" in reducer.schemas) reducer.schema({ $ref: `${SCHEMA_REF}Error` });
  return {
    file,
    openapi: String(spec.openapi),
    title: String(info.title),
    version: String(info.version),
    specOperations: ops.length,
    ...(notInSpec.length ? { servedNotInSpec: notInSpec.sort() } : {}),
    operations,
    components: { schemas: reducer.components() },
  };
}

/** The Management API operations the emulator routes, as spec-style templates. */
function managementEndpoints(): Array<[string, string]> {
  return buildRouter()
    .list()
    .map(({ method, template }) => [method, template]);
}

export function generateContract(specDir = DEFAULT_SPEC_DIR): GenerationReport {
  const dropped = new Map<string, number>();
  const source = parseSource(specDir);
  const contract: OktaContract = {
    source,
    generatedBy: "npm run contract:update (scripts/contract-update.ts)",
    specs: {
      management: reduceSpec(specDir, "management-minimal.yaml", managementEndpoints(), dropped),
      oauth: reduceSpec(specDir, "oauth-minimal.yaml", OIDC_ENDPOINTS, dropped),
    },
  };
  for (const s of Object.values(contract.specs)) {
    if (s.version !== source.version) throw new Error(`${s.file} is version ${s.version}, the README says ${source.version}`);
  }
  return { contract, text: serialize(contract), dropped };
}

/**
 * Deterministic JSON: the outline indented, each operation and each schema on one line, so a
 * spec update shows up in a diff as the operations and schemas that changed.
 */
export function serialize(contract: OktaContract): string {
  const EXPAND = new Set(["", ".specs", ".specs.management", ".specs.oauth", ".specs.management.operations", ".specs.oauth.operations", ".specs.management.components", ".specs.oauth.components", ".specs.management.components.schemas", ".specs.oauth.components.schemas"]);
  const write = (value: unknown, at: string, indent: string): string => {
    if (!EXPAND.has(at) || !value || typeof value !== "object") return JSON.stringify(value);
    const inner = `${indent}  `;
    const entries = Object.entries(value as Json).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, `${at}.${k}`, inner)}`);
    return `{\n${entries.join(",\n")}\n${indent}}`;
  };
  return `${write(contract, "", "")}\n`;
}

function main(): void {
  const specDir = path.resolve(process.argv[2] ?? DEFAULT_SPEC_DIR);
  if (!fs.existsSync(specDir)) {
    console.error(`${specDir} does not exist: the contract is generated from Okta's published specs (see README, "The Okta emulator").`);
    process.exit(2);
  }
  const { contract, text, dropped } = generateContract(specDir);
  const before = fs.existsSync(CONTRACT_FILE) ? fs.readFileSync(CONTRACT_FILE, "utf8") : undefined;
  fs.mkdirSync(path.dirname(CONTRACT_FILE), { recursive: true });
  fs.writeFileSync(CONTRACT_FILE, text);
  for (const [name, s] of Object.entries(contract.specs)) {
    console.log(`${name}: ${s.title} ${s.version}, ${Object.keys(s.operations).length} of ${s.specOperations} operations, ${Object.keys(s.components.schemas).length} schemas`);
  }
  console.log(`Dropped (annotations and prose): ${[...dropped].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(`${path.relative(process.cwd(), CONTRACT_FILE)}: ${Buffer.byteLength(text)} bytes, ${before === text ? "unchanged" : before === undefined ? "written" : "updated"}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
