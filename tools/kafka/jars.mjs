// The broker's jars: Apache Kafka at the version pinned in pom.xml, fetched once with mvn.
import fs from 'node:fs';

import { requireJava } from '../jvm/java.mjs';
import { ensureMavenJars, pinnedVersion } from '../jvm/maven-jars.mjs';
import { HERE, LIB_DIR, logToConsole, POM, REPO_ROOT } from './layout.mjs';

/** The pinned Kafka version (single source of truth: <kafka.version> in pom.xml). */
export function kafkaVersion() {
  return pinnedVersion({ tool: 'tools/kafka', pom: POM, property: 'kafka.version' });
}

/**
 * Make sure tools/kafka/lib holds the jars of the pinned Kafka version; runs mvn only when the
 * marker file lib/.kafka-version is missing or names another version.
 * @param {{ log?: (msg: string) => void, mavenRepoLocal?: string }} [opts]
 *   mavenRepoLocal (or env KAFKA_MAVEN_REPO_LOCAL): passed as -Dmaven.repo.local.
 * @returns {Promise<{ version: string, libDir: string, fetched: boolean, ms: number }>}
 */
export async function ensureKafkaJars({
  log = logToConsole,
  mavenRepoLocal = process.env.KAFKA_MAVEN_REPO_LOCAL,
} = {}) {
  const version = kafkaVersion();
  requireJava({
    tool: 'tools/kafka',
    product: `Kafka ${version}`,
    missingHint: 'Kafka needs a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless).',
  });
  const { fetched, ms } = await ensureMavenJars({
    tool: 'tools/kafka',
    product: 'Apache Kafka',
    version,
    toolDir: HERE,
    pom: POM,
    libDir: LIB_DIR,
    marker: '.kafka-version',
    // kafka_2.13 and everything its pom brings (server, storage, raft, coordinators, logging)
    goal: 'dependency:copy-dependencies',
    hasJars: (dir) => fs.readdirSync(dir).some((f) => f.startsWith('kafka_2.13-')),
    repoRoot: REPO_ROOT,
    log,
    mavenRepoLocal,
    progress: true,
  });
  return { version, libDir: LIB_DIR, fetched, ms };
}
