import { findAgent } from '../agents/load.js';
import { showPath } from '../util/package.js';
import { withRunner, type CommandResult, type CommonOptions } from './shared.js';

export interface AgentsShowOptions extends CommonOptions {
  name: string;
}

/** `agents show <name>`: one profile, every field. */
export const run = withRunner(async (runner, options: AgentsShowOptions): Promise<CommandResult> => {
  const agent = findAgent(runner.agents, options.name);
  const file = showPath(agent.file, runner.config.root);
  const lines = [`${agent.name} (${file})`, `Description: ${agent.description || '(none)'}`];
  const lists: [string, string[]][] = [
    ['Scope', agent.scope],
    ['Boundaries', agent.boundaries],
    ['Done definition', agent.doneDefinition],
    ['Outputs', agent.outputs],
    ['Refusal rules', agent.refusalRules],
  ];
  for (const [label, items] of lists)
    lines.push(`${label}:${items.length === 0 ? ' (none)' : ''}`, ...items.map((item) => `  - ${item}`));
  lines.push(`Keywords: ${agent.keywords.join(', ') || '(none)'}`);
  for (const [key, value] of Object.entries(agent.meta))
    lines.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  lines.push('', `Body (${agent.body.length} characters):`, agent.body || '(empty)');
  return { stdout: lines.join('\n'), json: { ...agent, file } };
});
