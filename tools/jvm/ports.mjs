// Refusing to start on a taken port: a JVM that finds its port taken dies with a bind error in its
// log, later and less clearly than this check says so.
import net from 'node:net';

/** Whether nothing listens on host:port (Kafka binds 127.0.0.1, Zipkin every interface, 0.0.0.0). */
export function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
