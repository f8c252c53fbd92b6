/** `policy-qa inventory`: the parsed library scored against the hand-checked inventory of its documents. */
import type { Config } from '../config.ts';
import { formatInventory, readInventory, scoreInventory } from '../eval/inventory.ts';
import { loadLibrary } from '../library/library.ts';

export async function inventoryCommand(config: Config, options: { set: string; json?: boolean | undefined }): Promise<void> {
  const [entries, library] = await Promise.all([readInventory(options.set), loadLibrary(config.LIBRARY_DIR)]);
  const score = scoreInventory(entries, library.documents);
  if (options.json) return void process.stdout.write(`${JSON.stringify(score, null, 2)}\n`);
  const wrong = Object.entries(score.fields).flatMap(([field, { wrong: list, spurious }]) => [
    ...list.map((line) => `  ${field} ${line}`),
    ...spurious.map((line) => `  ${field} given where none is stated: ${line}`),
  ]);
  process.stdout.write(`${formatInventory(score)}\n${wrong.join('\n')}${wrong.length > 0 ? '\n' : ''}`);
}
