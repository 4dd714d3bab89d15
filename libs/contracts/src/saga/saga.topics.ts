import { TopicSpec } from '../topic-spec';

/** Topics of the order saga (commands to participants, their replies, events, dead letters). */
export const SAGA_TOPICS: readonly TopicSpec[] = [];
