/**
 * An error that already knows its HTTP answer. Route handlers and helpers throw it; the server
 * turns it into a JSON response in one place, so no handler writes error responses itself.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** A request field that failed validation: `400 { error: 'validation', field, message }`. */
export class ValidationError extends HttpError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(400, { error: 'validation', field, message });
    this.name = 'ValidationError';
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;
