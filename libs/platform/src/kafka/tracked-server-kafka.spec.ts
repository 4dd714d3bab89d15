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
