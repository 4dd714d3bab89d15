import { TopicSpec } from '../topic-spec';

/** Topics of the ML advisor (recommendation requests, retraining). */
export const ADVISOR_TOPICS: readonly TopicSpec[] = [];
