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
