/**
 * Test helpers: real files in temp folders built from a file-tree object, a snapshot of a
 * folder to prove that nothing changed, and the built CLI run as a user would run it.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { main } from '../src/cli/main.js';
import { ConductorError } from '../src/errors.js';

export const REPO = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const CLI = path.join(REPO, 'bin/swarm-conductor.cjs');
/** Agent files from public repositories (see SOURCES.tsv), copied so the tests run from a clone. */
export const REAL_AGENTS = path.join(REPO, 'test/fixtures/real-agents');
export const EXAMPLE_PLAN = path.join(REPO, 'examples/user-auth.json');

export type Tree = { [name: string]: string | Tree };

export interface Project {
  root: string;
  path(...parts: string[]): string;
  read(relative: string): string;
  write(relative: string, content: string): void;
  exists(relative: string): boolean;
  /** Every file below the root with its content, to compare before and after. */
  snapshot(): Record<string, string>;
  remove(): void;
}

const made: string[] = [];

// The conductor's caches go to one private folder per test run, removed at the end.
export const TEST_CACHE_DIR = mkdtempSync(path.join(os.tmpdir(), 'swarm-conductor-test-cache-'));
const cacheDir = TEST_CACHE_DIR;
process.env.SWARM_CONDUCTOR_CACHE_DIR = cacheDir;
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

export function makeProject(tree: Tree = {}): Project {
  const root = mkdtempSync(path.join(os.tmpdir(), 'swarm-conductor-test-'));
  made.push(root);
  writeTree(root, tree);
  return projectAt(root);
}

/** A Project over a folder that exists already (a git clone, say); not removed by cleanup(). */
export function projectAt(root: string): Project {
  const at = (...parts: string[]) => path.join(root, ...parts);
  return {
    root,
    path: at,
    read: (relative) => readFileSync(at(relative), 'utf8'),
    write: (relative, content) => {
      mkdirSync(path.dirname(at(relative)), { recursive: true });
      writeFileSync(at(relative), content);
    },
    exists: (relative) => existsSync(at(relative)),
    snapshot: () => snapshot(root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** An empty temporary folder, removed by cleanup() like the projects. */
export function makeTempDir(prefix = 'swarm-conductor-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every project made so far; call from `test.after.each`. */
export function cleanup(): void {
  for (const root of made.splice(0)) {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}-link`, { force: true });
    rmSync(`${root}.spy.log`, { force: true });
  }
}

export function writeTree(root: string, tree: Tree): void {
  for (const [name, value] of Object.entries(tree)) {
    const target = path.join(root, name);
    if (typeof value === 'string') {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, value);
    } else {
      mkdirSync(target, { recursive: true });
      writeTree(target, value);
    }
  }
}

/** Every file below root with its content (a git repository's .git folder left out). */
export function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name === '.git') continue; // git's own bookkeeping, not the conductor's files
      if (entry.isSymbolicLink()) files[path.relative(root, full)] = `symlink → ${readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full);
      else if (entry.isFIFO()) files[path.relative(root, full)] = 'fifo';
      else files[path.relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command line in this process, in `cwd`, as a user would run it (the same parsing,
 * output and exit codes as the bin; src/cli/main.ts). Spawning adds nothing for most tests.
 */
export async function cli(cwd: string, ...args: string[]): Promise<CliResult> {
  return cliIn({}, cwd, ...args);
}

/** `cli` with changes to the environment (a home folder of the test's own, say). */
export async function cliIn(
  changes: Record<string, string | undefined>,
  cwd: string,
  ...args: string[]
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor', ...changes };
  const code = await main(
    args,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
    },
    { launcher: CLI, cwd },
  );
  return { code, stdout, stderr };
}

/** `cli`, with stdout and stderr a terminal (what a person sees: control characters made visible). */
export async function cliOnTerminal(cwd: string, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor' };
  const code = await main(
    args,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: true },
      stderr: { write: (text: string) => (stderr += text), isTTY: true },
      env,
    },
    { launcher: CLI, cwd },
  );
  return { code, stdout, stderr };
}

/** Runs the built CLI (the bundle, through its launcher) in `cwd`, as a separate process. */
export function spawnCli(cwd: string, ...args: string[]): CliResult {
  return cliWithEnv({}, cwd, ...args);
}

/** Runs the built CLI in `cwd` with these environment variables added (undefined removes one). */
export function cliWithEnv(env: Record<string, string | undefined>, cwd: string, ...args: string[]): CliResult {
  // Next-step commands name the CLI as the person types it; in tests, always plain swarm-conductor.
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    SWARM_CONDUCTOR_COMMAND: 'swarm-conductor',
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: merged as NodeJS.ProcessEnv,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built CLI without waiting, for tests that start many at once. */
export function cliAsync(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', SWARM_CONDUCTOR_COMMAND: 'swarm-conductor' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A FIFO (named pipe) at `file`, made with the system's mkfifo. */
export function makeFifo(file: string): void {
  const result = spawnSync('mkfifo', [file]);
  if (result.status !== 0) throw new Error(`mkfifo ${file} failed: ${result.stderr}`);
}

export const readJson = <T = Record<string, unknown>>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** A fixed clock that moves one second per call. */
export function fixedClock(start = '2026-01-23T00:17:01.717Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000) - 1000);
}

/** A plan object with the given steps (agent, dependencies). */
export function planOf(goal: string, steps: [agent: string, deps: number[], task?: string][]) {
  return {
    goal,
    createdAt: '2026-01-23T00:00:00.000Z',
    steps: steps.map(([agentName, dependencies, task], index) => ({
      stepNumber: index + 1,
      agentName,
      task: task ?? `Task ${index + 1} for ${agentName}`,
      dependencies,
      expectedOutputs: [`Output of step ${index + 1}`],
    })),
  };
}

/** The ConductorError a piece of work throws (sync or async); fails the test when there is none. */
export async function rejection(work: () => unknown): Promise<ConductorError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ConductorError) return error;
    throw error;
  }
  throw new Error('expected a ConductorError');
}

/** The ConductorError a synchronous piece of work throws. */
export function thrown(work: () => unknown): ConductorError {
  try {
    work();
  } catch (error) {
    if (error instanceof ConductorError) return error;
    throw error;
  }
  throw new Error('expected a ConductorError');
}

/**
 * Bad input: exit 2 (or `code`), the message on stderr without a stack, at most a few lines, nothing changed on disk.
 */
export async function refused(project: Project, args: string[], message: RegExp, code = 2): Promise<void> {
  const before = project.snapshot();
  const result = await cli(project.root, ...args);
  assert.is(result.code, code, `${args.join(' ')}: ${result.stderr}`);
  assert.match(result.stderr, message);
  assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(result.stderr.split('\n').filter(Boolean).length <= 12, 'short');
  assert.equal(project.snapshot(), before, `${args.join(' ')} changed files`);
}

/** One pattern from pieces, so a long expected message can be written across lines: `pattern(/a\./, /b/)`. */
export function pattern(...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((part) => part.source).join(''), parts[0]?.flags);
}

/**
 * Compares `actual` with the golden file test/fixtures/<file>. A missing golden file fails the
 * test; `npm run golden:update` (UPDATE_GOLDEN=1) writes them, to be read and committed.
 */
export function golden(file: string, actual: string): void {
  const full = path.join(REPO, 'test/fixtures', file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, actual);
  }
  assert.ok(existsSync(full), `test/fixtures/${file} is missing; npm run golden:update writes it`);
  assert.fixture(actual, readFileSync(full, 'utf8'));
}

/** The plan of a chain of `count` steps, each depending on the one before (one step per wave: the widest graph). */
export function chainPlan(count: number) {
  const steps = Array.from({ length: count }, (_, index) => ({
    stepNumber: index + 1,
    agentName: 'BackendMaster',
    task: `Part ${index + 1}`,
    dependencies: index === 0 ? [] : [index],
    expectedOutputs: [],
  }));
  return { goal: 'A long chain', steps };
}
