import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadAgentFile } from '../agents/load.js';
import { placeOf } from '../agents/parse.js';
import { ConductorError } from '../errors.js';
import { ensureDir, writeFileAtomic } from '../util/fs.js';
import { showPath } from '../util/package.js';
import { slugify } from '../util/text.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';
import { commandName } from '../util/invocation.js';

export interface AgentsNewOptions extends CommonOptions {
  name: string;
  description?: string | undefined;
  force?: boolean;
}

const AGENT_TEMPLATE = 'agent.md.njk';

/** `agents new <name>`: a profile scaffolded from the `agent.md.njk` template into the first agents folder. */
export const run = withRunner(async (runner, options: AgentsNewOptions): Promise<CommandResult> => {
  const name = options.name.trim();
  if (!name)
    throw new ConductorError('USAGE', 'give the new agent a name', { hint: `${commandName()} agents new PaymentsPro` });
  const existing =
    runner.agents.source === 'project'
      ? runner.agents.agents.find((agent) => agent.name.toLowerCase() === name.toLowerCase())
      : undefined;
  const dir = runner.config.agentsDirs[0]!;
  const file = path.join(dir, `${slugify(name)}.md`);
  const shown = showPath(file, runner.config.root);
  if (existing && existing.file !== file) {
    throw new ConductorError(
      'USAGE',
      `an agent named "${existing.name}" already exists in ${showPath(existing.file, runner.config.root)}`,
      { hint: 'pick another name, or edit that file' },
    );
  }
  if (existsSync(file) && !options.force) {
    throw new ConductorError('USAGE', `${shown} already exists`, { hint: 'pass --force to replace it, or edit it' });
  }
  const content = `${runner.renderer.render(AGENT_TEMPLATE, { name, description: options.description ?? '' }).trim()}\n`;
  ensureDir(dir);
  writeFileAtomic(file, content);
  const check = loadAgentFile(file, shown);
  const notes = [...check.errors, ...check.warnings].map(
    (problem) => `${placeOf(shown, problem.line)}: ${problem.message}`,
  );
  return {
    stdout: `created ${shown}\nFill in its scope, boundaries, done definition and refusal rules, then check it with: ${commandName()} agents validate ${shown}`,
    json: { file: shown, name },
    notes,
  };
});
