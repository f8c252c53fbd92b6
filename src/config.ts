/** All configuration, from environment variables, validated once at start-up and frozen. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, so defaults work from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The question sets that eval, bench and tests read: copies of the shared dev set, kept in the repository. */
export const DEV_SET = path.join(PROJECT_ROOT, 'eval', 'dev.jsonl');
/** The hand-checked inventory of the seeds' documents. */
export const DEV_INVENTORY = path.join(PROJECT_ROOT, 'eval', 'documents.jsonl');

const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/u }).optional());
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  WORKERS: z.coerce.number().int().min(1).max(64).default(Math.min(2, availableParallelism())),
  LIBRARY_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'seeds')),
  EMBEDDINGS_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'embeddings')),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  EMBEDDING_MODEL: z.string().min(1).default('builtin'),
  ALLOW_REMOTE_MODELS: bool.default(true),
  HF_ENDPOINT: optionalUrl,
  DENSE_WEIGHT: z.coerce.number().min(0).max(2).default(0.3),
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  EMBED_ALLOWED_ORIGINS: z.string().default('*'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  ADMIN_TOKEN: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config extends Omit<RawConfig, 'EMBED_ALLOWED_ORIGINS'> {
  /** Origins that may embed the widget and call the API from a page; ['*'] allows all. */
  EMBED_ALLOWED_ORIGINS: readonly string[];
}

/** Documented in the README; the order here is the order there. */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof RawConfig)[];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses configuration from an environment (process.env by default); throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const picked = Object.fromEntries(CONFIG_KEYS.map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const result = ConfigSchema.safeParse(picked);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`invalid configuration:\n${problems}`);
  }
  const origins = result.data.EMBED_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  return Object.freeze({ ...result.data, EMBED_ALLOWED_ORIGINS: origins.length > 0 ? origins : ['*'] });
}
