// Where tools/kafka keeps things: its pom and jars in this folder, each broker's files in its data
// folder; and the prefix of what it prints.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const POM = path.join(HERE, 'pom.xml');
export const LIB_DIR = path.join(HERE, 'lib');

/** Default data dir for a broker port: <repo>/.data/kafka-<port> (git-ignored). */
export function defaultDataDir(port = 9092) {
  return path.join(REPO_ROOT, '.data', `kafka-${port}`);
}

/** The files of the broker started from dataDir (which must be absolute). */
export function brokerFiles(dataDir) {
  return {
    pidFile: path.join(dataDir, 'kafka.pid'),
    logFile: path.join(dataDir, 'kafka.log'),
    serverProperties: path.join(dataDir, 'server.properties'),
    log4j2Properties: path.join(dataDir, 'log4j2.properties'),
    log4jProperties: path.join(dataDir, 'log4j.properties'),
    tmpDir: path.join(dataDir, 'tmp'),
    // the KRaft metadata and the topics' partitions
    logDir: path.join(dataDir, 'kraft-logs'),
  };
}

export const logToConsole = (msg) => console.log(`[kafka] ${msg}`);
