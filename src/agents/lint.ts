/**
 * What each agent CLI would silently do with a profile file: the problems that do not stop us
 * from loading it but would make Claude Code or Copilot skip or cut it. The format is judged
 * from the path: `*.agent.md`/`*.chatmode.md` are Copilot's, files under `.claude/` Claude
 * Code's; for our own profiles only what `agents export` cannot fix is reported.
 */
import path from 'node:path';
import type { AgentFileResult } from './load.js';
import { COPILOT_BODY_LIMIT } from '../targets/copilot.js';
import { isClaudeModel, isClaudeTool, isCopilotTool, toolList } from './tools.js';

export type FileFormat = 'claude' | 'copilot' | 'ours';

export function detectFormat(file: string): FileFormat {
  if (/\.(agent|chatmode)\.md$/i.test(file)) return 'copilot';
  if (file.split(path.sep).includes('.claude') || file.includes('/.claude/')) return 'claude';
  return 'ours';
}

/** Warnings about how the agent CLIs would treat this file, each prefixed with the CLI's name. */
export function cliNotes(result: AgentFileResult, format = detectFormat(result.file)): string[] {
  const agent = result.agent;
  if (!agent) return [];
  const notes: string[] = [];
  if (!agent.description) {
    if (format === 'claude')
      notes.push('claude: no description — Claude Code requires one and does not load this agent without it');
    else if (format === 'copilot') notes.push('copilot: no description — Copilot requires one for a custom agent');
    else
      notes.push(
        'no description: Claude Code and Copilot both require one (agents export uses the first sentence of ' +
          'the body instead)',
      );
  }
  if (agent.body.length > COPILOT_BODY_LIMIT) {
    notes.push(
      `copilot: the body is ${agent.body.length} characters; Copilot reads at most ${COPILOT_BODY_LIMIT} and ` +
        `cuts the rest`,
    );
  }
  const tools = toolList(agent.meta.tools) ?? [];
  if (format === 'claude') {
    if (!result.keys.includes('name')) notes.push('claude: no name — Claude Code requires one');
    else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(agent.name))
      notes.push(`claude: name "${agent.name}" is not lowercase letters and hyphens, which Claude Code expects`);
    const unknown = tools.filter((tool) => !isClaudeTool(tool));
    if (unknown.length > 0)
      notes.push(
        `claude: ${unknown.map((tool) => `"${tool}"`).join(', ')} ` +
          `${unknown.length === 1 ? 'is not a Claude Code tool name' : 'are not Claude Code tool names'}`,
      );
    const model = agent.meta.model;
    if (model !== undefined && !isClaudeModel(model)) {
      notes.push(
        `claude: model ${JSON.stringify(model)} is not a Claude Code model (haiku, sonnet, opus, inherit or a ` +
          `claude-… id)`,
      );
    }
  }
  if (format === 'copilot') {
    const unknown = tools.filter((tool) => !isCopilotTool(tool));
    if (unknown.length > 0)
      notes.push(
        `copilot: ${unknown.map((tool) => `"${tool}"`).join(', ')} ` +
          `${unknown.length === 1 ? 'is not a Copilot tool name' : 'are not Copilot tool names'}; ` +
          'Copilot ignores tool names it does not recognise',
      );
  }
  return notes;
}
