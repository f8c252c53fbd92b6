/**
 * A server's shutdown, seen by its routes: once draining, responses close their connection (keep-alive
 * clients go away after their answer); once the bound expires, answers still running stop their LLM and
 * give the extractive answer, so every request in flight still gets one.
 */
import type { RequestHandler, Response } from 'express';

export class Shutdown {
  private readonly expiry = new AbortController();
  private readonly pending = new Set<Response>();
  draining = false;

  /** Aborted when the bound expires. */
  get deadline(): AbortSignal {
    return this.expiry.signal;
  }

  begin(): void {
    this.draining = true;
    for (const res of this.pending) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  expire(): void {
    this.expiry.abort();
  }

  /** What an answer runs under: the client leaving, or shutdown's bound expiring. */
  signalFor(gone: AbortSignal): AbortSignal {
    return AbortSignal.any([gone, this.deadline]);
  }

  /** Tracks responses in flight, and closes the connection of each answered while draining. */
  readonly track: RequestHandler = (_req, res, next) => {
    if (this.draining) res.setHeader('Connection', 'close');
    this.pending.add(res);
    res.on('close', () => this.pending.delete(res));
    next();
  };
}
