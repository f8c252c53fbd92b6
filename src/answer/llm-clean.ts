/**
 * Cleaning what a language model wrote: citation markers brought to the `[k]` form of the extractive
 * answer, markers that point to no retrieved clause removed, and reasoning (`<think>…</think>`) dropped.
 */

/** What the model is told to say when the clauses do not answer; the answerer turns it into a refusal. */
export const LLM_REFUSAL = '政策库中没有相关规定';

/**
 * A marker as models write it: `[1]`, `［1］`, `【1】`, `[^1]`, `[1,2]`, `[1、3]`, `[1-3]`. Only one- or
 * two-digit numbers count, so a year in brackets (`[2023]`) is text, not a marker. `〔2023〕` (document
 * numbers) is never a marker.
 */
const MARKER_GROUP = /[ \t]*[[［【][ \t]*\^?[ \t]*(\d{1,2}(?:[ \t]*(?:[,，、;；]|[-–~～至])[ \t]*\d{1,2})*)[ \t]*[\]］】]/gu;
const MARKER_RUN = /(?:\[\d+\])+/gu;
/** A run of markers before the sentence's end goes after it, as in the extractive answer (`…元。[1]`). */
const MARKERS_BEFORE_STOP = /((?:\[\d+\])+)([。！？；!?;])/gu;
/** A range wider than this is not a citation (`[1-99]`); it is dropped rather than expanded. */
const MAX_RANGE = 10;

function numbersOf(group: string): number[] {
  const numbers: number[] = [];
  for (const part of group.split(/[ \t]*[,，、;；][ \t]*/u)) {
    const range = /^(\d+)[ \t]*[-–~～至][ \t]*(\d+)$/u.exec(part);
    if (!range) {
      numbers.push(Number(part));
      continue;
    }
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from || to - from >= MAX_RANGE) continue;
    for (let k = from; k <= to; k++) numbers.push(k);
  }
  return numbers;
}

/** Removes citation markers [k] whose k is not one of the given clause numbers; normalizes 【1】/[1,2]/[1][2] forms to [k]. */
export function cleanMarkers(text: string, valid: ReadonlySet<number>): string {
  const normalized = text.replace(MARKER_GROUP, (_match, group: string) => {
    const kept = [...new Set(numbersOf(group))].filter((k) => valid.has(k));
    return kept.map((k) => `[${k}]`).join('');
  });
  return normalized
    .replace(MARKERS_BEFORE_STOP, (_match, markers: string, stop: string) => `${stop}${markers}`)
    .replace(MARKER_RUN, (run) => [...new Set(run.match(/\[\d+\]/gu) ?? [])].join(''))
    .trim();
}

/** The clause numbers a cleaned answer cites, in order of first use. */
export function markersIn(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1])))];
}

/** Every marker-like bracket removed; for earlier answers, whose numbers refer to clauses no longer shown. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER_GROUP, '');
}

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/**
 * The text without reasoning blocks. Reasoning models served through an OpenAI-compatible API
 * (DeepSeek-R1 distills, Qwen3 on older Ollama) put `<think>…</think>` in the content itself, and some
 * templates open the block for the model so only `</think>` arrives. While streaming (`final` false), an
 * unclosed block and a tail that may be the start of `<think>` are held back as not yet visible.
 */
export function visibleText(raw: string, final: boolean): string {
  let visible = raw.replace(/<think>[\s\S]*?<\/think>/gu, '');
  const orphanClose = visible.lastIndexOf(THINK_CLOSE);
  if (orphanClose >= 0) visible = visible.slice(orphanClose + THINK_CLOSE.length);
  const open = visible.indexOf(THINK_OPEN);
  if (open >= 0) visible = visible.slice(0, open);
  if (final) return visible;
  for (let length = Math.min(THINK_OPEN.length - 1, visible.length); length > 0; length--) {
    if (THINK_OPEN.startsWith(visible.slice(-length))) return visible.slice(0, -length);
  }
  return visible;
}
