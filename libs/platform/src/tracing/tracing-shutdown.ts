import { Injectable, OnApplicationShutdown } from '@nestjs/common';

import { flushTracing } from './start-tracing';

/** On a graceful stop, the spans still buffered are exported before the process exits. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}
