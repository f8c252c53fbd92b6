import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../src/config.ts';
import { ERROR_CATALOGUE } from '../src/errors.ts';

const README = new URL('../README.md', import.meta.url);

describe('configuration', () => {
  describe('with an empty environment', () => {
    it('should use the documented defaults and freeze them', () => {
      const config = loadConfig({});
      expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', EMBEDDING_MODEL: 'builtin', EMBED_ALLOWED_ORIGINS: ['*'], LLM_BASE_URL: undefined });
      expect(Object.isFrozen(config)).toBe(true);
    });
  });

  describe('with bad values', () => {
    it('should name every bad variable in one error', () => {
      expect(() => loadConfig({ PORT: 'eighty', LLM_BASE_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
      try {
        loadConfig({ PORT: 'eighty', LLM_BASE_URL: 'not a url', LOG_LEVEL: 'loud' });
      } catch (error) {
        expect((error as Error).message).toMatch(/PORT/u);
        expect((error as Error).message).toMatch(/LLM_BASE_URL/u);
        expect((error as Error).message).toMatch(/LOG_LEVEL/u);
      }
    });
  });

  it('should split EMBED_ALLOWED_ORIGINS on commas', () => {
    expect(loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://a.gov.cn, https://b.gov.cn' }).EMBED_ALLOWED_ORIGINS).toEqual(['https://a.gov.cn', 'https://b.gov.cn']);
  });

  it('should document every variable in the README', async () => {
    const readme = await readFile(README, 'utf8');
    for (const key of CONFIG_KEYS) expect(readme, key).toContain(`| \`${key}\` |`);
  });
});

describe('error catalogue', () => {
  it('should document every error code with its status in the README', async () => {
    const readme = await readFile(README, 'utf8');
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) expect(readme, code).toContain(`| \`${code}\` | ${status} |`);
  });
});
