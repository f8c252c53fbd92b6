/**
 * BM25F over a fixed set of passages: each passage has several fields (its text, its document's
 * title and region…) weighted and length-normalized separately, then saturated once.
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Weight of each field, in the order the fields are given. */
  fieldWeights: readonly number[];
}

export interface ScoredIndex {
  index: number;
  score: number;
}

/** Everything a built index holds, as arrays that can be written to disk and read back. */
export interface Bm25Snapshot {
  /** Term strings by term id. */
  terms: string[];
  size: number;
  k1: number;
  b: number;
  /** Average token count of each field when the index was built: passages added later are normalized by it. */
  averages: number[];
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Float32Array;
  idfs: Float32Array;
}

/** Queries whose lists hold fewer postings than this are scanned whole (a library of the seeds' size). */
const PRUNE_FROM_POSTINGS = 16_384;

export class Bm25Index {
  readonly size: number;
  private readonly k1: number;
  private readonly b: number;
  private readonly averages: number[];
  private readonly termIds: Map<string, number>;
  /** Postings of term t are `docs/tfs[offsets[t] … offsets[t+1])`: one per passage, ascending (sorted on construction). */
  private readonly offsets: Uint32Array;
  private readonly docs: Uint32Array;
  /** Weighted, length-normalized term frequency per posting, ready for saturation. */
  private readonly tfs: Float32Array;
  private readonly idfs: Float32Array;
  private readonly scores: Float32Array;
  private readonly seen: Uint8Array;
  /** The passages a search has scored so far, in the order first scored (scratch, one slot per passage). */
  private readonly touched: Uint32Array;
  /** The candidates that can still reach the top `limit` while the last terms complete them (scratch). */
  private readonly live: Uint32Array;
  /** How often the query being read has each term (scratch, all 0 between queries). */
  private readonly repeats: Uint32Array;
  /** Per term, the most one occurrence can add to a score (see `search`); NaN until a query needs it. */
  private readonly bounds: Float64Array;

  private constructor(snapshot: Bm25Snapshot) {
    const termCount = snapshot.terms.length;
    const postings = snapshot.docs.length;
    if (snapshot.offsets.length !== termCount + 1 || snapshot.idfs.length !== termCount || snapshot.tfs.length !== postings || snapshot.offsets[termCount] !== postings) {
      throw new Error('a BM25 snapshot whose arrays do not fit together');
    }
    this.size = snapshot.size;
    this.k1 = snapshot.k1;
    this.b = snapshot.b;
    this.averages = snapshot.averages;
    this.termIds = new Map(snapshot.terms.map((term, id) => [term, id]));
    this.offsets = snapshot.offsets;
    this.docs = snapshot.docs;
    this.tfs = snapshot.tfs;
    this.sortPostings();
    this.idfs = snapshot.idfs;
    this.scores = new Float32Array(this.size);
    this.seen = new Uint8Array(this.size);
    this.touched = new Uint32Array(this.size);
    this.live = new Uint32Array(this.size);
    this.bounds = new Float64Array(termCount).fill(Number.NaN);
    this.repeats = new Uint32Array(termCount);
  }

  /** Pruned search finds postings by binary search: each term's list must be ascending by passage. */
  private sortPostings(): void {
    const { offsets, docs, tfs } = this;
    for (let t = 0; t + 1 < offsets.length; t++) {
      const start = offsets[t] as number;
      const end = offsets[t + 1] as number;
      let sorted = true;
      for (let j = start + 1; j < end && sorted; j++) sorted = (docs[j - 1] as number) < (docs[j] as number);
      if (sorted) continue;
      const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => (docs[a] as number) - (docs[b] as number));
      const sortedDocs = order.map((j) => docs[j] as number);
      const sortedTfs = order.map((j) => tfs[j] as number);
      docs.set(sortedDocs, start);
      tfs.set(sortedTfs, start);
    }
  }

  static restore(snapshot: Bm25Snapshot): Bm25Index {
    return new Bm25Index(snapshot);
  }

  snapshot(): Bm25Snapshot {
    return { terms: [...this.termIds.keys()], size: this.size, k1: this.k1, b: this.b, averages: this.averages, offsets: this.offsets, docs: this.docs, tfs: this.tfs, idfs: this.idfs };
  }

  /** `passages[i][f]` are the tokens of field f of passage i. */
  static build(passages: readonly (readonly (readonly string[])[])[], options: Bm25Options): Bm25Index {
    const { fieldWeights } = options;
    const b = options.b ?? 0.75;
    const size = passages.length;
    const termIds = new Map<string, number>();
    const averages = fieldWeights.map((_, f) => passages.reduce((sum, fields) => sum + (fields[f]?.length ?? 0), 0) / Math.max(1, size) || 1);
    // One (term, passage, weight) triple per token, in passage order; grouped by term below.
    let total = 0;
    for (const fields of passages) fields.forEach((tokens, f) => (total += (fieldWeights[f] ?? 0) === 0 ? 0 : tokens.length));
    const terms = new Uint32Array(total);
    const owners = new Uint32Array(total);
    const weights = new Float32Array(total);
    let k = 0;
    for (let i = 0; i < passages.length; i++) {
      const fields = passages[i] as readonly (readonly string[])[];
      for (let f = 0; f < fields.length; f++) {
        const tokens = fields[f] as readonly string[];
        const weight = fieldWeights[f] ?? 0;
        if (weight === 0 || tokens.length === 0) continue;
        const norm = weight / (1 - b + (b * tokens.length) / (averages[f] ?? 1));
        for (const token of tokens) {
          let id = termIds.get(token);
          if (id === undefined) termIds.set(token, (id = termIds.size));
          terms[k] = id;
          owners[k] = i;
          weights[k++] = norm;
        }
      }
    }
    const termCount = termIds.size;
    const starts = new Uint32Array(termCount + 1);
    for (const term of terms) starts[term + 1] = (starts[term + 1] as number) + 1;
    for (let t = 0; t < termCount; t++) starts[t + 1] = (starts[t + 1] as number) + (starts[t] as number);
    // Counting sort by term keeps passage order, so repeats of a term in one passage are adjacent.
    const fill = starts.slice(0, termCount);
    const sortedDocs = new Uint32Array(total);
    const sortedWeights = new Float32Array(total);
    for (let j = 0; j < total; j++) {
      const term = terms[j] as number;
      const at = fill[term] as number;
      fill[term] = at + 1;
      sortedDocs[at] = owners[j] as number;
      sortedWeights[at] = weights[j] as number;
    }
    const offsets = new Uint32Array(termCount + 1);
    const docs = new Uint32Array(total);
    const tfs = new Float32Array(total);
    const idfs = new Float32Array(termCount);
    let out = 0;
    for (let t = 0; t < termCount; t++) {
      offsets[t] = out;
      for (let j = starts[t] as number; j < (starts[t + 1] as number); j++) {
        const doc = sortedDocs[j] as number;
        if (out > (offsets[t] as number) && docs[out - 1] === doc) tfs[out - 1] = (tfs[out - 1] as number) + (sortedWeights[j] as number);
        else {
          docs[out] = doc;
          tfs[out] = sortedWeights[j] as number;
          out++;
        }
      }
      const df = out - (offsets[t] as number);
      idfs[t] = Math.log(1 + (size - df + 0.5) / (df + 0.5));
    }
    offsets[termCount] = out;
    return new Bm25Index({ terms: [...termIds.keys()], size, k1: options.k1 ?? 1.2, b, averages, offsets, docs: docs.slice(0, out), tfs: tfs.slice(0, out), idfs });
  }

  /**
   * A new index for a changed set of passages, leaving this one to serve until it is swapped out: passage
   * i of the new index is passage `keep[i]` of this one, or, where that is -1, the tokens `added.get(i)`.
   * Postings are copied and renumbered, new passages' appended, and every idf recomputed for the new
   * passage count; nothing kept is tokenized again. Field lengths are normalized by the averages of the
   * last full build.
   */
  update(keep: Int32Array, added: ReadonlyMap<number, readonly (readonly string[])[]>, fieldWeights: readonly number[]): Bm25Index {
    const renumber = new Int32Array(this.size).fill(-1);
    keep.forEach((old, i) => {
      if (old >= 0) renumber[old] = i;
    });
    const addedPostings = new Map<string, { docs: number[]; tfs: number[] }>();
    for (const [doc, fields] of added) {
      const tf = new Map<string, number>();
      fields.forEach((tokens, f) => {
        const weight = fieldWeights[f] ?? 0;
        if (weight === 0 || tokens.length === 0) return;
        const norm = weight / (1 - this.b + (this.b * tokens.length) / (this.averages[f] ?? 1));
        for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + norm);
      });
      for (const [token, value] of tf) {
        let list = addedPostings.get(token);
        if (!list) addedPostings.set(token, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(value);
      }
    }
    const size = keep.length;
    let capacity = this.docs.length;
    for (const list of addedPostings.values()) capacity += list.docs.length;
    const terms: string[] = [];
    const offsets = new Uint32Array(this.termIds.size + addedPostings.size + 1);
    const docs = new Uint32Array(capacity);
    const tfs = new Float32Array(capacity);
    const idfs = new Float32Array(this.termIds.size + addedPostings.size);
    let out = 0;
    const append = (extra: { docs: number[]; tfs: number[] } | undefined) => {
      if (!extra) return;
      docs.set(extra.docs, out);
      tfs.set(extra.tfs, out);
      out += extra.docs.length;
    };
    /** Ends the postings of `term` begun at `start`; a term no passage has any more is dropped. */
    const close = (term: string, start: number) => {
      const df = out - start;
      if (df === 0) return;
      offsets[terms.length] = start;
      idfs[terms.length] = Math.log(1 + (size - df + 0.5) / (df + 0.5));
      terms.push(term);
    };
    for (const [term, id] of this.termIds) {
      const start = out;
      for (let j = this.offsets[id] as number, end = this.offsets[id + 1] as number; j < end; j++) {
        const doc = renumber[this.docs[j] as number] as number;
        if (doc < 0) continue;
        docs[out] = doc;
        tfs[out++] = this.tfs[j] as number;
      }
      append(addedPostings.get(term));
      addedPostings.delete(term);
      close(term, start);
    }
    for (const [term, extra] of addedPostings) {
      const start = out;
      append(extra);
      close(term, start);
    }
    offsets[terms.length] = out;
    return new Bm25Index({
      terms, size, k1: this.k1, b: this.b, averages: this.averages,
      offsets: offsets.slice(0, terms.length + 1), docs: docs.slice(0, out), tfs: tfs.slice(0, out), idfs: idfs.slice(0, terms.length),
    });
  }

  has(token: string): boolean {
    return this.termIds.has(token);
  }

  /** Share of the passages that have a token (0 for one that none has). */
  share(token: string): number {
    const id = this.termIds.get(token);
    return id === undefined || this.size === 0 ? 0 : ((this.offsets[id + 1] as number) - (this.offsets[id] as number)) / this.size;
  }

  /** Inverse document frequency of a token; a token no passage has gets the highest. */
  idf(token: string): number {
    const id = this.termIds.get(token);
    return id === undefined ? Math.log(1 + (this.size + 0.5) / 0.5) : (this.idfs[id] as number);
  }

  /** The most one occurrence of term `id` in a query can add to a passage's score: its best saturated tf. */
  private bound(id: number): number {
    let best = 0;
    for (let j = this.offsets[id] as number, end = this.offsets[id + 1] as number; j < end; j++) best = Math.max(best, this.tfs[j] as number);
    return ((this.idfs[id] as number) * best * (this.k1 + 1)) / (best + this.k1);
  }

  private boundOf(id: number): number {
    let bound = this.bounds[id] as number;
    if (Number.isNaN(bound)) this.bounds[id] = bound = this.bound(id);
    return bound;
  }

  /**
   * Passages matching any query token, best first; `accept` filters passages by index.
   *
   * MaxScore-style pruning, so that a common term (企业, 政策) costs what its rare companions leave open
   * rather than one step per passage that has it: terms are scanned from the highest possible
   * contribution down; before a list longer than the candidates found so far, if the `limit`-th best
   * candidate already beats everything the remaining terms could add, no unseen passage can enter the
   * top `limit`. The remaining terms then only complete the candidates that still can (binary search in
   * their ascending postings, or one marked pass), dropping those that fall out of reach after each.
   * The top `limit` and their scores are exactly those of a full scan.
   */
  search(tokens: readonly string[], limit: number, accept?: (index: number) => boolean): ScoredIndex[] {
    const terms = this.queryTerms(tokens);
    // Short lists are scanned faster than candidates are checked: prune only where the scan is long.
    let postings = 0;
    for (const { id } of terms) postings += (this.offsets[id + 1] as number) - (this.offsets[id] as number);
    const prune = postings >= PRUNE_FROM_POSTINGS;
    let remaining = terms.reduce((sum, term) => sum + term.bound, 0);
    const { touched } = this;
    let count = 0;
    let threshold = -Infinity;
    /** What the threshold can be at most now. */
    let reachable = 0;
    let next = 0;
    for (; next < terms.length; next++) {
      const { id, weight, bound } = terms[next] as QueryTerm;
      const start = this.offsets[id] as number;
      const end = this.offsets[id + 1] as number;
      // A check costs a pass over the candidates: only before a list not much shorter than they are, and
      // only when it can succeed: the threshold has grown by at most the bounds scanned since the last one.
      if (prune && count >= limit && 4 * (end - start) > count && reachable > remaining) {
        threshold = this.kthBest(touched.subarray(0, count), limit, accept);
        reachable = threshold;
        // The slack covers float32 rounding in the summed scores.
        if (threshold > remaining * (1 + 1e-5)) break;
      }
      const { docs, tfs, k1, scores, seen } = this;
      for (let j = start; j < end; j++) {
        const doc = docs[j] as number;
        const tf = tfs[j] as number;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched[count++] = doc;
        }
        scores[doc] = (scores[doc] as number) + (weight * tf * (k1 + 1)) / (tf + k1);
      }
      remaining -= bound;
      reachable += bound;
    }
    const scanned = touched.subarray(0, count);
    let candidates: Uint32Array = scanned;
    if (next < terms.length) {
      // Each completed term lowers what the rest can add, so fewer candidates can still reach the threshold.
      // Loops over scratch arrays, not filter callbacks: at ×10 of the seeds they were half of a search.
      const { scores, live } = this;
      let alive = 0;
      for (let i = 0; i < count; i++) {
        const doc = touched[i] as number;
        if ((!accept || accept(doc)) && canReach(scores[doc] as number, remaining, threshold)) live[alive++] = doc;
      }
      let ascending = false;
      for (; next < terms.length && alive > 0; next++) {
        const term = terms[next] as QueryTerm;
        ascending = this.complete(term, live.subarray(0, alive), ascending);
        remaining -= term.bound;
        let kept = 0;
        for (let i = 0; i < alive; i++) {
          const doc = live[i] as number;
          if (canReach(scores[doc] as number, remaining, threshold)) live[kept++] = doc;
        }
        alive = kept;
      }
      candidates = live.subarray(0, alive);
    }
    // Keep the best `limit` in a min-heap over the score buffer: no object per candidate.
    const heap = new MinHeap(limit, this.scores);
    for (let i = 0; i < candidates.length; i++) {
      const doc = candidates[i] as number;
      if (candidates !== scanned || !accept || accept(doc)) heap.offer(doc);
    }
    const results = heap.drain();
    for (let i = 0; i < count; i++) {
      const doc = touched[i] as number;
      this.scores[doc] = 0;
      this.seen[doc] = 0;
    }
    return results;
  }

  /** The query's known terms, each once with its repeat count folded into its weight, highest bound first. */
  private queryTerms(tokens: readonly string[]): QueryTerm[] {
    const terms: QueryTerm[] = [];
    const { repeats } = this;
    for (const token of tokens) {
      const id = this.termIds.get(token);
      if (id === undefined) continue;
      if (repeats[id] === 0) terms.push({ id, weight: 0, bound: 0 });
      repeats[id] = (repeats[id] as number) + 1;
    }
    for (const term of terms) {
      const repeat = repeats[term.id] as number;
      repeats[term.id] = 0;
      term.weight = repeat * (this.idfs[term.id] as number);
      term.bound = repeat * this.boundOf(term.id);
    }
    return terms.sort((a, b) => b.bound - a.bound);
  }

  /** Score of the `limit`-th best accepted candidate (−∞ when fewer are accepted). */
  private kthBest(candidates: Uint32Array, limit: number, accept?: (index: number) => boolean): number {
    const heap = new MinHeap(limit, this.scores);
    for (const doc of candidates) if (!accept || accept(doc)) heap.offer(doc);
    return heap.full() ? heap.min() : -Infinity;
  }

  /**
   * Adds a term's contribution to each of `candidates` that has it: by binary search when they are few
   * against the term's postings (sorting them in place first, unless `ascending` says they are), else in one
   * pass over the postings with the candidates marked. Returns whether the candidates are now ascending.
   */
  private complete({ id, weight }: QueryTerm, candidates: Uint32Array, ascending: boolean): boolean {
    const { docs, tfs, k1, scores, seen } = this;
    const start = this.offsets[id] as number;
    const end = this.offsets[id + 1] as number;
    const add = (j: number) => {
      const tf = tfs[j] as number;
      const doc = docs[j] as number;
      scores[doc] = (scores[doc] as number) + (weight * tf * (k1 + 1)) / (tf + k1);
    };
    if (candidates.length * Math.log2(end - start + 1) < end - start) {
      if (!ascending) candidates.sort();
      let low = start;
      for (const doc of candidates) {
        let high = end;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if ((docs[middle] as number) < doc) low = middle + 1;
          else high = middle;
        }
        if (low === end) break;
        if (docs[low] === doc) add(low);
      }
      return true;
    }
    for (const doc of candidates) seen[doc] = 2;
    for (let j = start; j < end; j++) if (seen[docs[j] as number] === 2) add(j);
    for (const doc of candidates) seen[doc] = 1;
    return ascending;
  }
}

interface QueryTerm {
  id: number;
  /** idf × how often the query has the term. */
  weight: number;
  /** The most the term can add to any passage's score. */
  bound: number;
}

/**
 * Whether a candidate scoring `score` so far can still reach `threshold` with what the remaining terms add.
 * The slack covers float32 rounding in the summed scores: a candidate scoring the threshold itself must stay.
 */
function canReach(score: number, remaining: number, threshold: number): boolean {
  return (score + Math.max(0, remaining)) * (1 + 1e-5) >= threshold;
}

/**
 * The order of a ranking: by score, and among equal scores the earlier passage first, so that which passages
 * make the top k does not depend on the order they were scored in (libraries repeat clauses word for word).
 */
function ranksBelow(key: number, doc: number, otherKey: number, otherDoc: number): boolean {
  return key < otherKey || (key === otherKey && doc > otherDoc);
}

/** A bounded min-heap of passage indices ordered by `scores`; `drain` gives them best first. */
class MinHeap {
  /** The passages held, and beside each its score (read once, not through `scores` at every comparison). */
  private readonly items: Uint32Array;
  private readonly keys: Float32Array;
  private length = 0;

  constructor(private readonly limit: number, private readonly scores: Float32Array) {
    this.items = new Uint32Array(limit);
    this.keys = new Float32Array(limit);
  }

  offer(doc: number): void {
    const { items, keys } = this;
    const key = this.scores[doc] as number;
    if (this.length < this.limit) {
      let i = this.length++;
      // Sift up: the new passage rises past every parent ranking below it.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!ranksBelow(key, doc, keys[parent] as number, items[parent] as number)) break;
        items[i] = items[parent] as number;
        keys[i] = keys[parent] as number;
        i = parent;
      }
      items[i] = doc;
      keys[i] = key;
      return;
    }
    if (ranksBelow(key, doc, keys[0] as number, items[0] as number)) return;
    // Sift down from the root: the lower-ranking child rises while it ranks below the new passage.
    const { length } = this;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      let smallestKey = key;
      let smallestDoc = doc;
      if (left < length && ranksBelow(keys[left] as number, items[left] as number, smallestKey, smallestDoc)) {
        smallest = left;
        smallestKey = keys[left] as number;
        smallestDoc = items[left] as number;
      }
      if (right < length && ranksBelow(keys[right] as number, items[right] as number, smallestKey, smallestDoc)) smallest = right;
      if (smallest === i) break;
      items[i] = items[smallest] as number;
      keys[i] = keys[smallest] as number;
      i = smallest;
    }
    items[i] = doc;
    keys[i] = key;
  }

  full(): boolean {
    return this.length >= this.limit;
  }

  /** The lowest score held; only meaningful when not empty. */
  min(): number {
    return this.keys[0] as number;
  }

  drain(): ScoredIndex[] {
    const results: ScoredIndex[] = [];
    for (let i = 0; i < this.length; i++) results.push({ index: this.items[i] as number, score: this.keys[i] as number });
    return results.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
