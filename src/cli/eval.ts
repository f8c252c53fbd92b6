/** `policy-qa eval --set FILE`: retrieval quality of every retriever, and answer quality, on a question set. */
import type { Config } from '../config.ts';
import { evaluateAnswers, formatAnswerReport } from '../eval/answer-eval.ts';
import { evaluateRetrievers, formatReports, readQuestionSet } from '../eval/run-eval.ts';
import { createLogger } from '../logger.ts';
import { startRuntime } from '../runtime.ts';

export async function evalCommand(config: Config, options: { set: string; k: number; json?: boolean | undefined }): Promise<void> {
  const questions = await readQuestionSet(options.set);
  const runtime = startRuntime(config, createLogger(options.json ? 'warn' : config.LOG_LEVEL, 'stderr'));
  await runtime.started;
  const reports = await evaluateRetrievers(runtime.searcher(), questions, options.k);
  const answers = await evaluateAnswers(runtime.answerer(), runtime.searcher(), questions);
  process.stdout.write(options.json
    ? `${JSON.stringify({ set: options.set, k: options.k, retrievers: reports, answers }, null, 2)}\n`
    : `${formatReports(reports)}\n${formatAnswerReport(answers)}\n`);
}
