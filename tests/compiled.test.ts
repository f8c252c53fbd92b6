/**
 * Which code the command runs: dist/ only while it is recorded after every source changed and each compiled
 * module is as recorded. Checked on a copy of src/cli/compiled.mjs in a folder of its own (it finds src/ and
 * dist/ beside itself), so the project's dist/, which other tests launch, is never touched.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODULE = new URL('../src/cli/compiled.mjs', import.meta.url).pathname;

describe('the compiled command', () => {
  let root: string;
  const current = async () => (await run(process.execPath, ['--input-type=module', '-e', `import { compiledIsCurrent } from ${JSON.stringify(path.join(root, 'src/cli/compiled.mjs'))}; console.log(compiledIsCurrent())`])).stdout.trim();
  const record = () => run(process.execPath, [path.join(root, 'src/cli/compiled.mjs'), '--record']);

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'policy-qa-compiled-'));
    await mkdir(path.join(root, 'src/cli'), { recursive: true });
    await mkdir(path.join(root, 'dist/cli'), { recursive: true });
    await copyFile(MODULE, path.join(root, 'src/cli/compiled.mjs'));
    await writeFile(path.join(root, 'src/cli/main.ts'), 'console.log("sources");\n');
    await writeFile(path.join(root, 'dist/cli/main.js'), 'console.log("compiled");\n');
    // Sources written before the build, as after a checkout and `npm install`.
    const past = new Date(Date.now() - 60_000);
    for (const file of ['src/cli/compiled.mjs', 'src/cli/main.ts']) await utimes(path.join(root, file), past, past);
  });

  it('should run dist/ once the build is recorded, and not before', async () => {
    expect(await current()).toBe('false');
    await record();
    expect(await current()).toBe('true');
  });

  it('should not run dist/ when a source changed after the build', async () => {
    await record();
    await writeFile(path.join(root, 'src/cli/main.ts'), 'console.log("edited");\n');
    expect(await current()).toBe('false');
  });

  it('should not run a compiled module that is not as recorded (same size, other bytes), nor one that is gone', async () => {
    await record();
    await writeFile(path.join(root, 'dist/cli/main.js'), 'console.log("COMPILED");\n');
    expect(await current()).toBe('false');
    await record();
    expect(await current()).toBe('true');
    await writeFile(path.join(root, 'dist/cli/main.js'), '');
    expect(await current()).toBe('false');
  });
});
