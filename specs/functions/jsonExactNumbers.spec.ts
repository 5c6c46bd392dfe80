import { describe, expect, it } from 'vitest';
import { call, show } from './callFunction.js';

const doc = '{"trade":{"id":9007199254740993,"px":12345678901234.56789,"legs":[{"n":12345678901234567890}]}}';

describe('JSON functions keep every digit of long numbers', () => {
  it('JSON_EXTRACT types them like schema-less input, exactly', () => {
    expect(call('JSON_EXTRACT', doc, '$.trade.id')).toBe(9007199254740993n);
    expect(show(call('JSON_EXTRACT', doc, '$.trade.px'))).toBe('12345678901234.56789d');
    expect(call('JSON_EXTRACT', doc, '$.trade.id.text')).toBeNull();
  });

  it('JSON_VALUE and JSON_QUERY write them with their own digits', () => {
    expect(call('JSON_VALUE', doc, '$.trade.px')).toBe('12345678901234.56789');
    expect(call('JSON_QUERY', doc, '$.trade.legs')).toBe('[{"n":12345678901234567890}]');
  });
});
