/**
 * An agent CLI in its headless JSON mode, on one step: the command line (from its file in
 * `src/targets/`: mode flags, permissions, the config's limits, the prompt), and the process,
 * started in a process group of its own so that a timeout or Ctrl-C stops it and everything it
 * started. Its stdout, the event stream, is the step's transcript; each line is also handed on
 * as it comes, for progress.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import type { HeadlessAgent } from '../config/define.js';
import type { ResolvedHeadless } from '../config/validate.js';
import { quoteWord, shellWords } from '../conduct/agent-cli.js';
import { ConductorError } from '../errors.js';
import { headlessTargets, targetNamed } from '../targets/index.js';
import type { TranscriptFormat } from '../transcripts/record.js';
import type { Env } from '../types.js';

export interface HeadlessCommand {
  /** `claude`, or the program of a command line of your own. */
  name: string;
  /** The CLI as people know it (`Claude Code`). */
  label: string;
  /** The format of its stream, when it is a known CLI. */
  format: TranscriptFormat | undefined;
  /** The permission flags it gets, and what they allow (printed before the run starts). */
  permissions: { flags: string[]; allows: string; fromConfig: boolean };
  /** Its turn and spending limits, as flags (empty when none apply). */
  limits: string[];
  /** The command line for a step's prompt; `shown` with the prompt elided. */
  argv(prompt: string, promptFile: string, transcript: string): { argv: string[]; shown: string };
  usesPromptFile: boolean;
}

/**
 * The headless command of `--agent <name | "command line">`. A command line of your own gets the
 * prompt as its last argument unless it names `{prompt}` or `{promptFile}`; it gets no flags of ours.
 */
export function headlessCommand(agent: string, settings: ResolvedHeadless): HeadlessCommand {
  const target = targetNamed(agent);
  const names = headlessTargets().map((candidate) => candidate.name);
  if (target && !target.headless) {
    throw new ConductorError('USAGE', `${agent} (${target.label}) has no headless mode to run a step in`, {
      hint: `name one of ${names.join(', ')}, or give the command line that runs your agent CLI`,
    });
  }
  if (target?.headless) {
    const headless = target.headless;
    const own = settings.permissions[target.name as HeadlessAgent];
    const permissions = own
      ? { flags: [...own], allows: 'what the config gives it (headless.permissions)', fromConfig: true }
      : { flags: [...headless.permissions.flags], allows: headless.permissions.allows, fromConfig: false };
    const limits = [
      ...(settings.maxTurns !== undefined && headless.maxTurns ? headless.maxTurns(settings.maxTurns) : []),
      ...(settings.maxBudgetUsd !== undefined && headless.maxBudgetUsd
        ? headless.maxBudgetUsd(settings.maxBudgetUsd)
        : []),
    ];
    const words = [...headless.command, ...permissions.flags, ...limits, ...headless.prompt];
    return {
      name: target.name,
      label: target.label,
      format: headless.format,
      permissions,
      limits,
      argv: (prompt, promptFile, transcript) => filled(words, prompt, promptFile, transcript),
      usesPromptFile: words.some((word) => word.includes('{promptFile}')),
    };
  }
  let words = shellWords(agent);
  if (words.length === 0) {
    throw new ConductorError('USAGE', 'the agent command is empty', {
      hint: `name one of ${names.join(', ')}, or give the command line that runs your agent CLI`,
    });
  }
  if (!words.some((word) => word.includes('{prompt}') || word.includes('{promptFile}'))) words = [...words, '{prompt}'];
  return {
    name: words[0]!,
    label: words[0]!,
    format: undefined,
    permissions: {
      flags: [],
      allows: 'whatever your command line gives it: no flags of ours are added',
      fromConfig: false,
    },
    limits: [],
    argv: (prompt, promptFile, transcript) => filled(words, prompt, promptFile, transcript),
    usesPromptFile: words.some((word) => word.includes('{promptFile}')),
  };
}

function filled(words: readonly string[], prompt: string, promptFile: string, transcript: string) {
  const fill = (word: string, text: string) =>
    word.replaceAll('{promptFile}', promptFile).replaceAll('{transcript}', transcript).replaceAll('{prompt}', text);
  const elided = `<the prompt, ${prompt.length.toLocaleString('en')} characters>`;
  return {
    argv: words.map((word) => fill(word, prompt)),
    shown: words.map((word) => quoteWord(fill(word, elided))).join(' '),
  };
}

/**
 * Refuses an agent program that is not on PATH before anything starts (no worktree, no state
 * written): found only when it is spawned, a step would have been started for nothing. A path
 * relative to a folder (`./agent.sh`) is left to the spawn: it is found from the step's worktree.
 */
export function checkProgram(command: HeadlessCommand, env: Env): void {
  const program = command.argv('', '', '').argv[0]!;
  if (program.includes('/') && !path.isAbsolute(program)) return;
  const candidates = path.isAbsolute(program)
    ? [program]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, program));
  if (candidates.some(executable)) return;
  throw new ConductorError('NOT_FOUND', `${program} was not found on PATH`, {
    hint: 'install it, or give the command line that starts it with --agent "<command>"; nothing was started',
  });
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return false;
    throw error;
  }
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It ran past the step's time limit and was stopped. */
  timedOut: boolean;
  /** `stop()` was called (Ctrl-C): the run is being interrupted. */
  stopped: boolean;
  /** The last lines it wrote to stderr, for the error a failed step gets. */
  stderr: string[];
}

export interface RunningAgent {
  done: Promise<AgentExit>;
  /** Stops its process group: SIGTERM, then SIGKILL if it is still there after a grace period. */
  stop(): void;
}

export interface AgentProcessOptions {
  cwd: string;
  env: Env;
  /** Where its stdout goes, byte for byte. */
  transcriptFile: string;
  timeoutMs: number;
  /** Each line of its stdout, as it comes. */
  onLine(line: string): void;
}

const GRACE_MS = 3000;
const STDERR_LINES = 20;

/** Starts the agent CLI; rejects only when it cannot be started (not on PATH). */
export function startAgent(argv: readonly string[], options: AgentProcessOptions): Promise<RunningAgent> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(options.transcriptFile);
    // detached: a process group of its own, which a terminal's Ctrl-C does not reach (the conductor
    // stops it, and records the step), and which a timeout can stop whole.
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let stopped = false;
    const stderr: string[] = [];
    let partial = '';
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup('SIGTERM');
      killer ??= setTimeout(() => killGroup('SIGKILL'), GRACE_MS);
      killer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out.write(chunk);
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) options.onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line.trim()),
      );
      stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      out.end();
      reject(
        error.code === 'ENOENT'
          ? new ConductorError('NOT_FOUND', `${argv[0]} was not found on PATH`, {
              hint: 'install it, or give the command line that starts it with --agent "<command>"',
            })
          : error,
      );
    });
    child.once('spawn', () => {
      const done = new Promise<AgentExit>((settle) => {
        child.once('exit', () => {
          clearTimeout(timer);
          // Something it started may still hold its stdout open: the stream ends when that goes too.
          setTimeout(() => killGroup('SIGKILL'), 2000).unref();
        });
        child.once('close', (code, signal) => {
          clearTimeout(timer);
          if (killer) clearTimeout(killer);
          // What it started and left behind (a server, a watcher) goes with it.
          killGroup('SIGKILL');
          if (partial) options.onLine(partial);
          out.end(() => settle({ code, signal, timedOut, stopped, stderr: [...stderr] }));
        });
      });
      resolve({
        done,
        stop: () => {
          stopped = true;
          stop();
        },
      });
    });
  });
}
