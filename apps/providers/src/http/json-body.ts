import type { IncomingMessage } from 'node:http';

import { EdgeRefusal, findJsonHazard, jsonTextDepth, MAX_JSON_DEPTH } from '@shop/platform';

import { HttpError } from './http-error';

/** Largest request body accepted; anything bigger is answered 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Past this many bytes we stop draining an oversized body and drop the connection: we drain
 * up to here so an honest client still reads its 413 instead of an EPIPE, but we do not read
 * an endless stream.
 */
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

const payloadTooLarge = () =>
  new HttpError(
    413,
    { error: 'payload_too_large', message: `request body exceeds ${MAX_BODY_BYTES} bytes`, limitBytes: MAX_BODY_BYTES },
    { connection: 'close' },
  );

/** A refusal of the fleet's JSON edge (@shop/platform), in the simulators' error shape. */
const refused = ({ status, code, message, field }: EdgeRefusal) =>
  new HttpError(status, { error: (code ?? 'invalid_json').toLowerCase(), field, message });

/**
 * Reads and parses a JSON request body with the same rules as the Nest apps' JSON edge.
 * Rejects with HttpError 413 (over {@link MAX_BODY_BYTES}), 400 `invalid_json` (empty or
 * malformed), 400 `body_too_deep` (nesting past {@link MAX_JSON_DEPTH}, counted on the raw bytes
 * before parsing), 400 `malformed_unicode` (a lone surrogate in a string or key) or 400
 * `forbidden_key` (a key naming an Object.prototype member), the last two naming the field.
 */
export function readJsonBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number.isFinite(declared) && declared > limitBytes;

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (received > DRAIN_LIMIT_BYTES) {
          req.destroy();
          reject(payloadTooLarge());
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    // A client that goes away mid-body never sends 'end'; settle so the handler does not leak.
    req.on('close', () => {
      if (!req.complete)
        reject(
          new HttpError(400, { error: 'incomplete_body', message: 'client closed before sending the whole body' }),
        );
    });
    req.on('end', () => {
      if (tooLarge) return reject(payloadTooLarge());
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        return reject(new HttpError(400, { error: 'invalid_json', message: 'request body is empty; expected JSON' }));
      }
      if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        return reject(
          refused({
            status: 400,
            code: 'BODY_TOO_DEEP',
            message: `request body nests deeper than ${MAX_JSON_DEPTH} levels`,
            field: 'body',
          }),
        );
      }
      try {
        const body: unknown = JSON.parse(text);
        const hazard = findJsonHazard(body, MAX_JSON_DEPTH);
        if (hazard) return reject(refused(hazard));
        resolve(body);
      } catch (error) {
        reject(
          new HttpError(400, {
            error: 'invalid_json',
            message: `request body is not valid JSON: ${(error as Error).message}`,
          }),
        );
      }
    });
  });
}
