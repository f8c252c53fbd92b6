/** Reads a JSON-lines file of the eval sets, each line checked against a schema, errors naming file and line. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from '../errors.ts';

/** `what` names the file (`question set`) and `row` one line of it (`question row`) in the messages. */
export async function readJsonLines<T extends z.ZodTypeAny>(file: string, schema: T, what: string, row: string): Promise<z.infer<T>[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the ${what} ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UsageError(`${file}:${i + 1}: not a ${row}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    return parsed.data as z.infer<T>;
  });
}
