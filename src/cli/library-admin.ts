/**
 * `policy-qa add FILE…`, `policy-qa remove DOC_ID` and `policy-qa rebuild`: the library changed from the
 * terminal, with the indexes brought up to date on disk. A server running on the same folders serves the
 * change at its next start, or at once when made through the admin API instead.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import { LibraryChangeError } from '../library/changes.ts';
import { createLogger } from '../logger.ts';
import { type Runtime, startRuntime } from '../runtime.ts';

async function readyRuntime(config: Config): Promise<Runtime> {
  const runtime = startRuntime(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'stderr'));
  await runtime.started;
  const { ready, error } = runtime.status();
  if (!ready) throw new UsageError(`the library could not be loaded: ${error ?? 'unknown reason'}`);
  return runtime;
}

/** A library mistake (an unsupported file, an unknown id) is the user's: one line, exit 2. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LibraryChangeError) throw new UsageError(error.message);
    throw error;
  }
}

export async function addCommand(config: Config, files: string[]): Promise<void> {
  const runtime = await readyRuntime(config);
  for (const file of files) {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
    });
    const documents = await asUsage(() => runtime.addFile(file, bytes));
    for (const document of documents) process.stdout.write(`added ${document.id}  ${document.title}  (${document.chunks} chunks, ${document.source})\n`);
  }
  runtime.close();
}

export async function removeCommand(config: Config, id: string): Promise<void> {
  const runtime = await readyRuntime(config);
  const document = await asUsage(() => runtime.removeDocument(id));
  process.stdout.write(`removed ${document.id}  ${document.title}\n`);
  runtime.close();
}

export async function rebuildCommand(config: Config): Promise<void> {
  const runtime = await readyRuntime(config);
  await runtime.rebuild();
  const { chunks, model } = runtime.status();
  process.stdout.write(`rebuilt ${model ?? 'no dense model'} over ${chunks} chunks\n`);
  runtime.close();
}
