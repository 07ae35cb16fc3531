import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../../src/paths.js';

/** Kubernetes 1.34's OpenAPI (v2) description, vendored unchanged: see test/fixtures/kubernetes/README.md. */
export const K8S_SPEC_PATH = join(ROOT, 'test/fixtures/kubernetes/swagger-1.34.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import` gives.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SCHEMAS_ID = 'https://kubernetes.io/openapi/v1.34/definitions';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One definition of the spec as JSON Schema 2020-12, checked the way the API server checks with
 * `fieldValidation=Strict` (kubectl's default since 1.27; kubeconform's `-strict`): a field the
 * object does not declare is an error (`additionalProperties: false` wherever the spec lists the
 * properties and says nothing else). Two types the v2 spec can only call strings take what the
 * server takes (its v3 spec marks both `x-kubernetes-int-or-string`): IntOrString, and a Quantity
 * (`cpu: 1` as well as `cpu: 250m`). Descriptions and `x-kubernetes-*` extensions are dropped.
 */
function toJsonSchema(node: Json, name?: string): Json {
  if (name === QUANTITY) return { anyOf: [{ type: 'string' }, { type: 'number' }] };
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n));
  if (!isObject(node)) return node;
  if (node.format === 'int-or-string') return { anyOf: [{ type: 'string' }, { type: 'integer' }] };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/definitions/', '#/$defs/');
    else if (key === 'properties' && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = typeof value === 'boolean' ? value : toJsonSchema(value);
    else out[key] = value;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export interface SchemaProblem {
  /** where, as a JSON pointer into the object (`/spec/replicas`) */
  path: string;
  keyword: string;
  message: string;
}

const problem = (e: ErrorObject): SchemaProblem => ({
  path: e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}` : e.instancePath,
  keyword: e.keyword,
  message: e.message ?? e.keyword,
});

/** Validates Kubernetes objects against the vendored 1.34 spec by their apiVersion and kind. */
export class KubernetesSchema {
  readonly sha256: string;
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });
  private readonly kinds = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(path = K8S_SPEC_PATH) {
    const text = readFileSync(path);
    this.sha256 = createHash('sha256').update(text).digest('hex');
    const spec = JSON.parse(text.toString('utf8')) as { definitions: Record<string, JsonObject> };
    const defs: JsonObject = {};
    for (const [name, def] of Object.entries(spec.definitions)) {
      defs[name] = toJsonSchema(def, name);
      for (const gvk of (def['x-kubernetes-group-version-kind'] ?? []) as unknown as Gvk[]) this.kinds.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`, name);
    }
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });
  }

  /** The definition name for an apiVersion and kind (`apps/v1`, `Deployment`), if the API has it. */
  definitionOf(apiVersion: string, kind: string): string | undefined {
    return this.kinds.get(`${apiVersion}/${kind}`);
  }

  /** Every way the object breaks its kind's schema (none: valid). An unknown apiVersion/kind is one problem. */
  validate(object: unknown): SchemaProblem[] {
    const { apiVersion, kind, metadata } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
    const name = typeof apiVersion === 'string' && typeof kind === 'string' ? this.definitionOf(apiVersion, kind) : undefined;
    if (!name) return [{ path: '', keyword: 'kind', message: `no ${String(apiVersion)} ${String(kind)} in the Kubernetes 1.34 API` }];
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SCHEMAS_ID}#/$defs/${name}` });
      this.compiled.set(name, validate);
    }
    const problems = validate(object) ? [] : (validate.errors ?? []).map(problem);
    // The server also requires a name (no generateName in a manifest meant for `kubectl apply`).
    if (typeof metadata?.name !== 'string' || metadata.name === '') problems.push({ path: '/metadata/name', keyword: 'required', message: 'must have a name' });
    return problems;
  }
}
