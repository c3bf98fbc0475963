/**
 * The templates a project has — the built-ins and its own — as `templates list`, `eject` and
 * `check` work with them.
 */
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/validate.js';
import { ConductorError, isConductorError } from '../errors.js';
import type { AgentProfile } from '../types.js';
import { ensureDir } from '../util/fs.js';
import { BUILTIN_TEMPLATES_DIR, showPath } from '../util/package.js';
import { checkBlocks, checkVariables, type TemplateProblem } from './check.js';
import { BUILTIN_PREFIX, type TemplateRenderer } from './environment.js';
import { templateNames } from './options.js';
import { sampleVariables } from './samples.js';

export interface TemplateEntry {
  name: string;
  builtin: boolean;
  /** The user's file, when there is one of that name. */
  override: string | undefined;
}

/** The built-in templates and the project's own, by name. */
export function listTemplates(templatesDir: string, root: string): TemplateEntry[] {
  const builtin = templateNames(BUILTIN_TEMPLATES_DIR);
  const user = templateNames(templatesDir);
  return [...new Set([...builtin, ...user])].sort().map((name) => ({
    name,
    builtin: builtin.includes(name),
    override: user.includes(name) ? showPath(path.join(templatesDir, name), root) : undefined,
  }));
}

/**
 * `templates eject <name>`: a built-in template copied into the templates folder; never over one that is there without
 * `force`.
 */
export function ejectTemplate(
  config: Pick<ResolvedConfig, 'templatesDir' | 'root'>,
  given: string,
  force = false,
): { name: string; file: string } {
  const name = given.replace(new RegExp(`^${BUILTIN_PREFIX}`), '');
  const builtins = templateNames(BUILTIN_TEMPLATES_DIR);
  if (!builtins.includes(name)) {
    throw new ConductorError('NOT_FOUND', `no built-in template "${given}" (built-ins: ${builtins.join(', ')})`);
  }
  const target = path.join(config.templatesDir, name);
  const shown = showPath(target, config.root);
  if (existsSync(target) && !force) {
    throw new ConductorError('USAGE', `${shown} already exists`, {
      remedies: [{ flag: 'force', why: 'to replace it with the built-in' }],
    });
  }
  ensureDir(path.dirname(target));
  copyFileSync(path.join(BUILTIN_TEMPLATES_DIR, name), target);
  return { name, file: shown };
}

export interface TemplateCheck {
  name: string;
  file: string;
  ok: boolean;
  /** The first problem, `file:line: message`. */
  error?: string;
  /** Every problem, `file:line: message`. */
  errors: string[];
  /** Whether it was rendered with sample data (known templates) or only compiled. */
  rendered: boolean;
}

/**
 * Compiles every template the project would use; the known ones are also rendered with sample
 * data and their names checked, so an undefined variable is found here and not in a run.
 */
export function checkTemplates(project: {
  config: ResolvedConfig;
  renderer: TemplateRenderer;
  agents: { agents: AgentProfile[] };
}): TemplateCheck[] {
  const { config, renderer } = project;
  return listTemplates(config.templatesDir, config.root).map((entry) => {
    const file = showPath(fileOf(renderer, entry.name), renderer.root);
    const variables = sampleVariables(entry.name, project.agents.agents, config);
    const errors: string[] = [];
    try {
      const at = (problem: TemplateProblem) => `${file}:${problem.line}: ${problem.message}`;
      errors.push(...checkBlocks(renderer, entry.name).map(at));
      if (variables) errors.push(...checkVariables(renderer.resolve(entry.name).source, variables).map(at));
      if (variables) for (const sample of variables) renderer.render(entry.name, sample);
      else renderer.compile(entry.name);
    } catch (error) {
      if (!isConductorError(error)) throw error;
      const found = `${error.where ?? file}: ${error.message}`;
      // The static check may already have named the variable the render stumbled on.
      const variable = /"([^"]+)"/.exec(found)?.[1];
      const place = found.split(': ')[0]!;
      if (!errors.some((problem) => problem.startsWith(place) && variable !== undefined && problem.includes(variable)))
        errors.push(found);
    }
    return {
      name: entry.name,
      file,
      ok: errors.length === 0,
      ...(errors.length > 0 ? { error: errors[0] } : {}),
      errors,
      rendered: variables !== undefined,
    };
  });
}

function fileOf(renderer: TemplateRenderer, name: string): string {
  try {
    return renderer.resolve(name).file;
  } catch (error) {
    if (!isConductorError(error)) throw error;
    return name;
  }
}
