#!/usr/bin/env node
// The `policy-qa` command: the compiled JavaScript when it is current, else the TypeScript sources
// as they are (tsx compiles them on the way in), so an edit takes effect without a build.
import { COMPILED_ENTRY, compiledIsCurrent } from './compiled.mjs';

if (compiledIsCurrent()) {
  await import(COMPILED_ENTRY);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
