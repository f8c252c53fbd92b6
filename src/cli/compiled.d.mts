/** The compiled command, dist/cli/main.js. */
export declare const COMPILED_ENTRY: string;
/** Records the size and sha256 of every compiled module (the last step of `npm run build`). */
export declare function recordCompiled(): void;
/** True when dist/ was recorded after every file under src/ changed, and every compiled module is as recorded. */
export declare function compiledIsCurrent(): boolean;
