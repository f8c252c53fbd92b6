/** `policy-qa` sub-commands; each lives in its own module, loaded only when run, and gets validated configuration. */
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEV_INVENTORY, DEV_SET, loadConfig, PROJECT_ROOT, type Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import type { BenchOptions } from './bench.ts';

function config(): Readonly<Config> {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`policy-qa: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function positiveIntList(value: string): number[] {
  return value.split(',').map((part) => positiveInt(part.trim()));
}

// `policy-qa chunks --jsonl | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

const program = new Command()
  .name('policy-qa')
  .description('Answers questions about Chinese business-environment policies, citing the clauses it relies on')
  .version(packageVersion())
  .showHelpAfterError();

program
  .command('serve')
  .description('start the web chat and API server (PORT, HOST)')
  .action(async () => (await import('./serve.ts')).serveCommand(config()));
program
  .command('build')
  .description('build the built-in model and the indexes into EMBEDDINGS_DIR, then exit (what a first serve does)')
  .action(async () => (await import('./build.ts')).buildCommand(config()));
program
  .command('ingest')
  .description('parse the policy library and summarize documents and chunks')
  .option('--json', 'print one JSON object to stdout')
  .action(async (options: { json?: boolean }) => (await import('./ingest.ts')).ingestCommand(config(), options));
program
  .command('chunks')
  .description('print every chunk')
  .option('--jsonl', 'one JSON object a line (the only format)', true)
  .action(async () => (await import('./ingest.ts')).chunksCommand(config()));

program
  .command('add')
  .description('add policy files (.txt, .md, .docx, .pdf) to the library; a file of the same name is replaced')
  .argument('<files...>', 'the files')
  .action(async (files: string[]) => (await import('./library-admin.ts')).addCommand(config(), files));
program
  .command('remove')
  .description('remove a document from the library for good (seed files are left as they are)')
  .argument('<docId>', 'the document id, as GET /api/documents lists it')
  .action(async (id: string) => (await import('./library-admin.ts')).removeCommand(config(), id));
program
  .command('rebuild')
  .description('remake the built-in model from the whole library, then every dense vector')
  .action(async () => (await import('./library-admin.ts')).rebuildCommand(config()));

program
  .command('eval')
  .description('score retrieval (lexical, dense, hybrid) on a question set, by question type')
  .option('--set <file>', 'question set, one JSON object a line (see eval/README.md)', DEV_SET)
  .option('--k <n>', 'passages retrieved per question', positiveInt, 10)
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { set: string; k: number; json?: boolean }) => (await import('./eval.ts')).evalCommand(config(), options));

program
  .command('inventory')
  .description('score the parsed documents against the hand-checked inventory (title, date, 文号, issuer, region, city, status)')
  .option('--set <file>', 'inventory, one JSON object a line (see eval/README.md)', DEV_INVENTORY)
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { set: string; json?: boolean }) => (await import('./inventory.ts')).inventoryCommand(config(), options));

program
  .command('ask')
  .description('answer a question with citations, in the terminal')
  .argument('<question>', 'the question, in Chinese')
  .option('--json', 'print the answer object as JSON')
  .action(async (question: string, options: { json?: boolean }) => (await import('./ask.ts')).askCommand(config(), question, options));
program
  .command('search')
  .description('show the clauses retrieval finds for a query')
  .argument('<query>', 'the query')
  .option('--k <n>', 'how many clauses', positiveInt, 5)
  .option('--json', 'print JSON')
  .action(async (query: string, options: { k: number; json?: boolean }) => (await import('./ask.ts')).searchCommand(config(), query, options));

program
  .command('bench')
  .description('the server under load against its own GET /api/health floor, first build, restart and a naive baseline; or the cost curve with --scale')
  .option('--set <file>', 'question set to draw questions from (default: eval/dev.jsonl)')
  .option('--seconds <n>', 'seconds of load per run', positiveInt, 5)
  .option('--concurrency <list>', 'connections of the load runs, comma-separated', positiveIntList, [1, 16, 64])
  .option('--scale <list>', 'instead: libraries of N copies of the seeds, comma-separated (×1 is always measured), e.g. 1,10,30', positiveIntList)
  .option('--scale-seconds <n>', 'seconds of sequential asks per library with --scale', positiveInt, 5)
  .action(async (options: BenchOptions) => (await import('./bench.ts')).benchCommand(config(), options));
program
  .command('bench-baseline', { hidden: true })
  .description('the naive baseline server the benchmark compares against')
  .action(async () => (await import('./bench.ts')).baselineCommand(config()));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`policy-qa: ${error.message}\n`);
  process.exit(2);
}
