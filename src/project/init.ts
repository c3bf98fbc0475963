/**
 * `init`: a project scaffolded — conductor.config.ts, agents/ with the six built-in profiles,
 * templates/ and proof/ — never over a file that is there, unless asked to.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TARGETS, type Target } from '../config/define.js';
import { CONFIG_SEARCH_PLACES } from '../config/places.js';
import { ConductorError } from '../errors.js';
import { ensureDir, writeFileAtomic } from '../util/fs.js';
import { BUILTIN_AGENTS_DIR } from '../util/package.js';

export interface InitOptions {
  cwd: string;
  force?: boolean;
  dryRun?: boolean;
  target?: string | undefined;
}

export type InitAction = 'created' | 'replaced' | 'kept' | 'would create' | 'would replace';

export interface InitEntry {
  path: string;
  action: InitAction;
}

const configFile = (target: Target) => `import { defineConfig } from 'swarm-conductor';

// swarm-conductor settings. Every key is optional; the values shown are the defaults.
export default defineConfig({
  agentsDir: 'agents',
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
  const files: [string, string][] = [];
  const existingConfig = findConfigHere(root);
  if (!existingConfig) files.push(['conductor.config.ts', configFile(target)]);
  for (const name of readdirSync(BUILTIN_AGENTS_DIR)
    .filter((entry) => entry.endsWith('.md'))
    .sort()) {
    files.push([`agents/${name}`, readFileSync(path.join(BUILTIN_AGENTS_DIR, name), 'utf8')]);
  }
  files.push(['templates/README.md', TEMPLATES_README], ['proof/README.md', PROOF_README]);

  const entries: InitEntry[] = [];
  if (existingConfig) entries.push({ path: existingConfig, action: 'kept' });
  for (const [relative, content] of files) {
    const file = path.join(root, relative);
    const exists = existsSync(file);
    const action: InitAction =
      exists && !options.force
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
