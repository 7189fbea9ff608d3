/** Process entry of the CLI. */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
});
