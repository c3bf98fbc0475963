/**
 * What `agents list` and `agents validate` report about profile files, as data, and the text a
 * person reads of it: every problem with file:line, what Claude Code and Copilot would do with
 * each file, duplicate names, fields still holding the scaffold's placeholders.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConductorError, isErrno } from '../errors.js';
import type { TemplateRenderer } from '../render/environment.js';
import { showPath } from '../util/package.js';
import { placeOf } from '../util/text.js';
import { cliNotes } from './lint.js';
import { type AgentFileResult, type AgentSet, findDuplicates, listAgentFiles, loadAgentFile } from './load.js';
import { type Placeholders, placeholdersOf, SCAFFOLD_NAME, unchangedPlaceholders } from './placeholders.js';
import { type BodyExcludeRule, excludeSections, rulesFor } from './exclude.js';
import { findTakeovers, type TakeoverFinding, takeoverNotes } from './takeover.js';

export interface AgentFileReport {
  file: string;
  ok: boolean;
  name: string | undefined;
  errors: string[];
  warnings: string[];
}

/** What `agents new` would write (from agent.md.njk, yours or the built-in), to recognise fields nobody filled in. */
export function scaffoldPlaceholders(renderer: TemplateRenderer): Placeholders {
  return placeholdersOf(renderer.render('agent.md.njk', { name: SCAFFOLD_NAME, description: '' }));
}

/**
 * Checks profile files: every problem with file:line, plus what Claude Code and Copilot would do with each file, and
 * what in a body would take over a session (outside the sections `exclude`, the config's `agentBodyExclude`, drops).
 */
export function reportAgentFiles(
  results: AgentFileResult[],
  root: string,
  placeholders?: Placeholders,
  exclude: readonly BodyExcludeRule[] = [],
): AgentFileReport[] {
  const shown = (file: string) => showPath(file, root);
  const duplicates = findDuplicates(results.flatMap((result) => (result.agent ? [result.agent] : [])));
  return results.map((result) => {
    const at = (line?: number) => placeOf(shown(result.file), line);
    const warnings = [
      ...result.warnings.map((problem) => `${at(problem.line)}: ${problem.message}`),
      ...cliNotes(result).map((note) => `${at()}: ${note}`),
      ...(placeholders && result.agent
        ? unchangedPlaceholders(result.agent, placeholders).map((note) => `${at(lineOfField(result, note))}: ${note}`)
        : []),
      ...takeovers(result, exclude).map((note) => `${at(note.line)}: ${note.message}`),
    ];
    const twins = duplicates.find((group) => group.some((agent) => agent.file === result.file));
    if (twins) {
      const others = twins.filter((agent) => agent.file !== result.file).map((agent) => shown(agent.file));
      warnings.push(`${at()}: the name "${result.agent!.name}" is also used by ${others.join(', ')}`);
    }
    const errors = result.errors.map((problem) => `${at(problem.line)}: ${problem.message}`);
    return { file: shown(result.file), ok: errors.length === 0, name: result.agent?.name, errors, warnings };
  });
}

/** Instructions in the body that would take over a session, at the file's lines. */
function takeovers(
  result: AgentFileResult,
  exclude: readonly BodyExcludeRule[],
): { line: number | undefined; message: string }[] {
  const agent = result.agent;
  if (!agent) return [];
  const { dropped } = excludeSections(agent.body, rulesFor(exclude, agent));
  const findings = findTakeovers(agent.body).filter(
    (finding) => !dropped.some((part) => finding.line >= part.line && finding.line < part.end),
  );
  if (findings.length === 0) return [];
  return takeoverNotes(findings, agent.name, fileLines(result.file, findings));
}

/**
 * The file line of each finding, found by its text (in order): the body may have been read out
 * of a TOML string or had our folded fields taken out, so its own line numbers are not the file's.
 */
function fileLines(
  file: string,
  findings: readonly TakeoverFinding[],
): (finding: TakeoverFinding) => number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return () => undefined;
    throw error;
  }
  const lines = text.split('\n').map((line) => line.trim());
  const found = new Map<TakeoverFinding, number>();
  let from = 0;
  for (const finding of findings) {
    const index = lines.indexOf(finding.text, from);
    if (index === -1) continue;
    found.set(finding, index + 1);
    from = index + 1;
  }
  return (finding) => found.get(finding);
}

/** `agents validate [paths…]`: the files and folders given (relative to `cwd`), read and reported. */
export function validateAgentPaths(
  paths: readonly string[],
  cwd: string,
  root: string,
  placeholders?: Placeholders,
  exclude: readonly BodyExcludeRule[] = [],
): AgentFileReport[] {
  const files = paths.flatMap((given) => expand(cwd, given));
  return reportAgentFiles(
    files.map((file) => loadAgentFile(file, showPath(file, root))),
    root,
    placeholders,
    exclude,
  );
}

/** The line of the field a placeholder note is about. */
function lineOfField(result: AgentFileResult, note: string): number | undefined {
  const field = note.slice(0, note.indexOf(':'));
  return result.lines?.[field] ?? result.lines?.[field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
}

function expand(cwd: string, given: string): string[] {
  const absolute = path.resolve(cwd, given);
  try {
    return statSync(absolute).isDirectory() ? listAgentFiles(absolute) : [absolute];
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ConductorError('NOT_FOUND', `no such file or folder: ${given}`);
    throw error;
  }
}

export interface AgentRow {
  name: string | undefined;
  file: string;
  description: string;
  keywords: string[];
  errors: string[];
  warnings: string[];
}

/** `agents list`: one row per file read, loaded or not, and the duplicate names. */
export function listAgentRows(set: AgentSet): { rows: AgentRow[]; duplicates: string[]; shadowedNotes: string[] } {
  const shown = (file: string) => showPath(file, set.root);
  const rows = set.files.map((result) => ({
    name: result.agent?.name,
    file: shown(result.file),
    description: result.agent?.description ?? '',
    keywords: result.agent?.keywords ?? [],
    errors: result.errors.map((problem) => `${placeOf(shown(result.file), problem.line)}: ${problem.message}`),
    warnings: result.warnings.map((problem) => `${placeOf(shown(result.file), problem.line)}: ${problem.message}`),
  }));
  const duplicates = findDuplicates(set.agents).map(
    (group) =>
      `"${group[0]!.name}" is defined by ${group.length} files: ${group.map((agent) => shown(agent.file)).join(', ')}`,
  );
  const shadowedNotes = set.shadowed.map(
    ({ agent, by }) => `${shown(agent.file)} is not used: "${agent.name}" is already ${shown(by.file)}, read first`,
  );
  return { rows, duplicates, shadowedNotes };
}
