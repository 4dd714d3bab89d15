#!/usr/bin/env node
// Fetches (with mvn, from Maven Central) and runs a single-node Apache Kafka broker in KRaft mode
// (combined broker + controller, node.id=1, 127.0.0.1 only). Node built-ins only: this runs before
// `npm install`; only createTopics() needs kafkajs, loaded lazily from the repo root.
//
//   node tools/kafka/kafka.mjs fetch|start|stop|status [--port 9092] [--controller-port 9093] [--data-dir DIR]
//
// This file is tools/kafka's public entry (what the fleet, the smoke test and the specs import)
// and its command line; the pieces live beside it, one idea a file (README.md lists them). The
// pinned Kafka version lives in tools/kafka/pom.xml (<kafka.version>).
import { runWhenScript } from '../jvm/command-line.mjs';
import { main } from './cli.mjs';

export { kafkaStatus, startKafka, stopKafka } from './broker.mjs';
export { ensureKafkaJars, kafkaVersion } from './jars.mjs';
export { defaultDataDir, LIB_DIR, POM, REPO_ROOT } from './layout.mjs';
export { probeKafka } from './probe.mjs';
export { newClusterId } from './storage.mjs';
export { createTopics, loadKafkajs } from './topics.mjs';

runWhenScript(import.meta.url, main);
