// A flush worker in its own process, for the crash test: the parent SIGKILLs it mid-flush.
// Plain JavaScript with an in-process TypeScript hook, because ts-node is not installed.
// WB_CHILD_CONFIG (JSON): { database, keyPrefix, leaseMs, mode }, where mode is
//   'normal'               flush normally
//   'hang-before-commit'   tell the parent and stall just before the first INSERT runs
//   'hang-after-commit'    run the first INSERT, tell the parent, stall before the ack
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

// The store imports sibling libs by their tsconfig path aliases (@shop/platform), which plain
// Node does not know; resolve them the way the compiler does.
const root = path.resolve(__dirname, '../../..');
const aliases = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = aliases[request];
  return resolveFilename.call(this, target ? path.join(root, target[0]) : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  module._compile(outputText, filename);
};

const { createPool } = require('mysql2/promise');
const { Registry } = require('prom-client');
const { WriteBehindStore } = require('../src/write-behind.store');
const { testOrdersTable } = require('./fixtures');

const config = JSON.parse(process.env.WB_CHILD_CONFIG);
const pool = createPool({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: config.database });

const query = pool.query.bind(pool);
let stalled = false;
pool.query = async (...args) => {
  const sql = typeof args[0] === 'string' ? args[0] : args[0].sql;
  if (!stalled && sql.startsWith('INSERT') && config.mode !== 'normal') {
    stalled = true;
    if (config.mode === 'hang-before-commit') {
      process.send({ type: 'stalled', phase: 'before-commit' });
      return new Promise(() => undefined);
    }
    await query(...args);
    process.send({ type: 'stalled', phase: 'after-commit' });
    return new Promise(() => undefined);
  }
  return query(...args);
};

const store = new WriteBehindStore({
  name: 'crash',
  table: testOrdersTable,
  redis: { host: '127.0.0.1', port: 6379 },
  mysql: pool,
  keyPrefix: config.keyPrefix,
  maxBatchSize: 250,
  leaseMs: config.leaseMs,
  sweepIntervalMs: 200,
  workerConcurrency: 1,
  registry: new Registry(),
});

store.startWorker().then(() => process.send({ type: 'ready' }));
process.on('message', async (message) => {
  if (message === 'stop') {
    await store.close();
    await pool.end();
    process.exit(0);
  }
});
