// `node tools/kafka/kafka.mjs fetch|start|stop|status`: the broker by hand, outside the fleet.
import { kafkaStatus, startKafka, stopKafka } from './broker.mjs';
import { ensureKafkaJars, kafkaVersion } from './jars.mjs';
import { defaultDataDir, LIB_DIR } from './layout.mjs';

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a.startsWith('--port')) opts.port = Number(val());
    else if (a.startsWith('--controller-port')) opts.controllerPort = Number(val());
    else if (a.startsWith('--data-dir')) opts.dataDir = val();
    else if (!opts.cmd) opts.cmd = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return opts;
}

/** Runs one command of argv (process.argv without node and the script); resolves with the exit code. */
export async function main(argv) {
  const usage =
    'usage: node tools/kafka/kafka.mjs fetch|start|stop|status [--port 9092] [--controller-port 9093] [--data-dir DIR]';
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    return 2;
  }
  const port = o.port ?? 9092;
  const common = { port, dataDir: o.dataDir ?? defaultDataDir(port) };
  switch (o.cmd) {
    case 'fetch':
      await ensureKafkaJars({});
      console.log(`Apache Kafka ${kafkaVersion()} jars in ${LIB_DIR}`);
      return 0;
    case 'start': {
      const r = await startKafka({ ...common, controllerPort: o.controllerPort ?? 9093 });
      console.log(`KAFKA_BROKERS=${r.brokers}  (pid ${r.pid}, data ${r.dataDir})`);
      return 0;
    }
    case 'stop':
      await stopKafka(common);
      return 0;
    case 'status': {
      const s = await kafkaStatus(common);
      console.log(
        s.running
          ? `running: pid ${s.pid}, ${s.brokers}, ${s.ready ? 'ready' : 'NOT ready'} (${s.reason})`
          : `not running (${common.dataDir})`,
      );
      return s.running ? 0 : 3;
    }
    default:
      console.error(usage);
      return 2;
  }
}
