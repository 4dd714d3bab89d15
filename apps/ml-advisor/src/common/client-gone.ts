import type { Request, Response } from 'express';

/**
 * A signal that aborts when the HTTP client goes away before we answered (its own timeout), so
 * work done for nobody — a hung fault, a queued inference — is dropped.
 */
export function clientGone(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}
