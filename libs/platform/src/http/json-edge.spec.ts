import { findJsonHazard, jsonTextDepth, MAX_JSON_DEPTH } from './json-edge';
import { parseStrictInt } from './strict-number';

describe('the hardened JSON edge', () => {
  it('counts nesting on the raw text, ignoring brackets inside strings', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonTextDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonTextDepth('['.repeat(5000) + ']'.repeat(5000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });

  it('refuses a body deeper than the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(findJsonHazard(deep)).toMatchObject({ status: 400, code: 'BODY_TOO_DEEP', field: 'body' });
    expect(findJsonHazard({ a: { b: [1, 2] } })).toBeUndefined();
  });

  it('refuses a lone surrogate, naming the field', () => {
    const body = JSON.parse('{"shippingAddress":{"city":"\\ud800x"}}') as unknown;
    expect(findJsonHazard(body)).toMatchObject({ code: 'MALFORMED_UNICODE', field: 'shippingAddress.city' });
    expect(findJsonHazard({ city: 'Zürich 🐶' })).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])(
    'refuses the key %s anywhere, naming it',
    (key) => {
      const body = JSON.parse(`{"payment":{"${key}":1,"method":"card"}}`) as unknown;
      expect(findJsonHazard(body)).toMatchObject({ code: 'FORBIDDEN_KEY', field: `payment.${key}` });
    },
  );

  it('parses integers strictly', () => {
    expect(['5', '0', '-3'].map(parseStrictInt)).toEqual([5, 0, -3]);
    expect(['0x10', ' 5', '5 ', '5e1', '', '05', '1.0'].map(parseStrictInt)).toEqual(Array(7).fill(undefined));
  });
});
