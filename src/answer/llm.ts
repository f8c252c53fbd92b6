/**
 * The optional LLM back end: any OpenAI-compatible chat server (Ollama `/v1`, vLLM, DeepSeek, Qwen
 * DashScope compatible mode) through LangChain's ChatOpenAI. It writes the answer from the retrieved
 * clauses only; the caller falls back to the extractive answer when it rejects.
 */
import { ChatOpenAI } from '@langchain/openai';
import { cleanMarkers, visibleText } from './llm-clean.ts';
import { buildPrompt, type LlmInput } from './llm-prompt.ts';
import { CodedError } from '../errors.ts';

export { buildPrompt, type LlmClause, type LlmInput, type LlmTurn } from './llm-prompt.ts';

export interface LlmOptions {
  /** The OpenAI-compatible root, including its `/v1` (e.g. `http://127.0.0.1:11434/v1` for Ollama). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** For the whole answer, first byte to last token. */
  timeoutMs: number;
}

export interface LlmBackend {
  readonly model: string;
  /** Streams the answer; calls onToken for each piece; resolves with the final cleaned text. Rejects on error/timeout. */
  answer(input: LlmInput, onToken?: (text: string) => void, signal?: AbortSignal): Promise<string>;
}

export const LLM_ERROR_CODES = Object.freeze({
  LLM_OPTIONS_INVALID: 'the LLM options need an http(s) baseUrl, a model name and a positive timeoutMs',
  LLM_TIMEOUT: 'the LLM server did not finish the answer within timeoutMs',
  LLM_ABORTED: 'the caller cancelled the answer',
  LLM_HTTP_ERROR: 'the LLM server answered with an error status',
  LLM_UNREACHABLE: 'the LLM server could not be reached, or the connection broke',
  LLM_EMPTY: 'the LLM server returned no answer text',
});

export type LlmErrorCode = keyof typeof LLM_ERROR_CODES;

export class LlmError extends CodedError<LlmErrorCode> {
  override readonly name = 'LlmError';
  /** The HTTP status the server answered with, for LLM_HTTP_ERROR. */
  readonly status: number | undefined;

  constructor(code: LlmErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, { cause: options?.cause });
    this.status = options?.status;
  }
}

/** Ollama and vLLM need no key, but the OpenAI client refuses to start without one. */
const PLACEHOLDER_API_KEY = 'no-key';
const TEMPERATURE = 0.1;
/** About 300 characters of Chinese, or a list, with room to spare; bounds a model that rambles. */
const MAX_TOKENS = 1024;
const CLIENT_TIMEOUT_SLACK_MS = 1000;

function validate(options: LlmOptions): void {
  const problems: string[] = [];
  if (!/^https?:\/\/[^/]/u.test(options.baseUrl)) problems.push(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
  if (options.model.trim() === '') problems.push('model must not be empty');
  if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) problems.push(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
  if (problems.length > 0) throw new LlmError('LLM_OPTIONS_INVALID', `invalid LLM options: ${problems.join('; ')}`);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/** Whatever LangChain or the OpenAI client threw, as an LlmError saying what happened. */
function toLlmError(error: unknown, options: LlmOptions, signal: AbortSignal): LlmError {
  if (signal.aborted && signal.reason instanceof LlmError) return signal.reason;
  if (error instanceof LlmError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError') return new LlmError('LLM_TIMEOUT', `LLM server ${options.baseUrl} timed out: ${detail}`, { cause: error });
  const status = statusOf(error);
  if (status !== undefined) {
    const hint = status === 404 ? ' (does the base URL end with /v1, and is the model name right?)' : '';
    return new LlmError('LLM_HTTP_ERROR', `LLM server ${options.baseUrl} answered HTTP ${status}${hint}: ${detail}`, { cause: error, status });
  }
  return new LlmError('LLM_UNREACHABLE', `LLM server ${options.baseUrl} failed: ${detail}`, { cause: error });
}

export function createLlmBackend(options: LlmOptions): LlmBackend {
  validate(options);
  const chat = new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey || PLACEHOLDER_API_KEY,
    configuration: { baseURL: options.baseUrl },
    // Our own timer ends the whole answer at timeoutMs; the client's, a little later, is only a backstop.
    timeout: options.timeoutMs + CLIENT_TIMEOUT_SLACK_MS,
    maxRetries: 0,
    streaming: true,
    // `stream_options.include_usage` is refused by some compatible servers, and the usage is not needed.
    streamUsage: false,
    temperature: TEMPERATURE,
    maxTokens: MAX_TOKENS,
  });

  async function stream(input: LlmInput, onToken: ((text: string) => void) | undefined, signal: AbortSignal): Promise<string> {
    let raw = '';
    let shown = 0;
    const chunks = await chat.stream(buildPrompt(input), { signal });
    for await (const chunk of chunks) {
      if (signal.aborted) break;
      raw += chunk.text;
      const visible = visibleText(raw, false);
      if (visible.length > shown) {
        onToken?.(visible.slice(shown));
        shown = visible.length;
      }
    }
    signal.throwIfAborted();
    return raw;
  }

  return {
    model: options.model,
    async answer(input, onToken, callerSignal) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new LlmError('LLM_TIMEOUT', `LLM server ${options.baseUrl} did not finish within ${options.timeoutMs} ms`)), options.timeoutMs);
      const onCallerAbort = (): void => controller.abort(new LlmError('LLM_ABORTED', LLM_ERROR_CODES.LLM_ABORTED));
      if (callerSignal?.aborted) onCallerAbort();
      callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
      try {
        const raw = await stream(input, onToken, controller.signal);
        const text = cleanMarkers(visibleText(raw, true), new Set(input.clauses.map((clause) => clause.n)));
        if (text === '') throw new LlmError('LLM_EMPTY', `LLM server ${options.baseUrl} returned no answer text for model ${options.model}`);
        return text;
      } catch (error) {
        throw toLlmError(error, options, controller.signal);
      } finally {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
        // Ends a stream still open after a rejection, so the server stops generating.
        controller.abort(new LlmError('LLM_ABORTED', 'the answer is finished'));
      }
    },
  };
}
