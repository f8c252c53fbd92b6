/**
 * The text of a library file by its kind: UTF-8 `.txt`/`.md` as they are, Word `.docx` through mammoth
 * (paragraphs as lines; tables flattened cell by cell, formatting dropped) and `.pdf` through pdfjs-dist
 * (its text layer, a `# Page N:` line before each page so clauses keep their pages). A PDF without a text
 * layer (a scan) has nothing to index and says so.
 */
import path from 'node:path';
import { decodeSeed } from './parse-file.ts';

export const LIBRARY_EXTENSIONS: readonly string[] = Object.freeze(['.txt', '.md', '.docx', '.pdf']);

export type Extracted = { text: string } | { error: string };

async function docxText(bytes: Uint8Array): Promise<Extracted> {
  // mammoth pulls in a zip reader and an XML parser: loaded on the first Word file only.
  const { default: mammoth } = await import('mammoth');
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return { text: value.replace(/\n{2,}/gu, '\n') };
}

async function pdfText(bytes: Uint8Array): Promise<Extracted> {
  // The legacy build is the one meant for Node; no worker, no fonts, no eval: only the text layer is read.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    let characters = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      characters += text.replace(/\s/gu, '').length;
      pages.push(`# Page ${n}:\n${text}`);
    }
    if (characters === 0) return { error: 'has no text layer (a scanned PDF?): run OCR on it first, or send the text' };
    return { text: pages.join('\n') };
  } finally {
    await pdf.destroy();
  }
}

/** The file's text, or why it has none; `file` names the kind by its extension. */
export async function extractText(file: string, bytes: Uint8Array): Promise<Extracted> {
  const extension = path.extname(file).toLowerCase();
  try {
    if (extension === '.docx') return await docxText(bytes);
    if (extension === '.pdf') return await pdfText(bytes);
  } catch (error) {
    return { error: `cannot be read as ${extension.slice(1).toUpperCase()}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (LIBRARY_EXTENSIONS.includes(extension)) return decodeSeed(bytes);
  return { error: `is not a supported kind of file: expected one of ${LIBRARY_EXTENSIONS.join(', ')}` };
}
