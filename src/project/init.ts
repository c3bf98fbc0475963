/**
 * `init`: a project scaffolded — conductor.config.ts, agents/ with the six built-in profiles,
 * templates/ and proof/ — never over a file that is there, unless asked to.
 *
 * A project whose agents already live where an agent CLI keeps them (`.claude/agents/`,
 * `.github/agents/`, … — see agents/discover.ts) gets a config whose `agentsDir` lists those
 * folders, and no built-ins beside them; `builtinAgents` copies the built-ins into `agents/`
 * anyway (listed first in `agentsDir`, so they win a shared name).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_FOLDERS, isDirectory, profileFiles } from '../agents/discover.js';
import { TARGETS, type Target } from '../config/define.js';
import { CONFIG_SEARCH_PLACES } from '../config/places.js';
import { ConductorError } from '../errors.js';
import { SKILL_FILES, SKILL_MD } from '../skill/skill.js';
import { ensureDir, readTextIfExists, writeFileAtomic } from '../util/fs.js';
import { BUILTIN_AGENTS_DIR } from '../util/package.js';

export interface InitOptions {
  cwd: string;
  force?: boolean;
  dryRun?: boolean;
  target?: string | undefined;
  /** Copy the built-in profiles into agents/ even when the project has agents of its own. */
  builtinAgents?: boolean;
  /** Also write the skill for working a conducted step (skill/) into the agent CLIs' skills folders. */
  skill?: boolean;
}

/**
 * `found`: a folder of agent profiles the project already has, which the config points at.
 * `unchanged`: a skill file that already holds the skill's text.
 */
export type InitAction = 'created' | 'replaced' | 'kept' | 'unchanged' | 'would create' | 'would replace' | 'found';

export interface InitEntry {
  path: string;
  action: InitAction;
  /** `found`: how many profiles, and whose folder it is. */
  detail?: string;
}

const configFile = (target: Target, agentsDir: readonly string[]) => `import { defineConfig } from 'swarm-conductor';

// swarm-conductor settings. Every key is optional; the values shown are the defaults.
export default defineConfig({
${agentsDirLine(agentsDir)}
  templatesDir: 'templates',
  proofDir: 'proof',
  // plansDir: 'proof/plans',
  // The agent CLI the prompts are written for: 'copilot' | 'claude' | 'codex' | 'generic',
  // or 'copilot-delegate' for steps handed to GitHub's Copilot coding agent (a pull request each).
  target: '${target}',
  // Characters of earlier steps' context included in each prompt.
  contextBudget: 8000,
  // extraHardRules: ['Run the linter before you say you are done.'],
  // refusalRules: ['Stop and ask before adding a dependency.'],
  // Who the issue for a delegated step is assigned to, where gh has no agent-task command.
  // delegateAssignee: 'Copilot',
});
`;

/** `agentsDir`: the default, or the folders init found (the first one wins a name shared with a later one). */
function agentsDirLine(dirs: readonly string[]): string {
  if (dirs.length === 1 && dirs[0] === 'agents') return "  agentsDir: 'agents',";
  const value = dirs.length === 1 ? `'${dirs[0]}'` : `[${dirs.map((dir) => `'${dir}'`).join(', ')}]`;
  const comment = '  // The folders your agents were found in; the first one wins a name two of them share.';
  return `${comment}\n  agentsDir: ${value},`;
}

const TEMPLATES_README = `# Templates

Put a file here with the name of a built-in template to replace it, e.g. \`session.md.njk\`.
To change one section only, extend the built-in and override its block:

\`\`\`njk
{% extends "builtin/session.md.njk" %}
{% block boundaries %}
## Boundaries
{{ boundaries | bullets }}
- Never touch the billing module.
{% endblock %}
\`\`\`

\`swarm-conductor templates list\` shows the built-ins and your overrides; the variables a
template sees are listed in the swarm-conductor README under "Template variables".
`;

const PROOF_README = `# Proof

swarm-conductor writes its executions here: \`execution-<id>.json\` is the state, and
\`execution-<id>/\` holds each step's prompt and transcript. Commit them to keep an audit trail.
`;

/** What `init` writes (or would write, with `dryRun`), file by file. */
export function initProject(options: InitOptions): InitEntry[] {
  const target = (options.target ?? 'generic') as Target;
  if (!TARGETS.includes(target)) {
    throw new ConductorError('USAGE', `--target must be one of ${TARGETS.join(', ')}, not "${options.target}"`);
  }
  const root = path.resolve(options.cwd);
  const found = foundAgentFolders(root);
  // Our own agents/ alone is an earlier init's (or a hand-made) folder: the built-ins go in as before.
  const copyBuiltins = found.every((folder) => folder.dir === 'agents') || options.builtinAgents === true;
  const agentsDir = [
    ...(copyBuiltins ? ['agents'] : []),
    ...found.map((folder) => folder.dir).filter((dir) => dir !== 'agents'),
  ];
  const files: [string, string][] = [];
  const existingConfig = findConfigHere(root);
  if (!existingConfig) files.push(['conductor.config.ts', configFile(target, agentsDir)]);
  if (copyBuiltins) {
    for (const name of readdirSync(BUILTIN_AGENTS_DIR)
      .filter((entry) => entry.endsWith('.md'))
      .sort()) {
      files.push([`agents/${name}`, readFileSync(path.join(BUILTIN_AGENTS_DIR, name), 'utf8')]);
    }
  }
  files.push(['templates/README.md', TEMPLATES_README], ['proof/README.md', PROOF_README]);
  if (options.skill) for (const file of SKILL_FILES) files.push([file, SKILL_MD]);

  const entries: InitEntry[] = found.map((folder) => ({ path: folder.dir, action: 'found', detail: folder.detail }));
  if (existingConfig) entries.push({ path: existingConfig, action: 'kept' });
  for (const [relative, content] of files) {
    const file = path.join(root, relative);
    const exists = existsSync(file);
    // The skill is the same text wherever it is written; init's other files are starting points people edit.
    const same = exists && SKILL_FILES.includes(relative) && readTextIfExists(file) === content;
    const action: InitAction = same
      ? 'unchanged'
      : exists && !options.force
        ? 'kept'
        : options.dryRun
          ? exists
            ? 'would replace'
            : 'would create'
          : exists
            ? 'replaced'
            : 'created';
    if (action === 'created' || action === 'replaced') {
      ensureDir(path.dirname(file));
      writeFileAtomic(file, content);
    }
    entries.push({ path: relative, action });
  }
  return entries;
}

/** The known agent folders of the project that hold at least one profile. */
function foundAgentFolders(root: string): { dir: string; detail: string }[] {
  return AGENT_FOLDERS.flatMap((kind) => {
    const dir = path.join(root, kind.dir);
    const count = isDirectory(dir) ? profileFiles({ dir, matches: kind.matches }).length : 0;
    return count === 0 ? [] : [{ dir: kind.dir, detail: `${count} profile${count === 1 ? '' : 's'}, ${kind.label}` }];
  });
}

/** A config file already in this folder (not a parent's): init leaves it alone. */
function findConfigHere(root: string): string | undefined {
  for (const place of CONFIG_SEARCH_PLACES) {
    const file = path.join(root, place);
    if (!existsSync(file)) continue;
    if (place !== 'package.json') return place;
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).conductor !== undefined)
        return 'package.json#conductor';
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error; // unreadable JSON holds no config to keep
    }
  }
  return undefined;
}
