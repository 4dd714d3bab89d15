import { jobQueueViews } from './job-queue-view';
import { parsePrometheusText } from './prometheus-text';

describe('jobQueueViews', () => {
  it("reads each compartment queue's workers and jobs by state", () => {
    const text = [
      '# TYPE compartment_queue_jobs gauge',
      'compartment_queue_jobs{queue="notices",compartment="critical",state="waiting"} 0',
      'compartment_queue_jobs{queue="notices",compartment="critical",state="active"} 1',
      'compartment_queue_jobs{queue="notices",compartment="background",state="waiting"} 37',
      'compartment_queue_jobs{queue="notices",compartment="background",state="active"} 2',
      'compartment_queue_jobs{queue="notices",compartment="background",state="failed"} 4',
      'compartment_queue_workers{queue="notices",compartment="critical"} 8',
      'compartment_queue_workers{queue="notices",compartment="background"} 2',
      'compartment_queue_jobs{queue="notices",compartment="background",state="paused"} 9',
    ].join('\n');
    expect(jobQueueViews('notifications', parsePrometheusText(text, ['compartment_queue_']))).toEqual([
      {
        service: 'notifications',
        queue: 'notices',
        compartment: 'critical',
        workers: 8,
        waiting: 0,
        active: 1,
        delayed: 0,
        failed: 0,
      },
      {
        service: 'notifications',
        queue: 'notices',
        compartment: 'background',
        workers: 2,
        waiting: 37,
        active: 2,
        delayed: 0,
        failed: 4,
      },
    ]);
  });

  it('leaves out samples without a queue or compartment label', () => {
    expect(
      jobQueueViews('x', parsePrometheusText('compartment_queue_jobs{state="waiting"} 3', ['compartment_queue_'])),
    ).toEqual([]);
  });
});
