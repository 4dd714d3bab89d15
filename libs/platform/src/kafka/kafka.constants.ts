/** Injection token of the ClientKafka the gateway uses for request-reply. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
