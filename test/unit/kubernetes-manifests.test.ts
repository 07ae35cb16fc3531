import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, metricsOn } from '../../src/config.js';
import { ROOT } from '../../src/paths.js';
import { parseDockerfile } from '../support/dockerfile.js';
import { KubernetesSchema, type SchemaProblem } from '../support/kubernetes-schema.js';

const DIR = join(ROOT, 'src/deploy/kubernetes');
const schema = new KubernetesSchema();

/* The few fields of the objects that the cross-checks read (the schema test has checked them all). */
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number } };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: {
    replicas?: number;
    strategy?: { type: string };
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: PodTemplate;
    ports?: { targetPort: string | number }[];
    minAvailable?: number;
  };
  stringData?: Record<string, string>;
}

const load = (file: string): K8sObject[] =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as K8sObject;
  });
const kustomization = load('kustomization.yaml')[0] as unknown as Record<string, unknown> & { resources: string[] };
const objects = kustomization.resources.flatMap((file) => load(file).map((object) => ({ file, object })));
const deployments = objects.map((o) => o.object).filter((o) => o.kind === 'Deployment');
const one = (kind: string) => {
  const found = objects.map((o) => o.object).filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in the base, found ${found.length}`);
  return found[0]!;
};
const envOf = (c: Container) => new Map((c.env ?? []).map((e) => [e.name, e]));
const schedulerOn = (d: K8sObject) => envOf(d.spec!.template!.spec.containers[0]!).get('SCHEDULER')?.value === 'on';
const http = deployments.find((d) => !schedulerOn(d))!;
const scheduler = deployments.find(schedulerOn)!;
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const clone = <T>(v: T): T => structuredClone(v);

/** A byte count from a Kubernetes quantity (the suffixes these manifests use). */
function bytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity);
  expect(m, quantity).not.toBeNull();
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 }[m![2] as string] ?? 1;
  return Number(m![1]) * unit;
}

describe('the Kubernetes base (src/deploy/kubernetes)', () => {
  it('is a plain list of resources: every manifest in the folder is listed and exists, the example Secret is not', () => {
    expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(kustomization.kind).toBe('Kustomization');
    // Nothing to expand: what is applied is what the files say, so validating the files validates the apply.
    expect(Object.keys(kustomization).sort()).toEqual(['apiVersion', 'kind', 'resources']);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'secret.example.yaml').sort());
    expect(files).toContain('secret.example.yaml');
    expect(new Set(kustomization.resources).size).toBe(kustomization.resources.length);
    expect(objects.map((o) => o.object.kind).sort()).toEqual(['Deployment', 'Deployment', 'PodDisruptionBudget', 'Service']);
    // One object per file, named uniquely per kind.
    expect(objects.map((o) => o.file)).toEqual(kustomization.resources);
    expect(new Set(objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`)).size).toBe(objects.length);
  });

  it('validates against the vendored Kubernetes 1.34 OpenAPI schema, unchanged since it was vendored', () => {
    const readme = readFileSync(join(ROOT, 'test/fixtures/kubernetes/README.md'), 'utf8');
    expect(readme).toContain(schema.sha256);
    for (const { file, object } of [...objects, ...load('secret.example.yaml').map((object) => ({ file: 'secret.example.yaml', object }))]) {
      expect(schema.validate(object), file).toEqual([]);
    }
  });

  describe('the schema fails the suite on a typo, a wrong type or a missing field (each built from the real manifests)', () => {
    const expectProblem = (problems: SchemaProblem[], path: string, keyword: string) => expect(problems).toContainEqual(expect.objectContaining({ path, keyword }));

    it('rejects an unknown field: spec.replicass, containers[0].imagePullPolcy, a Service spec.selctor', () => {
      const typo = clone(http);
      const { replicas, ...rest } = typo.spec!;
      typo.spec = { ...rest, replicass: replicas } as K8sObject['spec'];
      expectProblem(schema.validate(typo), '/spec/replicass', 'additionalProperties');

      const pull = clone(http);
      const container = pull.spec!.template!.spec.containers[0]! as Container & Record<string, unknown>;
      container.imagePullPolcy = container.imagePullPolicy;
      delete container.imagePullPolicy;
      expectProblem(schema.validate(pull), '/spec/template/spec/containers/0/imagePullPolcy', 'additionalProperties');

      const service = clone(one('Service')) as K8sObject & { spec: Record<string, unknown> };
      service.spec.selctor = service.spec.selector;
      delete service.spec.selector;
      expectProblem(schema.validate(service), '/spec/selctor', 'additionalProperties');
    });

    it('rejects a wrong type: replicas: "2", a containerPort as a string, a PDB minAvailable as a boolean', () => {
      const replicas = clone(http);
      (replicas.spec as Record<string, unknown>).replicas = '2';
      expectProblem(schema.validate(replicas), '/spec/replicas', 'type');

      const port = clone(scheduler);
      (port.spec!.template!.spec.containers[0]!.ports![0] as Record<string, unknown>).containerPort = '8080';
      expectProblem(schema.validate(port), '/spec/template/spec/containers/0/ports/0/containerPort', 'type');

      const pdb = clone(one('PodDisruptionBudget'));
      (pdb.spec as Record<string, unknown>).minAvailable = true;
      expect(schema.validate(pdb).map((p) => p.path)).toContain('/spec/minAvailable');
    });

    it('rejects a missing required field: a container without name, a port without containerPort, an env var without name', () => {
      const nameless = clone(http);
      delete (nameless.spec!.template!.spec.containers[0] as Partial<Container>).name;
      expectProblem(schema.validate(nameless), '/spec/template/spec/containers/0/name', 'required');

      const portless = clone(http);
      delete (portless.spec!.template!.spec.containers[0]!.ports![0] as Partial<{ containerPort: number }>).containerPort;
      expectProblem(schema.validate(portless), '/spec/template/spec/containers/0/ports/0/containerPort', 'required');

      const envless = clone(scheduler);
      delete (envless.spec!.template!.spec.containers[0]!.env![0] as Partial<EnvVar>).name;
      expectProblem(schema.validate(envless), '/spec/template/spec/containers/0/env/0/name', 'required');
    });

    it('rejects a kind the API does not have at that version', () => {
      expect(schema.validate({ ...clone(one('PodDisruptionBudget')), apiVersion: 'policy/v1beta1' })[0]?.keyword).toBe('kind');
    });
  });

  it('runs two HTTP-interaction replicas and one scheduler that an update never doubles', () => {
    expect(deployments).toHaveLength(2);
    expect(deployments.filter(schedulerOn)).toHaveLength(1);
    expect(http.spec!.replicas).toBe(2);
    expect(scheduler.spec!.replicas).toBe(1);
    expect(scheduler.spec!.strategy?.type).toBe('Recreate');
    // ...and its file says why.
    expect(readFileSync(join(DIR, 'scheduler-deployment.yaml'), 'utf8')).toMatch(/Recreate[^\n]*never runs two[\s#]+schedulers at once/);
    for (const d of deployments) {
      // The API server requires it; a mismatch is only caught at apply time.
      expect(matches(d.spec!.selector!.matchLabels!, d.spec!.template!.metadata.labels), d.metadata.name).toBe(true);
    }
  });

  it('puts the Service and the PodDisruptionBudget on the HTTP replicas only', () => {
    const service = one('Service');
    const pdb = one('PodDisruptionBudget');
    const httpLabels = http.spec!.template!.metadata.labels;
    const schedulerLabels = scheduler.spec!.template!.metadata.labels;
    expect(matches(service.spec!.selector as Record<string, string>, httpLabels)).toBe(true);
    expect(matches(service.spec!.selector as Record<string, string>, schedulerLabels)).toBe(false);
    expect(matches(pdb.spec!.selector!.matchLabels!, httpLabels)).toBe(true);
    expect(matches(pdb.spec!.selector!.matchLabels!, schedulerLabels)).toBe(false);
    expect(pdb.spec!.minAvailable).toBeLessThan(http.spec!.replicas!);
    const ports = http.spec!.template!.spec.containers[0]!.ports!;
    for (const { targetPort } of service.spec!.ports!) expect(ports.some((p) => p.name === targetPort || p.containerPort === targetPort), String(targetPort)).toBe(true);
  });

  it.each(['interactions', 'scheduler'] as const)('%s: the env the bot requires is set and parses as the bot parses it, with the token and DATABASE_URL from the Secret', (which) => {
    const d = which === 'scheduler' ? scheduler : http;
    const [container, ...others] = d.spec!.template!.spec.containers;
    expect(others).toHaveLength(0);
    const env = envOf(container!);
    const secret = load('secret.example.yaml')[0]!;
    // Without DISCORD_TOKEN the bot would start its sandbox; without DATABASE_URL, a SQLite file per pod.
    for (const name of ['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY', 'DATABASE_URL']) {
      const ref = env.get(name)?.valueFrom?.secretKeyRef;
      expect(ref, name).toBeDefined();
      expect(ref!.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData!), name).toContain(ref!.key);
      expect(env.get(name)!.value, `${name} has no literal value`).toBeUndefined();
    }
    // The values the Secret would hold, in the shapes src/config.ts accepts.
    const fromSecret: Record<string, string> = { token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB', 'public-key': 'a'.repeat(64), 'database-url': secret.stringData!['database-url']! };
    const values = Object.fromEntries([...env.values()].map((e) => [e.name, e.value ?? fromSecret[e.valueFrom!.secretKeyRef!.key]!]));
    const config = loadConfig(values, '/nonexistent/.env');
    expect(config.INTERACTIONS_MODE).toBe('http');
    expect(config.SCHEDULER).toBe(which === 'scheduler' ? 'on' : 'off');
    expect(config.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(metricsOn(config)).toBe(true);
    // Probes, PORT and the metrics annotation all name ports the container declares.
    const ports = new Map(container!.ports!.map((p) => [p.name, p.containerPort]));
    expect(ports.get('http')).toBe(config.PORT);
    expect(ports.get('metrics')).toBe(config.METRICS_PORT);
    const annotations = d.spec!.template!.metadata.annotations!;
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(config.METRICS_PORT);
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const get = container![probe]?.httpGet;
      expect(get, probe).toBeDefined();
      expect(get!.path).toBe('/healthz');
      const port = typeof get!.port === 'string' ? ports.get(get!.port) : get!.port;
      expect(port, `${probe} port ${get!.port}`).toBe(config.PORT);
    }
  });

  it.each(['interactions', 'scheduler'] as const)("%s: runs as the image's non-root user on a read-only root, with memory from the benchmark's figure", (which) => {
    const d = which === 'scheduler' ? scheduler : http;
    const pod = d.spec!.template!.spec;
    const container = pod.containers[0]!;
    // The Dockerfile's runtime stage runs as `node`, which is uid/gid 1000 in the official node images.
    expect(parseDockerfile().at(-1)!.instructions.filter((i) => i.keyword === 'USER').at(-1)?.rest).toBe('node');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // test/bench/README.md: about 170 MB resident after 10,000 interactions across 1,000 servers.
    const request = bytes(container.resources!.requests!.memory!);
    const limit = bytes(container.resources!.limits!.memory!);
    expect(request).toBeGreaterThan(170e6);
    expect(limit).toBeGreaterThanOrEqual(request);
    expect(container.resources!.requests!.cpu).toBeDefined();
    expect(readFileSync(join(DIR, `${which}-deployment.yaml`), 'utf8')).toMatch(/170 MB/);
  });
});
