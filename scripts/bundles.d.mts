/** Types of scripts/bundles.mjs (for the import benchmark, which builds the bundles it runs). */
/** Every Node bundle of the app (the main process, its threads, the preload). */
export declare const nodeBundleOptions: Record<string, unknown>;
export declare const VENDORED: Record<string, string>;
export declare const mainProcessOptions: Record<string, unknown>;
/** Build `entries` ({ out file name: source file, or [source file, more external modules] }) into `outDir`, and the vendored libraries into `outDir`/vendor. */
export declare function buildMainBundles(root: string, outDir: string, entries: Record<string, string | [string, string[]]>): Promise<void>;
