import { shellQuote } from '../util/text.js';
import { showPath } from '../util/package.js';
import { createHash } from 'node:crypto';
import type { ExecutionPlan } from '../types.js';
import { stepPaths } from '../state/paths.js';
import { buildTemplateVariables, type TemplateVariables, type TemplateVariablesInput } from './variables.js';
import type { TemplateRenderer } from './environment.js';

export const SESSION_TEMPLATE = 'session.md.njk';

/** How a prompt file's header names the program: the same on every machine. */
export const PROMPT_FILE_COMMAND = 'npx swarm-conductor';

export interface RenderStepPromptInput extends TemplateVariablesInput {
  renderer: TemplateRenderer;
  /** Template name; default `session.md.njk`. */
  template?: string;
  /**
   * The sources fingerprint (render/sources.ts) to record in the header, so `status` can tell fresh prompts cheaply.
   */
  sources?: string;
}

export interface RenderedPrompt {
  /** The whole file: the provenance header and the lines for the person (HTML comments), then the prompt. */
  text: string;
  /** The prompt itself: what the agent is given (the file without its header). */
  body: string;
  /** Hash of everything the prompt was made from (template variables and template sources). */
  inputsHash: string;
  /** Project-relative paths. */
  promptPath: string;
  transcriptPath: string;
}

/** Renders one step's prompt. Pure apart from reading templates (cached by the renderer). */
export function renderStepPrompt(input: RenderStepPromptInput): RenderedPrompt {
  const template = input.template ?? SESSION_TEMPLATE;
  const variables = buildTemplateVariables(input);
  const inputsHash = hashInputs(variables, input.execution.plan, input.renderer, template);
  const body = input.renderer.render(template, variables).trim();
  const resolved = input.renderer.resolve(template);
  const templateLabel =
    resolved.origin === 'user'
      ? `${template} (${showPath(resolved.file, input.renderer.root)})`
      : `${template} (built-in)`;
  const { id } = variables.execution;
  const n = variables.step.number;
  const paths = stepPaths(input.proofDir, id, n, variables.step.agentName);
  // A prompt file is committed and read on other machines: its commands are the ones that work
  // in any clone of the project, not the way this machine happens to start the program.
  const command = PROMPT_FILE_COMMAND;
  const header = [
    `<!-- swarm-conductor prompt · execution ${id} · step ${n} of ${variables.execution.stepCount}` +
      ` · agent ${variables.agent.name} · template ${templateLabel} · inputs sha256:${inputsHash}` +
      `${input.sources ? ` · sources ${input.sources}` : ''} -->`,
    // For the person, kept out of the prompt: `prompt` prints the text below these comments.
    `<!-- For the person running the conductor, not part of the prompt: give the agent the text below these comments` +
      ` (\`${command} prompt ${id} ${n}\` prints just that). When the step is done: \`${command} complete ${id} ${n}` +
      ` --output "<what was produced>" --transcript ${shellQuote(paths.transcriptPath)}\`; ` +
      `if it failed: \`${command} fail ` +
      `${id} ${n} --error "<what went wrong>"\`. -->`,
  ].join('\n');
  return { text: `${header}\n\n${body}\n`, body: `${body}\n`, inputsHash, ...paths };
}

/** The prompt in a prompt file: the text after its header comments (the whole text when it has none). */
export function promptBody(file: string): string {
  const header = /^(?:<!-- (?:swarm-conductor prompt |For the person running the conductor)[^\n]*-->\n)+\n?/.exec(file);
  return header ? file.slice(header[0].length) : file;
}

/**
 * A prompt for an agent nobody is watching (`run --headless`): without the sections written for
 * the person at the terminal — a `##` section whose every line is a `>` quote starting "For the
 * person" (the built-in Transcript section: the conductor keeps the headless stream itself).
 */
export function unattendedPrompt(body: string): string {
  return body.replace(/^## [^\n]*\n(?=> For the person)(?:>[^\n]*\n|\n)*(?=## |(?![\s\S]))/gm, '');
}

/** True for the text of a prompt file written by the conductor. */
export function isPromptFile(text: string): boolean {
  return readInputsHash(text) !== undefined;
}

/** The inputs hash recorded in a prompt file's header, if it has one. */
export function readInputsHash(text: string): string | undefined {
  return /^<!-- swarm-conductor prompt .*· inputs sha256:([0-9a-f]+)(?: · sources [0-9a-f]+)? -->/.exec(text)?.[1];
}

// The plan and each agent are the same objects for every prompt of a run: hash each once.
const hashes = new WeakMap<object, string>();

function hashOnce(value: object): string {
  let hash = hashes.get(value);
  if (!hash) {
    hash = createHash('sha256').update(JSON.stringify(value)).digest('hex');
    hashes.set(value, hash);
  }
  return hash;
}

function hashInputs(
  variables: TemplateVariables,
  plan: ExecutionPlan,
  renderer: TemplateRenderer,
  template: string,
): string {
  const { plan: _plan, agent, execution, ...rest } = variables;
  const { order: _order, ...executionRest } = execution; // the order follows from the plan
  return createHash('sha256')
    .update(JSON.stringify({ ...rest, execution: executionRest }))
    .update(hashOnce(plan))
    .update(hashOnce(agent))
    .update(renderer.chainHash(template))
    .digest('hex')
    .slice(0, 16);
}
