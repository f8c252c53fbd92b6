/** Types of page-options.js for the tests (the web code itself is plain JavaScript). */
export const DEFAULT_WELCOME: string;
export interface PageOptions { embed: boolean; title: string | null; color: string | null; welcome: string }
export function readPageOptions(search: string): PageOptions;
