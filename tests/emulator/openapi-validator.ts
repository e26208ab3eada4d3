/**
 * Validates emulator responses against the checked-in contract (emulator/contract/okta-contract.json),
 * which `npm run contract:update` derives from Okta's published OpenAPI specs: the operations the
 * emulator serves, their declared statuses and response schemas. Operations are matched by method +
 * path template; response schemas are compiled by ajv on first use and cached, so only what a test
 * exercises is ever compiled.
 */
import fs from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { CONTRACT_FILE, type ContractResponse, type ContractSpecName, type OktaContract } from "../../emulator/contract/types.ts";

type Json = Record<string, unknown>;

interface Operation {
  id: string;
  method: string;
  template: string;
  segments: string[];
  responses: Record<string, ContractResponse>;
  /** The operation's OAuth 2.0 scopes (`security: - oauth2: [...]`). */
  oauthScopes: string[];
}

export function loadContract(file = CONTRACT_FILE): OktaContract {
  return JSON.parse(fs.readFileSync(file, "utf8")) as OktaContract;
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
  /** The ajv document id the contract's `#/components/schemas/...` refs resolve in. */
  private readonly docId: string;
  readonly exercised = new Set<string>();
  readonly failures: ValidationFailure[] = [];
  /** Error statuses the spec does not declare for an operation (validated against Error instead). */
  readonly undeclared = new Set<string>();
  validated = 0;
  /** Title, version and operation count of the full spec the contract was generated from. */
  readonly spec: { title: string; version: string; operations: number };

  constructor(specName: ContractSpecName = "management", contract: OktaContract = loadContract()) {
    const spec = contract.specs[specName];
    this.spec = { title: spec.title, version: spec.version, operations: spec.specOperations };
    for (const [id, op] of Object.entries(spec.operations)) {
      this.ops.push({ id, method: op.method, template: op.path, segments: op.path.split("/").filter(Boolean), responses: op.responses, oauthScopes: op.scopes ?? [] });
    }
    // The spec is OpenAPI 3.0: `nullable` and `discriminator` are not JSON Schema keywords;
    // strict:false makes ajv ignore what it does not know.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.ajv);
    for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password"]) this.ajv.addFormat(f, true);
    this.docId = `okta-${specName}`;
    this.ajv.addSchema({ $id: this.docId, components: { schemas: normalize(spec.components.schemas, undefined) } });
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
      v = this.ajv.compile(normalize(schema, this.docId) as Json);
      this.compiled.set(key, v);
    }
    return v;
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
      declared = { schema: { $ref: "#/components/schemas/Error" } };
    }
    const schema = declared.schema;
    if (schema === undefined) {
      if (body !== undefined && status === 204) fail("204 with a body");
      return;
    }
    if (body === undefined) return fail("declared a JSON body but none was sent");
    const v = this.validatorFor(`${op.id} ${status}`, schema);
    if (!v(body)) fail(this.ajv.errorsText(v.errors, { separator: "; " }).slice(0, 2000));
  }

  /**
   * Validates `body` against one named component, e.g. the subtype a discriminator names (the base
   * schema of a response, such as Policy, does not descend into it); the problem, or null.
   */
  validateComponent(name: string, body: unknown): string | null {
    const v = this.validatorFor(`#${name}`, { $ref: `#/components/schemas/${name}` });
    return v(body) ? null : this.ajv.errorsText(v.errors, { separator: "; " }).slice(0, 2000);
  }

  summary(): string {
    return `OpenAPI coverage: ${this.exercised.size} of ${this.totalOperations} operations exercised (the contract's; ${this.spec.title} ${this.spec.version} has ${this.spec.operations}), ${this.validated} responses validated, ${this.failures.length === 0 ? "all responses valid" : `${this.failures.length} invalid`}`;
  }
}

/**
 * Prepares contract schemas for ajv: points local refs at the registered document (`docId`, when
 * given), and turns `oneOf` + `discriminator.mapping` into if/then branches on the discriminator
 * property: without it, overlapping alternatives (StandardRole vs CustomRole) make `oneOf` fail.
 */
function normalize(node: unknown, docId: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => normalize(n, docId));
  if (!node || typeof node !== "object") return node;
  const src = node as Json;
  const ref = (r: string) => (docId && r.startsWith("#/") ? `${docId}${r}` : r);
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    // Embedded samples' ids, never the schema's own (the generator drops them; a stray one would make ajv resolve it).
    if (k === "$id" || k === "$schema") continue;
    if (k === "$ref" && typeof v === "string") out[k] = ref(v);
    else out[k] = normalize(v, docId);
  }
  const disc = src.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (Array.isArray(src.oneOf) && disc?.propertyName && disc.mapping) {
    const prop = disc.propertyName;
    delete out.oneOf;
    delete out.discriminator;
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
