/**
 * What kind of work a shell line does, stage by stage: does it invoke a test runner, install
 * a package, run a script (which may run tests of its own), only print data (`cat`, `echo`,
 * `grep` — which can print a runner's summary without running anything), build or lint. And
 * whether the line's exit status speaks for its test run: not when the runner pipes into
 * `tail` without `pipefail`, runs in the background, or is followed by `; echo done` or `|| true`.
 */
import { allPipelines, commandWords, type Pipeline, parseShell, type Stage } from './shell.js';

export type StageKind = 'test' | 'install' | 'script' | 'print' | 'build' | 'lint' | 'other';

export interface CommandAnalysis {
  /** A stage invokes a test runner. */
  tests: boolean;
  /** A stage could have run tests of its own: a script, `make`, `npm run x`, a task runner. */
  mayTest: boolean;
  /** Every stage only prints or filters data. */
  printsOnly: boolean;
  install: boolean;
  build: boolean;
  lint: boolean;
  /** The line's exit status is the test run's (see the module comment). */
  exitSpeaksForTests: boolean;
  /** …the build's, the lint run's. */
  exitSpeaksForBuild: boolean;
  exitSpeaksForLint: boolean;
  /** The test run was sent to the background with `&`. */
  background: boolean;
  /** The folder the test run ran in, from `cd` before it (`.` for none). */
  folder: string;
  /** The test run is end-to-end (Playwright, Cypress, an `e2e` script). */
  e2e: boolean;
}

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const INSTALL_WORDS = new Set(['install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'update', 'up', 'upgrade']);
const TEST_SCRIPT =
  /(?:^|[:_-])(?:test|tests|spec|specs|e2e|unit|integration|cypress|playwright|jest|vitest)(?:$|[:_-])/i;
const E2E = /e2e|playwright|cypress|end-to-end/i;
const RUNNERS = new Set([
  'jest',
  'vitest',
  'mocha',
  'uvu',
  'ava',
  'tap',
  'tape',
  'jasmine',
  'karma',
  'pytest',
  'py.test',
  'tox',
  'nox',
  'unittest',
  'rspec',
  'phpunit',
  'pest',
  'ctest',
  'bats',
  'nextest',
]);
const PRINTERS = new Set(
  (
    'cat bat echo printf grep egrep fgrep rg ag ack head tail less more sed awk jq yq wc sort uniq cut tr ls find ' +
    'tree file stat diff column fold nl tac xxd od strings true false test [ sleep pwd which type realpath ' +
    'dirname basename date tee'
  ).split(' '),
);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish']);

/** Words of a package-manager command without its options (`--prefix web`, `-w api`, `--silent`). */
function managerArgs(words: string[]): string[] {
  const rest: string[] = [];
  for (let at = 1; at < words.length; at++) {
    const word = words[at]!;
    if (/^--?(?:prefix|filter|dir|cwd|workspace|C|w|F)$/.test(word)) {
      at++;
      continue;
    }
    if (word.startsWith('-')) continue;
    rest.push(word);
  }
  return rest;
}

/** Options that make a runner list, explain or configure itself instead of running tests. */
const NOT_A_RUN = /^(?:--collect-only|--co|--list|--list-tests|--listTests|--version|-V|--help|-h|--init)$/;

/** What one stage of a pipeline does. */
export function stageKind(stage: Stage): StageKind {
  const kind = kindOf(commandWords(stage));
  return kind === 'test' && stage.words.some((word) => NOT_A_RUN.test(word)) ? 'other' : kind;
}

function kindOf(words: string[]): StageKind {
  const name = (words[0] ?? '').split('/').pop()!;
  const args = words.slice(1).filter((word) => !word.startsWith('-'));
  const [first = '', second = ''] = args;
  if (PACKAGE_MANAGERS.has(name)) {
    const [verb = '', script = ''] = managerArgs(words);
    if (INSTALL_WORDS.has(verb) || verb === 'create' || verb === 'init' || verb === 'dlx') return 'install';
    if (verb === 'test' || verb === 't' || verb === 'tst') return 'test';
    const run = verb === 'run' || verb === 'run-script' ? script : name !== 'npm' ? verb : '';
    if (run && TEST_SCRIPT.test(run)) return 'test';
    if (run === 'build' || /^build(?::|$)/.test(run)) return 'build';
    if (/^(?:lint|typecheck|type-check|tsc|check-types|format:check)(?::|$)/.test(run)) return 'lint';
    return run ? 'script' : 'other';
  }
  if (RUNNERS.has(name)) return 'test';
  if (name === 'node' && words.includes('--test')) return 'test';
  if (name === 'playwright' || name === 'cypress') return first === 'test' || first === 'run' ? 'test' : 'install';
  if (name === 'go')
    return first === 'test' ? 'test' : first === 'build' ? 'build' : first === 'vet' ? 'lint' : 'other';
  if (name === 'cargo' || name === 'cargo-nextest') {
    if (first === 'test' || first === 'nextest') return 'test';
    if (first === 'build') return 'build';
    if (first === 'clippy') return 'lint';
    if (first === 'install' || first === 'add' || first === 'fetch') return 'install';
    return 'other';
  }
  if (name === 'dotnet') return first === 'test' ? 'test' : first === 'build' ? 'build' : 'other';
  if (/^(?:ng|react-scripts|vue-cli-service|ember|rush|meteor|hardhat|forge|sbt|lein|stack|cabal|zig)$/.test(name))
    return /^test(?::|$)/.test(first) ? 'test' : first === 'build' ? 'build' : 'other';
  if (/^mvnw?$/.test(name))
    return args.some((word) => /^(?:test|verify|integration-test)$/.test(word)) ? 'test' : 'build';
  if (/^gradlew?$/.test(name))
    return args.some((word) => /(?:^|:)(?:test|check|\w*Test)$/.test(word)) ? 'test' : 'build';
  if (name === 'deno' || name === 'swift' || name === 'mix' || name === 'flutter' || name === 'dart') {
    return first === 'test' ? 'test' : 'other';
  }
  if (name === 'rake' || name === 'rails') return /^(?:test|spec)/.test(first) ? 'test' : 'other';
  if (name === 'make' || name === 'just' || name === 'task' || name === 'nx' || name === 'turbo' || name === 'lerna') {
    const target = first === 'run' ? second : first;
    if (/test|check|spec|e2e/i.test(target)) return 'test';
    if (name === 'make' && (!target || target === 'all' || target === 'build')) return 'build';
    return 'script';
  }
  if (/^python[\d.]*$/.test(name) && /manage\.py$/.test(first) && second === 'test') return 'test';
  if (PRINTERS.has(name) || name === 'git' || name === 'gh') return 'print';
  if (/^(?:pip[\d.]*|uv|poetry|gem|bundle|brew|apt|apt-get|apk|yum|dnf|composer)$/.test(name)) {
    return /^(?:install|add|sync|update|upgrade)$/.test(first) ? 'install' : 'other';
  }
  if (/^(?:eslint|biome|ruff|flake8|pylint|mypy|golangci-lint|rubocop|prettier|stylelint|shellcheck)$/.test(name))
    return 'lint';
  if (name === 'tsc') return words.includes('--noEmit') ? 'lint' : 'build';
  if (/^(?:vite|next|webpack|esbuild|rollup|tsup)$/.test(name)) return first === 'build' || !first ? 'build' : 'other';
  if (SHELLS.has(name) || /\.(?:sh|bash|py|js|mjs|cjs|ts|rb|pl|ps1)$/.test(name) || /^\.{0,2}\//.test(words[0] ?? ''))
    return 'script';
  if (/^(?:node|tsx|ts-node|python[\d.]*|ruby|perl|deno|bun)$/.test(name) && first) return 'script';
  if (name === 'docker' || name === 'docker-compose' || name === 'podman') return 'script';
  return 'other';
}

/** A `bash -c "…"` stage: the line it runs. */
function innerLine(stage: Stage): string | undefined {
  const words = commandWords(stage);
  const name = (words[0] ?? '').split('/').pop()!;
  if (!SHELLS.has(name)) return undefined;
  const flag = words.findIndex((word, at) => at > 0 && /^-\w*c\w*$/.test(word));
  return flag === -1 ? undefined : words[flag + 1];
}

/** The pipelines of a line, with `bash -c "…"` stages read as the lines they run. */
function pipelinesOf(command: string, depth = 0): Pipeline[] {
  const pipelines: Pipeline[] = [];
  for (const pipeline of allPipelines(parseShell(command))) {
    const inner = pipeline.stages.length === 1 && depth < 3 ? innerLine(pipeline.stages[0]!) : undefined;
    if (inner !== undefined) {
      const nested = pipelinesOf(inner, depth + 1);
      // The wrapped line's last pipeline ends as the wrapper does.
      if (nested.length > 0) nested[nested.length - 1] = { ...nested[nested.length - 1]!, next: pipeline.next };
      pipelines.push(...nested);
    } else pipelines.push(pipeline);
  }
  return pipelines;
}

/**
 * Whether the line's exit status is that of its last stage of `kind`: the stage ends its
 * pipeline (or `pipefail` is on), runs in the foreground and not in a substitution, and only
 * `&&` follows it. undefined when no stage is of that kind.
 */
function exitSpeaksFor(pipelines: Pipeline[], kinds: StageKind[][], kind: StageKind): boolean | undefined {
  const at = kinds.map((stages) => stages.lastIndexOf(kind));
  const last = at.reduce((found, index, position) => (index !== -1 ? position : found), -1);
  if (last === -1) return undefined;
  const pipeline = pipelines[last]!;
  const lastStage = at[last] === pipeline.stages.length - 1;
  // After it, only `&&` may follow: `; echo done` or `|| true` decide the status themselves.
  const rest = pipelines.slice(last).filter((entry) => entry === pipeline || !entry.substituted);
  const chained = rest.every((entry, index) => index === rest.length - 1 || entry.next === '&&');
  return !pipeline.background && !pipeline.substituted && (lastStage || pipeline.pipefail) && chained;
}

export function analyzeCommand(command: string): CommandAnalysis {
  const pipelines = pipelinesOf(command);
  const kinds = pipelines.map((pipeline) => pipeline.stages.map(stageKind));
  const every = kinds.flat();
  const testAt = kinds.map((stages) => stages.indexOf('test'));
  const last = testAt.reduce((found, at, index) => (at !== -1 ? index : found), -1);
  const analysis: CommandAnalysis = {
    tests: last !== -1,
    mayTest: every.includes('script'),
    printsOnly: every.length > 0 && every.every((kind) => kind === 'print'),
    install: every.includes('install'),
    build: every.includes('build'),
    lint: every.includes('lint'),
    exitSpeaksForTests: exitSpeaksFor(pipelines, kinds, 'test') ?? false,
    exitSpeaksForBuild: exitSpeaksFor(pipelines, kinds, 'build') ?? false,
    exitSpeaksForLint: exitSpeaksFor(pipelines, kinds, 'lint') ?? false,
    background: false,
    folder: '.',
    e2e: false,
  };
  if (last === -1) return analysis;
  const pipeline = pipelines[last]!;
  analysis.background = pipeline.background;
  analysis.folder = pipeline.folder;
  analysis.e2e = E2E.test(pipeline.stages[testAt[last]!]!.words.join(' '));
  return analysis;
}
