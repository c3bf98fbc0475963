/**
 * Is a written prompt stale? Exactly: when rendering it now gives another inputs hash than the
 * one in its header. Rendering needs the agents and templates loaded, which `status` and `next`
 * otherwise never do, so each prompt's header also records a *sources* fingerprint: the
 * package version, the name (project-relative, or `builtin:` for the package's own) and content
 * hash of every file a prompt can be made from (config, agent files, templates), and the parts of
 * the state it reads (the step's own result and its dependency closure's). It is the same on
 * every machine for the same files, so a committed prompt is byte for byte what another clone
 * writes. While the fingerprint is the same, nothing a prompt
 * is made from has changed and it is fresh; when it differs, the prompt is rendered to compare
 * the inputs hash.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { isErrno } from '../errors.js';
import path from 'node:path';
import { type AgentFolder, agentFolders, profileFiles } from '../agents/discover.js';
import type { ResolvedConfig } from '../config/validate.js';
import { dependencyClosure, readySteps, stepOfContextLine } from '../state/transitions.js';
import type { ExecutionContext, ExecutionPlan, StepResult } from '../types.js';
import { BUILTIN_AGENTS_DIR, BUILTIN_TEMPLATES_DIR, PACKAGE_VERSION } from '../util/package.js';
import { projectFile, readHead } from '../util/fs.js';
import { templateNames } from './options.js';
import { readInputsHash } from './prompt.js';

type SourceConfig = Pick<ResolvedConfig, 'configFile' | 'agentsDirs' | 'agentsDirConfigured' | 'templatesDir' | 'root'>;

// One state object is rendered from many times in a run (execute writes a prompt per ready step):
// its files' part of the fingerprint is worked out once.
const bases = new WeakMap<ExecutionContext, { config: SourceConfig; base: string }>();
// Plans are never changed in place: each one is hashed once.
const planHashes = new WeakMap<ExecutionPlan, string>();

/** The sources fingerprint of a step's prompt, as its header records it. */
export function sourcesFingerprint(config: SourceConfig, state: ExecutionContext, stepNumber: number): string {
  let cached = bases.get(state);
  if (!cached || cached.config !== config) {
    const hash = createHash('sha256').update(`${PACKAGE_VERSION}\0`);
    const files = [
      ...(config.configFile ? [config.configFile] : []),
      ...agentFolders(config).flatMap(profilesOf),
      ...markdownFiles(BUILTIN_AGENTS_DIR),
      ...[config.templatesDir, BUILTIN_TEMPLATES_DIR].flatMap(templateFiles),
    ];
    for (const file of files) hash.update(`${sourceName(config.root, file)}\0${contentHash(file)}\0`);
    hash.update(planHash(state.plan));
    cached = { config, base: hash.digest('hex') };
    bases.set(state, cached);
  }
  return createHash('sha256')
    .update(`${cached.base}\0${stepNumber}\0`)
    .update(JSON.stringify(stateInputs(state, stepNumber)))
    .digest('hex')
    .slice(0, 16);
}

function planHash(plan: ExecutionPlan): string {
  let hash = planHashes.get(plan);
  if (!hash) {
    hash = createHash('sha256').update(JSON.stringify(plan)).digest('hex');
    planHashes.set(plan, hash);
  }
  return hash;
}

/**
 * What of the state a step's prompt can be made from: the step itself and the steps it depends
 * on (transitively), without times, verdicts and paths of its own. A sibling that finishes does
 * not change it, so the prompt stays fresh without being rendered again.
 */
function stateInputs(state: ExecutionContext, stepNumber: number): unknown {
  const closure = dependencyClosure(state, stepNumber);
  const counts = (step: number | undefined) => step !== undefined && (step === stepNumber || closure.has(step));
  const byStep = resultsByStep(state.stepResults);
  // In the state's order, as the fingerprint always listed them.
  const results = [stepNumber, ...closure]
    .map((step) => byStep.get(step))
    .filter((result) => result !== undefined)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.result);
  return {
    priorContext: state.priorContext.filter((line) => counts(stepOfContextLine(line))),
    steps: results.map((result) => [
      result.stepNumber,
      result.status,
      result.outputs,
      result.errors,
      result.transcriptPath,
      result.retries,
      result.reason,
      result.history?.length,
    ]),
  };
}

// A state's results are never changed in place (transitions make new arrays): indexed once each.
const resultIndexes = new WeakMap<readonly StepResult[], Map<number, { result: StepResult; index: number }>>();

function resultsByStep(results: readonly StepResult[]): Map<number, { result: StepResult; index: number }> {
  let index = resultIndexes.get(results);
  if (!index) {
    index = new Map(results.map((result, position) => [result.stepNumber, { result, index: position }]));
    resultIndexes.set(results, index);
  }
  return index;
}

/** A templates folder that is not one (a file, unreadable) has no templates to fingerprint. */
function templateFiles(dir: string): string[] {
  try {
    return templateNames(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** A folder that cannot be listed (gone since, unreadable) has no profiles to fingerprint. */
function profilesOf(folder: AgentFolder): string[] {
  try {
    return profileFiles(folder);
  } catch {
    return [];
  }
}

function markdownFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.md'))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** A source file as every clone names it: `agents/a.md`, `builtin:templates/session.md.njk`. */
function sourceName(root: string, file: string): string {
  for (const [dir, label] of [
    [BUILTIN_AGENTS_DIR, 'builtin:agents'],
    [BUILTIN_TEMPLATES_DIR, 'builtin:templates'],
  ] as const) {
    const relative = path.relative(dir, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative))
      return `${label}/${relative.split(path.sep).join('/')}`;
  }
  return path.relative(root, file).split(path.sep).join('/');
}

/** The file's content hash (the same on every machine), or `missing`. Agents, templates and config are small. */
function contentHash(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'EISDIR') || isErrno(error, 'EACCES')) return 'missing';
    throw error;
  }
}

/** The sources fingerprint in a prompt file's header, if it has one. */
export function readSourcesFingerprint(text: string): string | undefined {
  return /^<!-- swarm-conductor prompt [^\n]*· sources ([0-9a-f]+) -->/.exec(text)?.[1];
}

/**
 * The ready and running steps whose written prompt is stale. `isStale` renders a step's prompt
 * and compares it with the file; it is called only for a prompt whose sources changed.
 */
export async function staleSteps(
  config: SourceConfig & Pick<ResolvedConfig, 'root'>,
  state: ExecutionContext,
  isStale: (stepNumber: number) => Promise<boolean>,
): Promise<number[]> {
  const ready = new Set(readySteps(state));
  const stale: number[] = [];
  for (const result of state.stepResults) {
    if (!result.promptPath || (result.status !== 'running' && !ready.has(result.stepNumber))) continue;
    const head = headOf(projectFile(config.root, result.promptPath, `the prompt of step ${result.stepNumber}`));
    // A prompt git merged as text with both sides in it: stale, `prompt --refresh` writes it anew.
    if (head !== undefined && /^<{7} /m.test(head)) {
      stale.push(result.stepNumber);
      continue;
    }
    const recorded = head === undefined ? undefined : readInputsHash(head);
    if (recorded === undefined) continue; // missing or not ours: `prompt` writes it afresh
    if (readSourcesFingerprint(head!) === sourcesFingerprint(config, state, result.stepNumber)) continue;
    if (await isStale(result.stepNumber)) stale.push(result.stepNumber);
  }
  return stale;
}

function headOf(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    return readHead(fd, 2048);
  } finally {
    closeSync(fd);
  }
}
