import { ArgumentMetadata } from '@nestjs/common';

import { createValidationPipe, FieldValidationException } from '../../common/validation';
import { CreateLogEntryDto } from './create-log-entry.dto';
import { ListLogsQuery } from './list-logs.query';
import { jsonByteLength } from './max-json-bytes.validator';

const pipe = createValidationPipe();
const body: ArgumentMetadata = { type: 'body', metatype: CreateLogEntryDto };
const query: ArgumentMetadata = { type: 'query', metatype: ListLogsQuery };

/** The field the gateway's pipe names for `value`, or 'ok' when it passes. */
async function fieldAtFault(value: unknown, metadata: ArgumentMetadata): Promise<string> {
  try {
    await pipe.transform(value, metadata);
    return 'ok';
  } catch (error) {
    if (error instanceof FieldValidationException) return error.field;
    throw error;
  }
}

describe('POST /api/logs body', () => {
  it('accepts a level, a message and an optional JSON object context', async () => {
    expect(await fieldAtFault({ level: 'info', message: 'hi' }, body)).toBe('ok');
    expect(
      await fieldAtFault({ level: 'error', message: 'x'.repeat(2000), context: { a: [1, { b: null }] } }, body),
    ).toBe('ok');
  });

  it('names the field at fault', async () => {
    expect(await fieldAtFault({ level: 'fatal', message: 'hi' }, body)).toBe('level');
    expect(await fieldAtFault({ message: 'hi' }, body)).toBe('level');
    expect(await fieldAtFault({ level: 'info', message: '' }, body)).toBe('message');
    expect(await fieldAtFault({ level: 'info', message: 'x'.repeat(2001) }, body)).toBe('message');
    expect(await fieldAtFault({ level: 'info', message: 42 }, body)).toBe('message');
    expect(await fieldAtFault({ level: 'info', message: 'hi', context: [1, 2] }, body)).toBe('context');
    expect(await fieldAtFault({ level: 'info', message: 'hi', context: 'text' }, body)).toBe('context');
    expect(await fieldAtFault({ level: 'info', message: 'hi', extra: true }, body)).toBe('extra');
  });

  it('refuses a context over 8 KB of JSON, counting UTF-8 bytes', async () => {
    const justFits = { s: 'x'.repeat(8192 - '{"s":""}'.length) };
    expect(jsonByteLength(justFits)).toBe(8192);
    expect(await fieldAtFault({ level: 'info', message: 'hi', context: justFits }, body)).toBe('ok');
    expect(await fieldAtFault({ level: 'info', message: 'hi', context: { s: 'x'.repeat(8192) } }, body)).toBe(
      'context',
    );
    // 3000 × 3-byte characters: under 8192 characters, over 8192 bytes.
    expect(await fieldAtFault({ level: 'info', message: 'hi', context: { s: '€'.repeat(3000) } }, body)).toBe(
      'context',
    );
  });
});

describe('GET /api/logs query', () => {
  it('accepts every filter, converting limit to a number', async () => {
    const parsed = (await pipe.transform(
      {
        level: 'warn',
        since: '2026-11-25T09:00:00Z',
        until: '2026-11-25T10:00:00.000Z',
        limit: '200',
        cursor: '01JDQ8ZK3M5V6W7X8Y9Z0ABCDE',
      },
      query,
    )) as ListLogsQuery;
    expect(parsed.limit).toBe(200);
    expect(parsed.level).toBe('warn');
  });

  it('names the field at fault', async () => {
    expect(await fieldAtFault({ level: 'loud' }, query)).toBe('level');
    expect(await fieldAtFault({ since: 'yesterday' }, query)).toBe('since');
    expect(await fieldAtFault({ until: '2026-13-01' }, query)).toBe('until');
    expect(await fieldAtFault({ limit: '0' }, query)).toBe('limit');
    expect(await fieldAtFault({ limit: '201' }, query)).toBe('limit');
    expect(await fieldAtFault({ limit: 'ten' }, query)).toBe('limit');
    expect(await fieldAtFault({ cursor: 'abc' }, query)).toBe('cursor');
    expect(await fieldAtFault({ page: '2' }, query)).toBe('page');
  });
});
