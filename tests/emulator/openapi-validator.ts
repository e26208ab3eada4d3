/**
 * Validates emulator responses against Okta's published Management API spec
 * (../shared/okta-openapi/management-minimal.yaml). Operations are matched by method + path
 * template; response schemas are compiled by ajv on first use and cached, so only what a test
 * exercises is ever compiled.
 */
import fs from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const SPEC_DIR = path.resolve(import.meta.dirname, "..", "..", "..", "shared", "okta-openapi");

type Json = Record<string, unknown>;

interface Operation {
  id: string;
  method: string;
  template: string;
  segments: string[];
  responses: Json;
  /** The operation's OAuth 2.0 scopes (`security: - oauth2: [...]`). */
  oauthScopes: string[];
}

export interface ValidationFailure {
  operation: string;
  method: string;
  path: string;
  status: number;
  problem: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

export class OpenApiValidator {
  private readonly ops: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly responses: Json;
  readonly exercised = new Set<string>();
  readonly failures: ValidationFailure[] = [];
  /** Error statuses the spec does not declare for an operation (validated against Error instead). */
  readonly undeclared = new Set<string>();
  validated = 0;

  constructor(specFile = path.join(SPEC_DIR, "management-minimal.yaml")) {
    const spec = parse(fs.readFileSync(specFile, "utf8"), { maxAliasCount: -1 }) as Json;
    const paths = spec.paths as Record<string, Json>;
    for (const [template, item] of Object.entries(paths)) {
      for (const m of METHODS) {
        const op = item[m] as Json | undefined;
        if (!op) continue;
        const security = (op.security ?? []) as Array<Record<string, string[]>>;
        const oauthScopes = security.flatMap((s) => s.oauth2 ?? []);
        this.ops.push({ id: String(op.operationId), method: m.toUpperCase(), template, segments: template.split("/").filter(Boolean), responses: (op.responses ?? {}) as Json, oauthScopes });
      }
    }
    // The spec is OpenAPI 3.0: `nullable`, `discriminator`, `example`, `x-okta-*` are not JSON
    // Schema keywords; strict:false makes ajv ignore what it does not know.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.ajv);
    for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password"]) this.ajv.addFormat(f, true);
    const components = spec.components as Json;
    this.responses = components.responses as Json;
    // Only schemas are referenced from responses; examples carry stray `$id`s that ajv would resolve.
    this.ajv.addSchema({ $id: "okta", components: { schemas: normalize(components.schemas, false) } });
  }

  get totalOperations(): number {
    return this.ops.length;
  }

  /** The operation whose template matches; literal segments beat parameters. */
  findOperation(method: string, p: string): Operation | undefined {
    const parts = p.split("/").filter(Boolean);
    let best: Operation | undefined;
    let bestScore = -1;
    for (const op of this.ops) {
      if (op.method !== method || op.segments.length !== parts.length) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = op.segments[i]!;
        if (seg.startsWith("{")) continue;
        if (seg !== parts[i]) {
          ok = false;
          break;
        }
        score += 2 ** (parts.length - i);
      }
      if (ok && score > bestScore) {
        best = op;
        bestScore = score;
      }
    }
    return best;
  }

  private findAnyMethod(p: string): Operation | undefined {
    for (const m of METHODS) {
      const op = this.findOperation(m.toUpperCase(), p);
      if (op) return op;
    }
    return undefined;
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) {
      v = this.ajv.compile(normalize(schema, true) as Json);
      this.compiled.set(key, v);
    }
    return v;
  }

  private resolveResponse(resp: Json): Json {
    const ref = resp.$ref;
    if (typeof ref === "string") {
      return this.responses[ref.split("/").pop()!] as Json;
    }
    return resp;
  }

  validate(method: string, p: string, status: number, body: unknown): void {
    const op = this.findOperation(method, p);
    if (!op && status >= 400 && this.findAnyMethod(p)) {
      // A method the path does not support (405): still Okta's error object.
      this.undeclared.add(`${method} ${this.findAnyMethod(p)!.template} ${status}`);
      const v = this.validatorFor("Error", { $ref: "#/components/schemas/Error" });
      if (!v(body)) this.failures.push({ operation: "?", method, path: p, status, problem: this.ajv.errorsText(v.errors) });
      this.validated++;
      return;
    }
    if (!op) {
      this.failures.push({ operation: "?", method, path: p, status, problem: "no operation in the spec matches" });
      return;
    }
    this.exercised.add(op.id);
    this.validated++;
    const fail = (problem: string): void => {
      this.failures.push({ operation: op.id, method, path: p, status, problem });
    };
    let declared = op.responses[String(status)] ?? op.responses.default;
    if (!declared) {
      if (status < 400) return fail(`status ${status} is not declared`);
      // Okta's generic errors (401, 404, 405 ...) are not listed on every operation; they still
      // must be Okta's error object.
      this.undeclared.add(`${op.id} ${status}`);
      declared = { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    }
    const content = (this.resolveResponse(declared as Json).content ?? {}) as Json;
    const media = (content["application/json"] ?? Object.values(content)[0]) as Json | undefined;
    const schema = media?.schema;
    if (!schema) {
      if (body !== undefined && status === 204) fail("204 with a body");
      return;
    }
    if (body === undefined) return fail("declared a JSON body but none was sent");
    const v = this.validatorFor(`${op.id} ${status}`, schema);
    if (!v(body)) fail(this.ajv.errorsText(v.errors, { separator: "; " }).slice(0, 2000));
  }

  summary(): string {
    return `OpenAPI coverage: ${this.exercised.size} of ${this.totalOperations} operations exercised, ${this.validated} responses validated, ${this.failures.length === 0 ? "all responses valid" : `${this.failures.length} invalid`}`;
  }
}

/**
 * Prepares spec schemas for ajv: drops `$id` / `$schema` (embedded meta-schema samples that ajv
 * would try to resolve), optionally points local refs at the registered document, and turns
 * `oneOf` + `discriminator.mapping` into if/then branches on the discriminator property: without
 * it, overlapping alternatives (StandardRole vs CustomRole) make `oneOf` fail.
 */
function normalize(node: unknown, rewriteRefs: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => normalize(n, rewriteRefs));
  if (!node || typeof node !== "object") return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === "$id" || k === "$schema") continue;
    if (k === "$ref" && typeof v === "string") out[k] = rewriteRefs && v.startsWith("#/") ? `okta${v}` : v;
    else out[k] = normalize(v, rewriteRefs);
  }
  const disc = src.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (Array.isArray(src.oneOf) && disc?.propertyName && disc.mapping) {
    const prop = disc.propertyName;
    delete out.oneOf;
    delete out.discriminator;
    const ref = (r: string) => (rewriteRefs && r.startsWith("#/") ? `okta${r}` : r);
    out.allOf = [
      ...((out.allOf as unknown[]) ?? []),
      { required: [prop], properties: { [prop]: { enum: Object.keys(disc.mapping) } } },
      ...Object.entries(disc.mapping).map(([value, target]) => ({
        if: { properties: { [prop]: { const: value } } },
        then: { $ref: ref(target) },
      })),
    ];
  }
  return out;
}
