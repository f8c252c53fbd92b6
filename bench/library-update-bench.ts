/**
 * How long a policy added through the admin API takes to be searchable on both workers, and a removal to
 * take effect, while another client keeps POSTing /api/ask: `npx tsx bench/library-update-bench.ts
 * [--tries 5] [--clients 4]`. Runs `policy-qa serve` (WORKERS=2) over a copy of seeds/ and embeddings/ (run the tests or
 * `npm start` once first, so the copy is current). Prints one JSON object.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/config.ts';
import { PARAPHRASE, PARAPHRASE_CLAUSE, POLICY_TEXT, POLICY_TITLE } from '../tests/helpers/made-up-policy.ts';
import { spawnServe } from '../tests/helpers/serve-process.ts';

const TOKEN = 'bench-admin-token-0123456789';

/** Consecutive agreeing searches, each on a new connection: both workers, round-robin. */
const RUN = 6;
const option = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
/** Clients POSTing /api/ask back to back all along. */
const ASK_CLIENTS = option('--clients', 4);
const TRIES = option('--tries', 5);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const summary = (values: number[]) => ({ median: Math.round(median(values)), min: Math.round(Math.min(...values)), max: Math.round(Math.max(...values)) });

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'policy-qa-update-bench-'));
  await cp(path.join(PROJECT_ROOT, 'seeds'), path.join(work, 'seeds'), { recursive: true, filter: (source) => !source.includes(`${path.sep}uploads`) && !source.endsWith('removed.json') });
  await cp(path.join(PROJECT_ROOT, 'embeddings'), path.join(work, 'embeddings'), { recursive: true });
  const server = await spawnServe({ WORKERS: '2', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', LIBRARY_DIR: path.join(work, 'seeds'), EMBEDDINGS_DIR: path.join(work, 'embeddings'), DATA_DIR: path.join(work, 'data') });
  for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 300))) {
    ready = await fetch(`${server.url}/api/health`).then(async (response) => ((await response.json()) as { ready: boolean }).ready, () => false);
  }
  // The second worker starts after the first is ready.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const questions = readFileSync(path.join(PROJECT_ROOT, 'eval', 'dev.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { question: string }).question);
  let asks = 0;
  let askErrors = 0;
  const askMs: number[] = [];
  let loading = true;
  const load = Array.from({ length: ASK_CLIENTS }, async (_, client) => {
    for (let n = client; loading; n += ASK_CLIENTS) {
      const began = performance.now();
      const ok = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: `${questions[n % questions.length]}${n}` }) })
        .then((response) => response.json().then(() => response.ok), () => false);
      askMs.push(performance.now() - began);
      asks++;
      if (!ok) askErrors++;
    }
  });
  const search = async (title: string): Promise<boolean> => {
    const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: PARAPHRASE, k: '5' })}`, { headers: { connection: 'close' } });
    const { results } = (await response.json()) as { results: { docTitle: string; clause: string }[] };
    return results.some((hit) => hit.docTitle === title && hit.clause === PARAPHRASE_CLAUSE);
  };
  const until = async (title: string, present: boolean): Promise<void> => {
    for (let streak = 0; streak < RUN; ) streak = (await search(title)) === present ? streak + 1 : 0;
  };
  const added: number[] = [];
  const answered: number[] = [];
  const removed: number[] = [];
  for (let i = 1; i <= TRIES; i++) {
    const title = `${POLICY_TITLE}（第${i}批）`;
    const began = performance.now();
    const response = await fetch(`${server.url}/api/admin/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filename: `bench-${i}.txt`, content: POLICY_TEXT.replace(POLICY_TITLE, title) }),
    });
    const { documents } = (await response.json()) as { documents: { id: string }[] };
    answered.push(performance.now() - began);
    await until(title, true);
    added.push(performance.now() - began);
    const removing = performance.now();
    await fetch(`${server.url}/api/admin/documents/${documents[0]?.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    await until(title, false);
    removed.push(performance.now() - removing);
  }
  loading = false;
  await Promise.all(load);
  server.kill();
  await server.exited;
  await rm(work, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({
    tries: TRIES,
    library: 'seeds/ (all five files)',
    askClients: ASK_CLIENTS,
    postAnsweredMs: summary(answered),
    postToSearchableOnBothWorkersMs: summary(added),
    deleteToGoneOnBothWorkersMs: summary(removed),
    askDuringUpdates: { requests: asks, errors: askErrors, p50Ms: Math.round(median(askMs)), p99Ms: Math.round([...askMs].sort((a, b) => a - b)[Math.floor(askMs.length * 0.99)] ?? 0) },
  }, null, 2)}\n`);
}

await main();
