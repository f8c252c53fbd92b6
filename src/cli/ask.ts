/** `policy-qa ask "问题"` and `policy-qa search "问题"`: the answer or the clauses, in the terminal. */
import { AskRequestSchema } from '../answer/schema.ts';
import type { Config } from '../config.ts';
import { describeIssues } from '../server/validate.ts';
import { createLogger } from '../logger.ts';
import { type Runtime, startRuntime } from '../runtime.ts';

async function readyRuntime(config: Config): Promise<Runtime> {
  const runtime = startRuntime(config, createLogger('warn', 'stderr'));
  await runtime.started;
  return runtime;
}

/** The same rules as POST /api/ask: a bad question stops with the reason and exit code 2. */
function checked(question: string): string {
  const parsed = AskRequestSchema.safeParse({ question });
  if (parsed.success) return parsed.data.question;
  process.stderr.write(`policy-qa: ${describeIssues(parsed.error)}\n`);
  process.exit(2);
}

export async function askCommand(config: Config, question: string, options: { json?: boolean | undefined }): Promise<void> {
  const answer = await (await readyRuntime(config)).answerer().answer({ question: checked(question) });
  if (options.json) return void process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  const lines = [answer.answer, ''];
  for (const citation of answer.citations) {
    const where = [citation.docNumber, citation.clause, citation.pageLabel].filter(Boolean).join('，');
    lines.push(`[${citation.n}] ${citation.docTitle} ${where}`, `    ${citation.text.replace(/\s*\n\s*/gu, ' ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function searchCommand(config: Config, query: string, options: { k: number; json?: boolean | undefined }): Promise<void> {
  const hits = await (await readyRuntime(config)).searcher().search(checked(query), { k: options.k });
  if (options.json) return void process.stdout.write(`${JSON.stringify(hits.map(({ chunk, score }) => ({ ...chunk, score })), null, 2)}\n`);
  for (const [i, { chunk, score }] of hits.entries()) {
    process.stdout.write(`${i + 1}. ${score.toFixed(2)}  ${chunk.docTitle} ${chunk.clause}${chunk.page === null ? '' : ` p.${chunk.page}`}\n   ${chunk.text.replace(/\s*\n\s*/gu, ' ').slice(0, 160)}\n`);
  }
}
