/**
 * `prompt --explain`: how big each section of a prompt is and what was left out of it. A
 * block's size is measured by rendering the template once more with that block emptied (a
 * two-line child template that extends it), so it works the same for your own templates and
 * overrides as for the built-in one.
 */
import { buildTemplateVariables, type TemplateVariables } from './variables.js';
import type { RenderStepPromptInput } from './prompt.js';
import { SESSION_TEMPLATE } from './prompt.js';

export interface SectionSize {
  /** The template block (README "Overriding a template" lists the built-in ones). */
  block: string;
  characters: number;
  /** Defaults used, parts left out. */
  notes: string[];
}

export interface PromptExplanation {
  stepNumber: number;
  template: string;
  /** Characters of the prompt the agent is given. */
  characters: number;
  /** A rough token count (characters / 4), for comparing with a model's context window. */
  tokens: number;
  sections: SectionSize[];
  /** Text outside every block. */
  outside: number;
}

const BLOCK = /{%-?\s*block\s+([A-Za-z_]\w*)/g;
const COMMENT = /{#[\s\S]*?#}/g;

export function explainPrompt(input: RenderStepPromptInput): PromptExplanation {
  const template = input.template ?? SESSION_TEMPLATE;
  const { renderer } = input;
  const variables = buildTemplateVariables(input);
  const length = (text: string) => text.trim().length;
  const full = length(renderer.render(template, variables));
  const blocks: string[] = [];
  for (const name of [...renderer.chain(template)].reverse()) {
    for (const match of renderer.resolve(name).source.replace(COMMENT, '').matchAll(BLOCK))
      if (!blocks.includes(match[1]!)) blocks.push(match[1]!);
  }
  const sections = blocks.map((block) => {
    const without = length(
      renderer.renderString(
        `{% extends ${JSON.stringify(template)} %}{% block ${block} %}{% endblock %}`,
        variables,
        template,
      ),
    );
    return { block, characters: full - without, notes: notesFor(block, variables) };
  });
  const inBlocks = sections.reduce((sum, section) => sum + section.characters, 0);
  return {
    stepNumber: variables.step.number,
    template,
    characters: full,
    tokens: Math.round(full / 4),
    sections,
    outside: Math.max(full - inBlocks, 0),
  };
}

const count = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** What the built-in blocks were made from, when it was not simply the profile's own text. */
/** The blocks of the sections a profile may leave to the defaults, and what each is called. */
const DEFAULTABLE: Record<string, [keyof TemplateVariables['defaults'], string]> = {
  scope: ['scope', 'scope'],
  boundaries: ['boundaries', 'boundaries'],
  done_definition: ['doneDefinition', 'done definition'],
  refusal_rules: ['refusalRules', 'refusal rules'],
};

function notesFor(block: string, variables: TemplateVariables): string[] {
  const notes: string[] = [];
  const defaultable = Object.hasOwn(DEFAULTABLE, block) ? DEFAULTABLE[block] : undefined;
  if (defaultable && variables.defaults[defaultable[0]])
    notes.push(`the conductor's default ${defaultable[1]}: the profile sets none`);
  switch (block) {
    case 'role': {
      const { agent } = variables;
      if (agent.bodyCharacters > 0)
        notes.push(
          `agent body: ${agent.body.length.toLocaleString('en')} of ${count(agent.bodyCharacters, 'character')}`,
        );
      for (const part of agent.bodyDropped)
        notes.push(
          `dropped: "${part.heading}" (${count(part.characters, 'character')}; ${part.setting} ` +
            `${JSON.stringify(part.entry)})`,
        );
      for (const part of agent.bodyOmitted)
        notes.push(`left out: "${part.heading}" (${count(part.characters, 'character')})`);
      if (agent.description && agent.role !== agent.description) {
        notes.push(
          `role line: ${agent.role.length.toLocaleString('en')} of the description's ` +
            `${count(agent.description.length, 'character')} (its first sentence, without routing text or examples)`,
        );
      }
      break;
    }
    case 'dependencies':
      if (variables.priorContextOmitted > 0)
        notes.push(
          `left out: the ${count(variables.priorContextOmitted, 'oldest context line')} (contextBudget ` +
            `${variables.config.contextBudget})`,
        );
      break;
    case 'other_steps': {
      const { sameWaveOmitted, laterOmitted } = variables.otherSteps;
      if (sameWaveOmitted + laterOmitted > 0)
        notes.push(`left out: ${count(sameWaveOmitted + laterOmitted, 'step')} beyond the first 8 of each list`);
      break;
    }
  }
  return notes;
}
