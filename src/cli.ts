/**
 * The bin's entry (bundled into dist/cli.cjs, started by dist/launch.cjs): runs the command line
 * on the process's own streams and sets its exit code — the only place that does.
 */
import { isatty } from 'node:tty';
import { main } from './cli/main.js';

// `swarm-conductor prompt | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

void main(
  process.argv.slice(2),
  // stdin only as whether it is a terminal: making process.stdin costs ~2 ms that few commands need.
  { stdin: { isTTY: isatty(0) }, stdout: process.stdout, stderr: process.stderr, env: process.env },
  { launcher: process.argv[1] ?? 'swarm-conductor', cwd: process.cwd() },
).then((code) => {
  process.exitCode = code;
});
