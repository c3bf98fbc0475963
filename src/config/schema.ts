/**
 * What a config file may hold. `validateConfig` checks each key against it, and
 * schemas/config.schema.json (for `.conductorrc.json` and friends through `$schema`) is
 * generated from it. The documented type is `ConductorConfig` in config/define.ts; the
 * type-level check at the end keeps the two the same.
 */
import * as v from 'valibot';
import { type ConductorConfig, type HeadlessAgent, TARGETS } from './define.js';
import { headlessTargets, launchableTargets, sessionTargets } from '../targets/index.js';
import { patternProblem } from '../agents/exclude.js';
import { recordOf, unknownKeysFlagged } from '../util/schema-issues.js';

/** `claude, copilot, gemini or codex`: the agent CLIs whose session folders can be set. */
const SESSION_CLIS = sessionTargets()
  .map((target) => target.name)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' or ');
/** `claude, copilot, gemini, opencode, codex`: the agent CLIs `run --agent` starts by name. */
const LAUNCHABLE = launchableTargets()
  .map((target) => target.name)
  .join(', ');

const FOLDER = 'must be a folder path (a non-empty string)';
const STRINGS = 'must be a list of non-empty strings';
const CHARACTERS = 'must be a whole number of characters (0 or more)';

/** A usable path: no NUL byte, no name longer than file systems allow (255 bytes). */
const isPath = (value: string) =>
  value.trim() !== '' &&
  !value.includes('\0') &&
  value.length < 4096 &&
  value.split(/[\\/]/).every((part) => Buffer.byteLength(part) <= 255);

const folder = (message: string, description: string) =>
  v.pipe(v.string(message), v.check(isPath, message), v.description(description));

const strings = (description: string) =>
  v.pipe(v.array(v.pipe(v.string(STRINGS), v.regex(/\S/, STRINGS)), STRINGS), v.description(description));

const characters = (description: string) =>
  v.pipe(v.number(CHARACTERS), v.integer(CHARACTERS), v.minValue(0, CHARACTERS), v.description(description));

const FOLDERS = 'must be a folder path or a non-empty list of folder paths';
const flags = (description: string) => v.pipe(v.array(v.string(FLAGS), FLAGS), v.description(description));
const SECONDS = 'must be a number of seconds from 1';
const TURNS = 'must be a whole number of turns from 1';
const DOLLARS = 'must be an amount of US dollars from 0.01';
const FLAGS = 'must be a list of command-line flags (strings)';
/** `claude, codex, copilot, gemini or opencode`: the agent CLIs with a headless mode. */
const HEADLESS_CLIS = headlessTargets()
  .map((target) => target.name)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' or ');

const EXCLUDE =
  'must be a list of section headings (text, or /regex/flags), or an object of agent names ("*" for every agent) ' +
  'to such lists';

/** A heading's text or `/regex/flags`; a regex that does not compile is refused with what is wrong in it. */
const sectionList = v.array(
  v.pipe(
    v.string(EXCLUDE),
    v.regex(/\S/, EXCLUDE),
    v.check(
      (entry) => patternProblem(entry) === undefined,
      (issue) =>
        `${JSON.stringify(issue.input)} is not a valid regular expression ` +
        `(${patternProblem(issue.input as string)}); ` +
        'write it as /pattern/flags, or without the slashes to match a heading as written',
    ),
  ),
  EXCLUDE,
);

export const configEntries = {
  $schema: v.optional(v.string('must be a string')),
  agentsDir: v.optional(
    v.pipe(
      v.union(
        [folder(FOLDERS, 'A folder.'), v.pipe(v.array(folder(FOLDERS, 'A folder.')), v.minLength(1, FOLDERS))],
        FOLDERS,
      ),
      v.description('Folder(s) of agent profiles, relative to the config file. Default `agents`.'),
    ),
  ),
  templatesDir: v.optional(folder(FOLDER, 'Folder searched for templates before the built-ins. Default `templates`.')),
  proofDir: v.optional(folder(FOLDER, 'Where executions, prompts and transcripts live. Default `proof`.')),
  plansDir: v.optional(folder(FOLDER, 'Where `plan` writes plans. Default `<proofDir>/plans`.')),
  hardRules: v.optional(strings('Replaces the default hard rules.')),
  extraHardRules: v.optional(strings('Appended to the hard rules.')),
  refusalRules: v.optional(strings("Appended to every agent's refusal rules.")),
  target: v.optional(
    v.pipe(
      v.picklist(TARGETS, `must be one of ${TARGETS.join(', ')}`),
      v.description('The agent CLI the prompts are written for: changes the session-closure instructions.'),
    ),
  ),
  contextBudget: v.optional(characters('Characters of prior-step context included in each prompt. Default 8000.')),
  agentBodyBudget: v.optional(
    characters("Characters of an agent's body included in a prompt; longer bodies lose whole sections. Default 8000."),
  ),
  agentBodyExclude: v.optional(
    v.pipe(
      v.union([sectionList, recordOf(sectionList, EXCLUDE)], EXCLUDE),
      v.description(
        'Sections of agent bodies left out of session prompts (a heading and everything under it): heading texts ' +
          '(case-insensitive) or `/regex/flags`, for every agent; or an object of agent names (`*`: every agent) to ' +
          'such lists.',
      ),
    ),
  ),
  defaultScope: v.optional(strings('What an agent is responsible for, when its profile sets no `scope`.')),
  defaultBoundaries: v.optional(strings('What an agent must not do, when its profile sets no `boundaries`.')),
  defaultDoneDefinition: v.optional(
    strings('When an agent may say "done", when its profile sets no `doneDefinition`.'),
  ),
  defaultRefusalRules: v.optional(strings('When an agent stops and asks, when its profile sets no `refusalRules`.')),
  delegateAssignee: v.optional(
    v.pipe(
      v.string('must be a GitHub login'),
      v.regex(/^[\w-]+(?:\[bot\])?$/, 'must be a GitHub login'),
      v.description(
        'Who an issue made by `delegate` is assigned to when `gh agent-task` is not there. Default `Copilot`.',
      ),
    ),
  ),
  agentCommand: v.optional(
    v.pipe(
      v.string(`must be one of ${LAUNCHABLE} or a command line`),
      v.regex(/\S/, `must be one of ${LAUNCHABLE} or a command line`),
      v.description(`The agent CLI \`run\` starts on a step: ${LAUNCHABLE}, or a command line of your own.`),
    ),
  ),
  unmetDoneDefinition: v.optional(
    v.pipe(
      v.picklist(['warn', 'refuse'], 'must be warn or refuse'),
      v.description(
        'What `complete --verify` does when the done definition is unmet: `warn` (default) completes with a note; ' +
          '`refuse` refuses (exit 3).',
      ),
    ),
  ),
  ghTimeout: v.optional(
    v.pipe(
      v.number('must be a number of seconds from 1'),
      v.minValue(1, 'must be a number of seconds from 1'),
      v.maxValue(3600, 'must be at most 3600 seconds'),
      v.description('Seconds one `gh` call may take before it is stopped (sync, delegate). Default 60.'),
    ),
  ),
  stateSizeLimit: v.optional(
    v.pipe(
      v.number('must be a whole number of bytes from 1024'),
      v.integer('must be a whole number of bytes from 1024'),
      v.minValue(1024, 'must be a whole number of bytes from 1024'),
      v.description('Bytes of an execution state file read at most; a larger one is refused unread. Default 64 MiB.'),
    ),
  ),
  headless: v.optional(
    v.pipe(
      v.strictObject(
        {
          timeoutSeconds: v.optional(
            v.pipe(
              v.number(SECONDS),
              v.minValue(1, SECONDS),
              v.maxValue(7 * 24 * 3600, 'must be at most a week of seconds'),
              v.description(
                "Seconds one step's agent CLI may run before its process group is stopped and the step fails. " +
                  'Default 1800.',
              ),
            ),
          ),
          maxTurns: v.optional(
            v.pipe(
              v.number(TURNS),
              v.integer(TURNS),
              v.minValue(1, TURNS),
              v.description("The agent CLI's own turn limit, where it has one (claude --max-turns)."),
            ),
          ),
          maxBudgetUsd: v.optional(
            v.pipe(
              v.number(DOLLARS),
              v.minValue(0.01, DOLLARS),
              v.description("The agent CLI's own spending limit in US dollars, where it has one (claude)."),
            ),
          ),
          permissions: v.optional(
            v.pipe(
              v.strictObject(
                Object.fromEntries(
                  headlessTargets().map((target) => [
                    target.name,
                    v.optional(flags(`Instead of ${target.headless!.permissions.flags.join(' ') || 'no flags'}.`)),
                  ]),
                ) as Record<HeadlessAgent, v.OptionalSchema<ReturnType<typeof flags>, undefined>>,
                `must be an object with ${HEADLESS_CLIS} lists of flags`,
              ),
              v.description(
                'Permission flags given to an agent CLI instead of the safest ones that let it edit its worktree.',
              ),
            ),
          ),
          worktreesDir: v.optional(
            folder(
              FOLDER,
              "Where the steps' git worktrees go, from the repository's top. Default `.conductor/worktrees`.",
            ),
          ),
          unconfirmed: v.optional(
            v.pipe(
              v.picklist(['stop', 'accept'], 'must be stop or accept'),
              v.description(
                'A step whose claims are neither backed nor contradicted: `stop` (default) fails it unmerged; ' +
                  '`accept` completes and merges it.',
              ),
            ),
          ),
        },
        'must be an object of headless settings (timeoutSeconds, maxTurns, maxBudgetUsd, permissions, ' +
          'worktreesDir, unconfirmed)',
      ),
      v.description('`run --headless`: limits and permissions of the agent CLIs it starts, where their worktrees go.'),
    ),
  ),
  sessionFolders: v.optional(
    v.pipe(
      v.strictObject(
        Object.fromEntries(
          sessionTargets().map((target) => [
            target.name,
            v.optional(folder(FOLDER, `${target.label}'s sessions. Default ${target.sessions!.described}.`)),
          ]),
        ) as Record<'claude' | 'codex' | 'copilot' | 'gemini', v.OptionalSchema<ReturnType<typeof folder>, undefined>>,
        `must be an object with ${SESSION_CLIS} folders`,
      ),
      v.description("Where `verify --find` looks for the agent CLIs' session logs."),
    ),
  ),
};

export const configSchema = v.pipe(
  v.looseObject(configEntries, 'must be an object of settings'),
  unknownKeysFlagged(),
  v.title('swarm-conductor config'),
  v.description(
    'Settings read from conductor.config.{ts,js,mjs,cjs,json}, .conductorrc(.json|.yaml) or the "conductor" ' +
      'key of package.json. Unknown keys are ignored with a warning (and flagged by this schema).',
  ),
);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Entries = typeof configEntries;
type SchemaConfig = {
  [K in Exclude<keyof Entries, '$schema'>]?: Exclude<v.InferOutput<Entries[K]>, undefined>;
};
/** Fails to compile when the schema and `ConductorConfig` drift apart. */
export const CONFIG_SCHEMA_MATCHES_TYPE: Same<SchemaConfig, ConductorConfig> = true;
