import { CodedError } from '../errors.ts';

/** Why an embedding model could not be had; each message says what was expected. */
export const EMBED_ERROR_CODES = Object.freeze({
  MODEL_NOT_FOUND: 'the model folder does not exist',
  MODEL_INVALID: 'the model folder lacks a file of the transformers.js layout',
  MODEL_NAME_INVALID: 'the model is neither "builtin", a folder nor a hub id',
  REMOTE_DISABLED: 'a hub model is not cached and downloads are not allowed',
  MODEL_LOAD_FAILED: 'transformers.js could not load or run the model',
});

export type EmbedErrorCode = keyof typeof EMBED_ERROR_CODES;

export class EmbedError extends CodedError<EmbedErrorCode> {
  override readonly name = 'EmbedError';
}
