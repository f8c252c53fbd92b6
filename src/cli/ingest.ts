/** `policy-qa ingest` and `policy-qa chunks`: the library as the parser sees it. */
import { SingleBar } from 'cli-progress';
import type { Config } from '../config.ts';
import { loadLibrary } from '../library/library.ts';

export async function ingestCommand(config: Config, options: { json?: boolean | undefined }): Promise<void> {
  const bar = options.json ? null : new SingleBar({ format: 'parsing {bar} {value}/{total} files  {file}', stream: process.stderr, hideCursor: true });
  let started = false;
  const library = await loadLibrary(config.LIBRARY_DIR, (file, done, total) => {
    if (bar && !started) {
      bar.start(total, 0, { file });
      started = true;
    }
    bar?.update(done, { file });
  });
  bar?.stop();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ documents: library.documents, chunks: library.chunks.length })}\n`);
    for (const warning of library.warnings) process.stderr.write(`warning: ${warning}\n`);
    return;
  }
  const lines = library.files.map((file) => {
    const documents = library.documents.filter((doc) => doc.source === file);
    const chunks = documents.reduce((sum, doc) => sum + doc.chunks, 0);
    return `  ${file}: ${documents.length} document${documents.length === 1 ? '' : 's'}, ${chunks} chunks`;
  });
  process.stdout.write(`${config.LIBRARY_DIR}\n${lines.join('\n')}\n`);
  process.stdout.write(`total: ${library.documents.length} documents, ${library.chunks.length} chunks\n`);
  for (const warning of library.warnings) process.stdout.write(`warning: ${warning}\n`);
}

export async function chunksCommand(config: Config): Promise<void> {
  const library = await loadLibrary(config.LIBRARY_DIR);
  const lines = library.chunks.map((chunk) => JSON.stringify({
    id: chunk.id, docId: chunk.docId, docTitle: chunk.docTitle, clause: chunk.clause, source: chunk.source,
    page: chunk.page, pages: chunk.pages, start: chunk.start, end: chunk.end, text: chunk.text,
  }));
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const warning of library.warnings) process.stderr.write(`warning: ${warning}\n`);
}
