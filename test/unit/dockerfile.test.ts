import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../src/paths.js';
import { copies, execForm, parseDockerfile, type Stage } from '../support/dockerfile.js';

const stages = parseDockerfile();
const runtime = stages.at(-1)!;
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe('the Dockerfile', () => {
  it('is multi-stage, every base image pinned to a version tag', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(stages.map((s) => s.name));
    for (const { image } of stages) {
      if (names.has(image)) continue; // FROM an earlier stage
      expect(image, image).toMatch(/^[\w./-]+:(\d+\.\d+\.\d+)[\w.-]*(@sha256:[0-9a-f]{64})?$/);
      expect(image).not.toMatch(/:latest\b|:lts\b|:current\b/);
    }
    expect(runtime.image).toMatch(/-slim$|alpine|distroless/);
  });

  it('runs as a non-root user, node itself in exec form (signals reach it), with a HEALTHCHECK', () => {
    const users = all(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.rest).not.toMatch(/^(root|0)(:|$)/);
    const cmds = all(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    const cmd = execForm(cmds[0]!.rest);
    expect(cmd, 'CMD in exec form').toBeDefined();
    expect(cmd![0]).toBe('node');
    expect(cmd!.at(-1)).toBe('dist/src/main.js');
    expect(cmd!.join(' ')).not.toMatch(/\bnpm\b|\bnpx\b|\btsx\b/);
    expect(runtime.instructions.findIndex((i) => i.keyword === 'USER')).toBeLessThan(runtime.instructions.findIndex((i) => i.keyword === 'CMD'));
    const health = all(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.rest).toMatch(/^CMD /);
    expect(health[0]!.rest).toContain('/healthz');
    expect(all(runtime, 'ENTRYPOINT')).toHaveLength(0);
  });

  it('ships only production dependencies, the compiled build and the files the bot reads', () => {
    const deps = stages.find((s) => all(s, 'RUN').some((r) => /npm ci --omit=dev/.test(r.rest)));
    expect(deps, 'a stage installing with npm ci --omit=dev').toBeDefined();
    const build = stages.find((s) => all(s, 'RUN').some((r) => /npm ci && npm run build/.test(r.rest)));
    expect(build).toBeDefined();
    const shipped = copies(runtime);
    expect(shipped).toContainEqual({ from: deps!.name, sources: ['/app/node_modules'], dest: './node_modules' });
    expect(shipped).toContainEqual({ from: build!.name, sources: ['/app/dist'], dest: './dist' });
    const local = shipped.filter((c) => !c.from).flatMap((c) => c.sources);
    expect(local.sort()).toEqual(['package.json', 'prisma', 'src/bank/data'].sort());
    // Nothing from the build stage but dist/: no dev dependencies, no sources, no .env.
    expect(shipped.filter((c) => c.from === build!.name)).toHaveLength(1);
  });

  it('has a .dockerignore that keeps node_modules, .git, data and .env out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const path of ['node_modules', '.git', 'data', '.env', 'dist', 'src/generated']) expect(ignored, path).toContain(path);
  });

  it('has a compose.yaml with the bot (built here) and a pinned PostgreSQL it waits for', () => {
    const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as { services: Record<string, { build?: string; image?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown }> };
    const { bot, postgres } = compose.services;
    expect(bot?.build).toBe('.');
    expect(bot?.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/\w+:.+@postgres:5432\/\w+$/);
    expect(bot?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(postgres?.image).toMatch(/^postgres:\d+\.\d+/);
    expect(postgres?.healthcheck).toBeDefined();
  });
});
