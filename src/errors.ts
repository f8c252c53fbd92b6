/** One error type with a code and an HTTP status, and the catalogue of every code. */

export const ERROR_CATALOGUE = Object.freeze({
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  INVALID_JSON: { status: 400, message: 'Malformed JSON in request body: expected a JSON object' },
  UNAUTHORIZED: { status: 401, message: 'Send the admin token as Authorization: Bearer <ADMIN_TOKEN>' },
  NOT_FOUND: { status: 404, message: 'No such resource' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as JSON with Content-Type: application/json' },
  UNSUPPORTED_FILE_TYPE: { status: 415, message: 'Upload a .txt, .md, .docx or .pdf file' },
  UNREADABLE_FILE: { status: 422, message: 'The file holds no text that can be indexed' },
  FORBIDDEN_ORIGIN: { status: 403, message: 'This origin may not use the API' },
  RATE_LIMITED: { status: 429, message: 'Too many requests, slow down' },
  TOO_MANY_IN_FLIGHT: { status: 429, message: 'At most 2 questions at a time on one connection: wait for an answer first' },
  NOT_READY: { status: 503, message: 'The index is still being built; try again shortly' },
  DENSE_UNAVAILABLE: { status: 503, message: 'Dense retrieval is unavailable (no embedding model or dense index could be loaded); use retriever=hybrid or retriever=lexical' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error that says which of a catalogue's cases it is; every stage's errors extend it. */
export class CodedError<Code extends string> extends Error {
  constructor(readonly code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An error a client caused or should see: it carries the HTTP status of its code. */
export class AppError extends CodedError<ErrorCode> {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(code: ErrorCode, message: string = ERROR_CATALOGUE[code].message, readonly details?: unknown) {
    super(code, message);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** A command-line mistake (a missing or malformed input file): one line on stderr, exit 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
