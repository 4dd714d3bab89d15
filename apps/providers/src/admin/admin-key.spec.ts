import { HttpError } from '../http/http-error';
import { assertAdminKey } from './admin-key';

const statusOf = (header: string | string[] | undefined) => {
  try {
    assertAdminKey(header, 'secret');
    return 200;
  } catch (error) {
    return (error as HttpError).status;
  }
};

describe('assertAdminKey', () => {
  it('answers 401 for a missing or empty header', () => {
    expect(statusOf(undefined)).toBe(401);
    expect(statusOf('')).toBe(401);
  });

  it('answers 403 for a wrong key, including a prefix of the right one', () => {
    expect(statusOf('wrong')).toBe(403);
    expect(statusOf('secre')).toBe(403);
  });

  it('accepts the right key', () => {
    expect(statusOf('secret')).toBe(200);
    expect(statusOf(['secret'])).toBe(200);
  });
});
