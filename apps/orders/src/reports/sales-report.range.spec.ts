import { OrderDomainError } from '../orders/orders.errors';
import { parseReportRange } from './sales-report.range';

function fieldOf(from: unknown, to: unknown): string | undefined {
  try {
    parseReportRange(from, to);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(OrderDomainError);
    expect((error as OrderDomainError).code).toBe('VALIDATION');
    return (error as OrderDomainError).field;
  }
}

describe('parseReportRange', () => {
  it('reads days as midnight UTC and instants with their zone', () => {
    expect(parseReportRange('2026-10-01', '2026-11-01')).toEqual({
      from: new Date('2026-10-01T00:00:00.000Z'),
      to: new Date('2026-11-01T00:00:00.000Z'),
    });
    expect(parseReportRange('2026-10-01T12:00:00+02:00', '2026-10-01T10:00:00.500Z')).toEqual({
      from: new Date('2026-10-01T10:00:00.000Z'),
      to: new Date('2026-10-01T10:00:00.500Z'),
    });
  });

  it('names the field that is missing or not a date', () => {
    expect(fieldOf(undefined, '2026-01-01')).toBe('from');
    expect(fieldOf('yesterday', '2026-01-01')).toBe('from');
    expect(fieldOf('2026-01-01', 42)).toBe('to');
    // an instant without a zone is ambiguous
    expect(fieldOf('2026-01-01T10:00:00', '2026-01-02')).toBe('from');
  });

  it('refuses calendar days that do not exist instead of rolling them over', () => {
    expect(fieldOf('2026-02-30', '2026-03-31')).toBe('from');
    expect(fieldOf('2026-01-01', '2026-13-01')).toBe('to');
    expect(fieldOf('2026-01-01T24:30:00Z', '2026-03-31')).toBe('from');
  });

  it('wants from strictly before to: the range is half-open', () => {
    expect(fieldOf('2026-02-01', '2026-01-01')).toBe('to');
    expect(fieldOf('2026-02-01', '2026-02-01')).toBe('to');
    expect(fieldOf('2026-02-01', '2026-02-01T00:00:00.001Z')).toBeUndefined();
  });

  it('covers at most 366 days', () => {
    expect(fieldOf('2024-01-01', '2025-01-01')).toBeUndefined(); // a leap year: 366 days
    expect(fieldOf('2024-01-01', '2025-01-01T00:00:00.001Z')).toBe('to');
  });
});
