import { findDuplicates } from '../agents/load.js';
import { placeOf } from '../agents/parse.js';
import { showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

/** `agents list`: every profile with its file and description; files that failed and duplicate names are flagged. */
export const run = withRunner(async (runner, options: CommonOptions): Promise<CommandResult> => {
  const set = runner.agents;
  const shown = (file: string) => showPath(file, runner.config.root);
  const rows = set.files.map((result) => ({
    name: result.agent?.name,
    file: shown(result.file),
    description: result.agent?.description ?? '',
    keywords: result.agent?.keywords ?? [],
    errors: result.errors.map((problem) => `${placeOf(shown(result.file), problem.line)}: ${problem.message}`),
    warnings: result.warnings.map((problem) => `${placeOf(shown(result.file), problem.line)}: ${problem.message}`),
  }));
  const width = Math.max(4, ...rows.map((row) => (row.name ?? '').length));
  const fileWidth = Math.max(...rows.map((row) => row.file.length));
  const lines = [
    set.source === 'builtin'
      ? `Built-in profiles (this project has no agents folder; ${commandName()} init copies them in):`
      : `Profiles in ${set.dirs.map(shown).join(', ')}:`,
  ];
  for (const row of rows) {
    if (!row.name) lines.push(`✗ ${'(not loaded)'.padEnd(width)}  ${row.file.padEnd(fileWidth)}  ${row.errors[0]}`);
    else
      lines.push(
        `${row.warnings.length > 0 ? '⚠' : '•'} ${row.name.padEnd(width)}  ${row.file.padEnd(fileWidth)}  ${cut(row.description, 60)}`,
      );
  }
  const notes = findDuplicates(set.agents).map(
    (group) =>
      `"${group[0]!.name}" is defined by ${group.length} files: ${group.map((agent) => shown(agent.file)).join(', ')}; commands that need it will fail until one is renamed`,
  );
  if (rows.some((row) => row.warnings.length > 0 || row.errors.length > 0))
    notes.push(`${commandName()} agents validate shows every problem with its line`);
  return { stdout: lines.join('\n'), json: rows, notes };
});

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
