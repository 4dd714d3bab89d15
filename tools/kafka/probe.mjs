// Whether a broker is ready for clients, asked over Kafka's own wire protocol so that it works
// without kafkajs (this runs before `npm install`). Accepting TCP is not enough: the broker opens
// its listener while it is still fenced and cannot yet create topics.
import net from 'node:net';

/** One request (header v1) to the broker on 127.0.0.1:port; resolves with the response body. */
function kafkaRequest(port, apiKey, apiVersion, body, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('tools-kafka-probe');
    const header = Buffer.alloc(10 + clientId.length);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(1, 4); // correlation id
    header.writeInt16BE(clientId.length, 8);
    clientId.copy(header, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const done = (err, val) => {
      sock.destroy();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(val);
    };
    const timer = setTimeout(() => done(new Error('timeout')), timeoutMs);
    sock.on('connect', () => sock.write(Buffer.concat([size, header, body])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) done(null, buf.subarray(8, 4 + buf.readInt32BE(0)));
    });
    sock.on('error', (e) => done(e));
    sock.on('close', () => done(new Error('connection closed')));
  });
}

/**
 * One readiness probe: ApiVersions (v0), then Metadata; ready when the broker answers and lists
 * itself as an (unfenced) broker, i.e. topics can be created and produced to.
 * @returns {Promise<{ ready: boolean, reason: string }>}
 */
export async function probeKafka(port) {
  let res;
  try {
    res = await kafkaRequest(port, 18, 0, Buffer.alloc(0));
  } catch (e) {
    return { ready: false, reason: `ApiVersions on 127.0.0.1:${port}: ${e.code || e.message}` };
  }
  const err = res.readInt16BE(0);
  if (err !== 0) return { ready: false, reason: `ApiVersions error ${err}` };
  const n = res.readInt32BE(2);
  let meta = null;
  for (let i = 0; i < n; i++) {
    const o = 6 + i * 6;
    if (res.readInt16BE(o) === 3) meta = { min: res.readInt16BE(o + 2), max: res.readInt16BE(o + 4) };
  }
  if (!meta) return { ready: false, reason: 'Metadata API not advertised yet' };
  const v = Math.min(Math.max(4, meta.min), meta.max);
  if (v < 4 || v > 8) return { ready: true, reason: 'ApiVersions ok' }; // cannot parse other layouts; good enough
  const body = Buffer.alloc(5);
  body.writeInt32BE(0, 0); // topics: empty array
  body.writeInt8(0, 4); // allow_auto_topic_creation=false
  try {
    res = await kafkaRequest(port, 3, v, body);
  } catch (e) {
    return { ready: false, reason: `Metadata: ${e.code || e.message}` };
  }
  const brokers = res.readInt32BE(4); // after throttle_time_ms
  return brokers > 0
    ? { ready: true, reason: `${brokers} broker(s) registered` }
    : { ready: false, reason: 'broker not registered/unfenced yet' };
}
