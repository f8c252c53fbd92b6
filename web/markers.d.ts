/** Types of markers.js for the tests (the web code itself is plain JavaScript). */
export type AnswerPart = { type: 'text'; text: string } | { type: 'marker'; n: number; raw: string };
import type { LabelledCitation } from './citation-label.js';
export interface CopyableCitation extends LabelledCitation { n: number; docTitle: string; clause: string }
export function splitMarkers(text: string): AnswerPart[];
export function stripMarkers(text: string): string;
export function answerForCopy(answer: { answer: string; citations: CopyableCitation[] }): string;
export function quotesFor(text: string, n: number): string[];
export function clauseWords(quote: string): string;
export function quoteRanges(text: string, quotes: string[]): Array<[number, number]>;
