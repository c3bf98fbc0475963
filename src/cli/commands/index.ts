/**
 * Every command, in the order `--help` lists them. A group (agents, templates, plan) is put
 * together here from its subcommands' definitions, so no command imports another.
 */
import type { CommandDefinition } from '../define.js';
import agentsExport from './agents-export.js';
import agentsImport from './agents-import.js';
import agentsList from './agents-list.js';
import agentsNew from './agents-new.js';
import agentsShow from './agents-show.js';
import agentsValidate from './agents-validate.js';
import ciGithub from './ci-github.js';
import complete from './complete.js';
import delegate from './delegate.js';
import execute from './execute.js';
import fail from './fail.js';
import gitSetup from './git-setup.js';
import init from './init.js';
import list from './list.js';
import mcp from './mcp.js';
import mergeState from './merge-state.js';
import next from './next.js';
import plan from './plan.js';
import planImport from './plan-import.js';
import planShow from './plan-show.js';
import planValidate from './plan-validate.js';
import prompt from './prompt.js';
import reopen from './reopen.js';
import report from './report.js';
import resolve from './resolve.js';
import retry from './retry.js';
import run from './run.js';
import skip from './skip.js';
import start from './start.js';
import stats from './stats.js';
import sync from './sync.js';
import status from './status.js';
import templatesCheck from './templates-check.js';
import templatesEject from './templates-eject.js';
import templatesList from './templates-list.js';
import validate from './validate.js';
import verify from './verify.js';

export const COMMANDS: CommandDefinition[] = [
  init,
  execute,
  status,
  next,
  run,
  prompt,
  start,
  complete,
  fail,
  retry,
  reopen,
  skip,
  verify,
  list,
  report,
  stats,
  resolve,
  delegate,
  sync,
  mcp,
  {
    name: 'ci',
    describe: 'run a wave on CI machines: github writes a GitHub Actions workflow of matrix jobs',
    args: {},
    subcommands: [ciGithub],
  },
  {
    name: 'git',
    describe: 'share executions through git: setup registers the merge driver for state files',
    args: {},
    subcommands: [gitSetup],
  },
  mergeState,
  { ...plan, subcommands: [planImport, planValidate, planShow] },
  {
    name: 'agents',
    describe: 'work with agent profiles: list | show | validate | new | export | import',
    args: {},
    subcommands: [agentsList, agentsShow, agentsValidate, agentsNew, agentsExport, agentsImport],
  },
  {
    name: 'templates',
    describe: 'see, customise and check templates: list | eject | check',
    args: {},
    subcommands: [templatesList, templatesEject, templatesCheck],
  },
  validate,
];
