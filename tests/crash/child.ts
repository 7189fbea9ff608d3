/**
 * The process the crash test kills: `node child.ts <operation> <ledger file> <template file>`.
 * Prints `go` when the operation starts and `done <ms>` when it has finished.
 */
import { CRASH_OPERATIONS } from './operations.ts';

const [name, file, template] = process.argv.slice(2);
const op = name ? CRASH_OPERATIONS[name] : undefined;
if (!op || !file || !template) {
  process.stderr.write('usage: child.ts <operation> <ledger file> <template file>\n');
  process.exit(2);
}
let started = 0;
await op.run(file, () => {
  started = performance.now();
  process.stdout.write('go\n');
}, template);
process.stdout.write(`done ${Math.round(performance.now() - started)}\n`);
