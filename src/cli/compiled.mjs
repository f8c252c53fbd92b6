// Whether dist/ (what `npm install` compiles) holds the current sources, whole: the command then runs it
// under plain node, a second or more sooner per process than compiling the TypeScript again. A source newer
// than the record of the build (an edit, a checkout), or a compiled file that is not as recorded (a build cut
// short, a damaged disk), sends the command back to the sources.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = fileURLToPath(new URL('..', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const COMPILED_ENTRY = path.join(DIST, 'cli', 'main.js');
/** Size and sha256 of every compiled module, written after tsc by `npm run build`. */
const RECORD = path.join(DIST, 'build.json');

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const compiledModules = () => readdirSync(DIST, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
  .map((entry) => path.relative(DIST, path.join(entry.parentPath, entry.name)));

/** Records what tsc just wrote (atomically: a record is whole or absent). */
export function recordCompiled() {
  const files = Object.fromEntries(compiledModules().sort().map((file) => [file, { size: statSync(path.join(DIST, file)).size, sha256: sha256(path.join(DIST, file)) }]));
  writeFileSync(`${RECORD}.tmp`, `${JSON.stringify({ files }, null, 1)}\n`);
  renameSync(`${RECORD}.tmp`, RECORD);
}

/** True when dist/ was recorded after every file under src/ changed, and every compiled module is as recorded. */
export function compiledIsCurrent() {
  let record;
  let recordedAt;
  try {
    recordedAt = statSync(RECORD).mtimeMs;
    record = JSON.parse(readFileSync(RECORD, 'utf8'));
  } catch {
    return false;
  }
  const files = Object.entries(record?.files ?? {});
  if (!files.some(([file]) => path.join(DIST, file) === COMPILED_ENTRY)) return false;
  // Strictly older: file times tick coarsely (a few ms), so a source written in the record's own tick may be newer.
  const sourcesOlder = readdirSync(SOURCES, { recursive: true, withFileTypes: true })
    .every((entry) => !entry.isFile() || statSync(path.join(entry.parentPath, entry.name)).mtimeMs < recordedAt);
  return sourcesOlder && files.every(([file, { size, sha256: hash }]) => {
    try {
      return statSync(path.join(DIST, file)).size === size && sha256(path.join(DIST, file)) === hash;
    } catch {
      return false;
    }
  });
}

// `node src/cli/compiled.mjs --record`: the last step of `npm run build`.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--record') recordCompiled();
