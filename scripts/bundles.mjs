/**
 * The main-process bundles (esbuild, CommonJS), shared by scripts/build.mjs and the import
 * benchmark (which measures the import as it ships).
 *
 * Libraries only a few paths use are bundled apart, each into its own file under vendor/, and
 * loaded from there when first used (`await import('exceljs')` becomes a require of
 * ./vendor/exceljs.js): SheetJS reads legacy .xls and writes filing forms, exceljs writes
 * workbooks. Bundled inline they cost every thread that loads a bundle their whole source
 * (importHost.js was 5.4 MB, 22 MB of memory once loaded; without them 1.3 MB and 7 MB),
 * though a roster in .xlsx or .csv never runs them. The main process still loads both at start
 * (the export modules import them), as before.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/** Import specifier → the file under vendor/ that holds it. */
export const VENDORED = {
  'exceljs': 'exceljs.js',
  '@e965/xlsx': 'xlsx.js',
  '@e965/xlsx/dist/cpexcel.full': 'xlsx-cpexcel.js',
};

/** Every Node bundle of the app (the main process, its threads, the preload): CommonJS for Node 22. */
export const nodeBundleOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: false, logLevel: 'warning', legalComments: 'none' };

/**
 * Imports of a vendored library become a module of the bundle that requires its file beside the
 * bundle at run time: `await import('exceljs')` then stays a lazy require (an import() of the file
 * itself would be left to Node's ES module loader, which sees only a CommonJS file's default).
 */
const vendorPlugin = {
  name: 'vendored',
  setup(b) {
    const names = Object.keys(VENDORED).map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'vendored' }));
    b.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./vendor/${VENDORED[args.path]}`)});`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendored' }, (args) => ({ path: args.path, external: true }));
  },
};

/** Bundles that run as the main process or its worker threads: import.meta.url is the bundle's own file. */
export const mainProcessOptions = {
  ...nodeBundleOptions,
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  plugins: [vendorPlugin],
};

/**
 * Build `entries` ({ out file name: source file, or [source file, more external modules] })
 * into `outDir`, with better-sqlite3 left to require, and the vendored libraries into `outDir`/vendor.
 */
export async function buildMainBundles(root, outDir, entries) {
  for (const [out, entry] of Object.entries(entries)) {
    const [source, external] = Array.isArray(entry) ? entry : [entry, []];
    await build({ ...mainProcessOptions, entryPoints: [path.join(root, source)], outfile: path.join(outDir, out), external: ['better-sqlite3', ...external] });
  }
  const vendorDir = path.join(outDir, 'vendor');
  fs.mkdirSync(vendorDir, { recursive: true });
  for (const [specifier, file] of Object.entries(VENDORED)) {
    await build({
      ...nodeBundleOptions,
      stdin: { contents: `module.exports = require(${JSON.stringify(specifier)});`, resolveDir: root, loader: 'js' },
      outfile: path.join(vendorDir, file),
    });
  }
}
