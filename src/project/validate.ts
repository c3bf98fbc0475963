/**
 * `validate`: config, agents, templates and the plans in `plansDir`, in one pass, as data. A
 * config that cannot be loaded stops it before (the rest depends on it).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { idleRuleWarnings } from '../agents/exclude.js';
import { type AgentFileReport, reportAgentFiles, scaffoldPlaceholders } from '../agents/check.js';
import type { AgentSet } from '../agents/load.js';
import type { ResolvedConfig } from '../config/validate.js';
import { isConductorError, isErrno } from '../errors.js';
import { loadPlan } from '../plan/load.js';
import { validatePlan } from '../plan/validate.js';
import type { TemplateRenderer } from '../render/environment.js';
import { checkTemplates, type TemplateCheck } from '../render/templates.js';
import { showPath } from '../util/package.js';

export interface PlanCheck {
  file: string;
  ok: boolean;
  errors: string[];
}

export interface ProjectValidation {
  config: { file: string; warnings: string[] };
  /** Where the agents came from, as shown. */
  agentsFrom: string;
  agents: AgentFileReport[];
  templates: TemplateCheck[];
  plansDir: string;
  plans: PlanCheck[];
  ok: boolean;
}

export function validateProject(project: {
  config: ResolvedConfig;
  agents: AgentSet;
  renderer: TemplateRenderer;
  warnings: string[];
}): ProjectValidation {
  const { config, agents: set, renderer } = project;
  const { root } = config;
  const agents = reportAgentFiles(set.files, root, scaffoldPlaceholders(renderer), config.agentBodyExclude);
  const templates = checkTemplates({ config, renderer, agents: set });
  const plans = planFiles(config.plansDir).map((file) => {
    const shown = showPath(file, root);
    try {
      const validation = validatePlan(loadPlan(file, shown), set.agents);
      return { file: shown, ok: validation.ok, errors: validation.errors };
    } catch (error) {
      if (!isConductorError(error)) throw error;
      return { file: shown, ok: false, errors: [`${error.where ? `${error.where}: ` : ''}${error.message}`] };
    }
  });
  const ok =
    agents.every((report) => report.ok) && templates.every((check) => check.ok) && plans.every((plan) => plan.ok);
  return {
    config: {
      file: config.configFile ? showPath(config.configFile, root) : '(no config file: defaults)',
      warnings: [...project.warnings, ...idleRuleWarnings(config.agentBodyExclude, set.agents)],
    },
    agentsFrom: set.source === 'builtin' ? 'built-in profiles' : set.dirs.map((dir) => showPath(dir, root)).join(', '),
    agents,
    templates,
    plansDir: showPath(config.plansDir, root),
    plans,
    ok,
  };
}

function planFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /\.(json|ya?ml)$/i.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}
