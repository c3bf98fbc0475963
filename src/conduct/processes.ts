/**
 * Running a program in the person's terminal — their editor on a prompt file, an agent CLI on
 * a step — and waiting for it. The program gets the terminal (stdin, stdout, stderr); Ctrl-C
 * goes to it, not to `run`, which carries on when it exits.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ConductorError } from '../errors.js';
import { agentPromptPath } from '../state/paths.js';
import { projectFile, writeFileAtomic } from '../util/fs.js';
import { shellWords } from './agent-cli.js';
import type { Env } from '../types.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs `argv` and resolves when it exits. `onStart` runs once the program has started (not
 * when it could not be), while it runs; its failure is the result, once the program has exited.
 */
export function runInTerminal(argv: readonly string[], cwd: string, env: Env, onStart?: () => unknown): Promise<Exit> {
  const ignore = () => {};
  process.on('SIGINT', ignore);
  let started: Promise<unknown> = Promise.resolve();
  return new Promise<Exit>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: 'inherit' });
    child.once('spawn', () => {
      started = Promise.resolve().then(onStart);
      started.catch(() => {}); // looked at once the program has exited
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new ConductorError('NOT_FOUND', `${argv[0]} was not found on PATH`, {
              hint: 'install it, or give the command that starts it',
            })
          : error,
      );
    });
    child.on('exit', (code, signal) => resolve(started.then(() => ({ code, signal }))));
  }).finally(() => process.off('SIGINT', ignore));
}

/** The person's editor: $VISUAL, then $EDITOR, then vi; `code -w` and the like are split into words. */
export function editorCommand(env: Env): string[] {
  return shellWords(env.VISUAL || env.EDITOR || 'vi');
}

/**
 * `{promptFile}` of an agent command: a file holding only what the agent is given, the prompt
 * without the header comments meant for the person (how to paste it, how to record the step).
 * It is `step-<n>-<agent>.agent-prompt.md` beside the step's prompt: inside the project, so an
 * agent CLI that reads only its workspace can read it, and project-relative, like every path
 * `run` hands over. It is written just before the CLI starts and removed when `work` ends (the
 * CLI has exited), so it is never committed, never taken for the step's transcript, and a
 * retry has nothing more to move aside. Returns what `work` returns.
 */
export async function withAgentPromptFile<T>(
  root: string,
  promptPath: string,
  text: string,
  work: () => Promise<T>,
): Promise<T> {
  const file = projectFile(root, agentPromptPath(promptPath), "the agent's prompt file");
  writeFileAtomic(file, text, { durable: false });
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
