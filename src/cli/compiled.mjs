// Whether dist/ (what `npm install` compiles) holds the current sources: the command then runs it
// under plain node, a second or more sooner per process than compiling the TypeScript again. Any
// source newer than the compiled entry (an edit, a checkout) sends the command back to the sources.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = fileURLToPath(new URL('..', import.meta.url));
export const COMPILED_ENTRY = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** True when dist/cli/main.js exists and no file under src/ changed after it was written. */
export function compiledIsCurrent() {
  let compiledAt;
  try {
    compiledAt = statSync(COMPILED_ENTRY).mtimeMs;
  } catch {
    return false;
  }
  return readdirSync(SOURCES, { recursive: true, withFileTypes: true })
    .every((entry) => !entry.isFile() || statSync(path.join(entry.parentPath, entry.name)).mtimeMs <= compiledAt);
}
