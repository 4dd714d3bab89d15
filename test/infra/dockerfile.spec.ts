import { loadConventions } from './conventions';
import { parseYaml11, parseYamlStream, read } from './support';

interface Instruction {
  cmd: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  body: Instruction[];
}

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, cmd, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = cmd.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      const from = m[1].replace(/\$\{(\w+)\}/g, (_, v) => globalArgs[v] ?? `\${${v}}`);
      stages.push({ from, name: m[2], body: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [k, v] = args.split('=');
      globalArgs[k] = v;
    } else {
      stages[stages.length - 1].body.push({ cmd: upper, args });
    }
  }
  return { globalArgs, stages };
}

describe('docker/Dockerfile', () => {
  const text = read('docker', 'Dockerfile');
  const { stages } = parseDockerfile(text);
  const runtime = stages[stages.length - 1];
  const stageNames = stages.map((s) => s.name);
  const runtimeCmds = (cmd: string) => runtime.body.filter((i) => i.cmd === cmd).map((i) => i.args);

  it('is a multi-stage build ending in a node:20-bookworm-slim runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stageNames).toEqual(expect.arrayContaining(['deps', 'build', 'runtime']));
    expect(runtime.from).toBe('node:20-bookworm-slim');
    // The build stage compiles; the runtime never does.
    const build = stages.find((s) => s.name === 'build')!;
    expect(build.body.some((i) => i.cmd === 'RUN' && /npm run build/.test(i.args))).toBe(true);
    expect(runtime.body.some((i) => i.cmd === 'RUN' && /npm (ci|install|run)/.test(i.args))).toBe(false);
  });

  it('copies only production dependencies into the runtime', () => {
    const modules = runtimeCmds('COPY').filter((a) => /node_modules/.test(a));
    expect(modules).toHaveLength(1);
    const from = /--from=(\S+)/.exec(modules[0])![1];
    const source = stages.find((s) => s.name === from)!;
    expect(source.body.some((i) => i.cmd === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(runtimeCmds('COPY').some((a) => /--from=build\b.*\/app\/dist\b/.test(a))).toBe(true);
  });

  it('keeps what tsconfig-paths needs at run time: tsconfig.json, tsconfig.base.json, TS_NODE_BASEURL', () => {
    const copies = runtimeCmds('COPY').join('\n');
    expect(copies).toMatch(/tsconfig\.json/);
    expect(copies).toMatch(/tsconfig\.base\.json/);
    expect(runtimeCmds('ENV').join(' ')).toMatch(/TS_NODE_BASEURL=\.\/dist\b/);
  });

  it('ships the resilience YAML folder where compose and k8s point RESILIENCE_CONFIG', () => {
    expect(runtimeCmds('COPY')).toContain('--from=build --chown=root:root /app/config ./config');
    expect(runtime.body.find((i) => i.cmd === 'WORKDIR')?.args).toBe('/app');
    const baked = /RESILIENCE_CONFIG=(\S+)/.exec(runtimeCmds('ENV').join(' '))![1];
    expect(baked).toMatch(/^\/app\/config\/[^/]+\.ya?ml$/);
    const composeDefault = /RESILIENCE_CONFIG: \$\{RESILIENCE_CONFIG:-([^}]+)\}/.exec(
      read('docker', 'compose.yaml'),
    )![1];
    expect(composeDefault).toBe(baked);
    const k8sConfig = parseYamlStream(read('k8s', 'fleet-config.yaml')).find((d) => d.metadata.name === 'fleet-config');
    expect(k8sConfig.data.RESILIENCE_CONFIG).toBe(baked);
  });

  it('runs as the non-root node user, set after the last root-only step', () => {
    const users = runtimeCmds('USER');
    expect(users).toEqual(['node']);
    const userAt = runtime.body.findIndex((i) => i.cmd === 'USER');
    expect(runtime.body.slice(userAt).some((i) => i.cmd === 'RUN')).toBe(false);
    expect(runtime.body.findIndex((i) => i.cmd === 'ENTRYPOINT')).toBeGreaterThan(userAt);
  });

  it('selects the app with ARG APP, started by the entrypoint from dist/apps/$APP', () => {
    expect(runtimeCmds('ARG')).toContain('APP=gateway');
    expect(runtimeCmds('ENV').join(' ')).toMatch(/APP=\$\{APP\}/);
    const entrypoint = read('docker', 'entrypoint.sh');
    expect(entrypoint).toMatch(/dist\/apps\/\$\{APP\}\/src\/main\.js/);
    expect(entrypoint).toMatch(/exec node -r tsconfig-paths\/register "\$main"/);
    expect(runtimeCmds('ENTRYPOINT')[0]).toMatch(/entrypoint\.sh/);
    expect(runtimeCmds('HEALTHCHECK')[0]).toMatch(/healthcheck\.js/);
  });

  it('names only apps the image contains in compose (APP is an app of the conventions or "providers")', () => {
    const conv = loadConventions();
    const allowed = [...conv.apps.map((a) => a.name), 'providers'];
    const compose = parseYaml11(read('docker', 'compose.yaml'));
    const used = Object.values<{ environment?: Record<string, string> }>(compose.services)
      .map((s) => s.environment?.APP)
      .filter((a): a is string => a !== undefined);
    expect(used.length).toBe(conv.apps.length + conv.providers.length);
    for (const app of used) expect(allowed).toContain(app);
  });

  it('sends a minimal context: allow-list .dockerignore without .env, node_modules or dist', () => {
    const ignore = read('docker', 'Dockerfile.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '**/.env']));
    // Every file the Dockerfile copies from the context is let back in.
    const contextFiles = stages
      .flatMap((s) => s.body)
      .filter((i) => i.cmd === 'COPY' && !/--from=/.test(i.args))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((t) => !t.startsWith('--'))
          .slice(0, -1),
      )
      .filter((f) => f !== '.');
    expect(contextFiles.length).toBeGreaterThan(3);
    for (const file of contextFiles) expect(ignore).toContain(`!${file}`);
    // The jars the tools fetch from Maven Central (git-ignored, hundreds of MB) stay out too.
    const fetched = read('.gitignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('tools/'))
      .map((l) => l.replace(/\/$/, ''));
    expect(fetched).toEqual(expect.arrayContaining(['tools/kafka/lib', 'tools/zipkin/lib']));
    for (const folder of fetched) expect(ignore).toContain(folder);
  });
});
