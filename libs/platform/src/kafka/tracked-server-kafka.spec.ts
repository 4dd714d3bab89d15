import { SAGA_TOPIC } from '@shop/contracts';
import type { Consumer } from 'kafkajs';

import { TrackedServerKafka } from './tracked-server-kafka';

const options = { client: { brokers: ['127.0.0.1:1'] } };
const handler = Object.assign(async () => 'answer', {});

function topicsOf(server: TrackedServerKafka, topics: string[]): string[] {
  for (const topic of topics) server.addHandler(topic, handler);
  return [...server.getHandlers().keys()];
}

describe('TrackedServerKafka topic selection', () => {
  const topics = ['orders.place', 'orders.get', 'orders.reports.sales', 'saga.replies'];

  it('takes every handler by default', () => {
    expect(topicsOf(new TrackedServerKafka(options), topics)).toEqual(topics);
  });

  it('a dedicated server takes only its topics, the main server all the others: each topic has one consumer', () => {
    const dedicated = topicsOf(new TrackedServerKafka(options, { only: ['orders.reports.sales'] }), topics);
    const main = topicsOf(new TrackedServerKafka(options, { except: ['orders.reports.sales'] }), topics);
    expect(dedicated).toEqual(['orders.reports.sales']);
    expect(main).toEqual(['orders.place', 'orders.get', 'saga.replies']);
  });
});

describe('TrackedServerKafka subscriptions', () => {
  /** A consumer that records how it was subscribed; kafkajs keeps `fromBeginning` per topic. */
  function recordingConsumer() {
    const subscriptions: { topics: string[]; fromBeginning: boolean }[] = [];
    const consumer = {
      subscribe: async (s: { topics: string[]; fromBeginning: boolean }) => void subscriptions.push(s),
      run: async () => undefined,
    };
    return { subscriptions, consumer: consumer as unknown as Consumer };
  }

  it('reads saga commands, replies, events and dead letters of a never-committed partition from its start', async () => {
    const server = new TrackedServerKafka(options);
    topicsOf(server, ['orders.place', 'orders.get', 'saga.replies', 'saga.dead-letters', 'orders.completed']);
    const { subscriptions, consumer } = recordingConsumer();
    await server.bindEvents(consumer);
    expect(subscriptions).toEqual([
      { topics: ['orders.place', 'orders.get'], fromBeginning: false },
      { topics: ['saga.replies', 'saga.dead-letters', 'orders.completed'], fromBeginning: true },
    ]);
  });

  it('reads every saga command topic from its start', async () => {
    const server = new TrackedServerKafka(options);
    const commands = Object.values(SAGA_TOPIC);
    topicsOf(server, commands);
    const { subscriptions, consumer } = recordingConsumer();
    await server.bindEvents(consumer);
    expect(subscriptions).toEqual([{ topics: commands, fromBeginning: true }]);
  });
});

describe('TrackedServerKafka when kafkajs gives up on its consumer', () => {
  /** A consumer whose events the test raises, as kafkajs' instrumentation would. */
  function crashableConsumer() {
    const listeners = new Map<string, ((event: { payload: Record<string, unknown> }) => void)[]>();
    const events = { CONNECT: 'connect', DISCONNECT: 'disconnect', REBALANCING: 'rebalancing', STOP: 'stop' };
    const consumer = {
      events: { ...events, GROUP_JOIN: 'group_join', CRASH: 'crash' },
      on: (name: string, listener: (event: { payload: Record<string, unknown> }) => void) =>
        void listeners.set(name, [...(listeners.get(name) ?? []), listener]),
      subscribe: async () => undefined,
      run: jest.fn(async () => undefined),
      commitOffsets: async () => undefined,
    };
    const raise = (name: string, payload: Record<string, unknown> = {}) =>
      listeners.get(name)?.forEach((listener) => listener({ payload }));
    return { consumer, raise };
  }

  async function serverWith(consumer: ReturnType<typeof crashableConsumer>['consumer']) {
    const server = new TrackedServerKafka(options);
    topicsOf(server, ['saga.replies']);
    Object.assign(server, { consumer });
    (server as unknown as { registerConsumerEventListeners(): void }).registerConsumerEventListeners();
    await server.bindEvents(consumer as unknown as Consumer);
    return server;
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the consumer again after a crash kafkajs will not restart, backing off while that fails', async () => {
    const { consumer, raise } = crashableConsumer();
    const server = await serverWith(consumer);
    expect(consumer.run).toHaveBeenCalledTimes(1);

    raise('crash', { error: new Error('Failed to find group coordinator'), restart: false });
    expect(server.consumerState).toBe('crashed');
    await jest.advanceTimersByTimeAsync(999);
    expect(consumer.run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.run).toHaveBeenCalledTimes(2);
    expect(server.restarter.restarts).toBe(1);

    // Its second start crashes too: the next try waits twice as long.
    raise('crash', { error: new Error('still loading'), restart: false });
    await jest.advanceTimersByTimeAsync(1_999);
    expect(consumer.run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.run).toHaveBeenCalledTimes(3);

    raise('group_join');
    expect(server.consumerState).toBe('joined');
    await server.close().catch(() => undefined);
  });

  it('leaves a crash kafkajs restarts itself to kafkajs, and starts nothing once closing', async () => {
    const { consumer, raise } = crashableConsumer();
    const server = await serverWith(consumer);
    raise('crash', { error: new Error('Closed connection'), restart: true });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.run).toHaveBeenCalledTimes(1);

    raise('crash', { error: new Error('fatal'), restart: false });
    await server.close().catch(() => undefined);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.run).toHaveBeenCalledTimes(1);
  });
});
