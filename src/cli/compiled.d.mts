/** The compiled command, dist/cli/main.js. */
export declare const COMPILED_ENTRY: string;
/** True when dist/cli/main.js exists and no file under src/ changed after it was written. */
export declare function compiledIsCurrent(): boolean;
