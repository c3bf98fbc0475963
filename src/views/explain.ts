/** `prompt --explain` as people read it: a table of the prompt's sections and what each was made from. */
import type { PromptExplanation } from '../render/explain.js';

const count = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** The explanation as a table a person reads. */
export function formatExplanation(explanation: PromptExplanation): string {
  const width = Math.max(7, ...explanation.sections.map((section) => section.block.length));
  const lines = [
    `Step ${explanation.stepNumber}: ${count(explanation.characters, 'character')} (about ` +
      `${count(explanation.tokens, 'token')}), template ${explanation.template}`,
    '',
    `${'section'.padEnd(width)}  ${'chars'.padStart(7)}  ${'share'.padStart(5)}  notes`,
  ];
  const share = (n: number) => `${explanation.characters === 0 ? 0 : Math.round((n / explanation.characters) * 100)}%`;
  for (const section of explanation.sections) {
    const [first, ...rest] = section.notes;
    lines.push(
      `${section.block.padEnd(width)}  ${section.characters.toLocaleString('en').padStart(7)}  ` +
        `${share(section.characters).padStart(5)}  ${first ?? ''}`.trimEnd(),
    );
    for (const note of rest) lines.push(`${''.padEnd(width + 18)}${note}`);
  }
  if (explanation.outside > 0)
    lines.push(
      `${'(outside blocks)'.padEnd(width)}  ${explanation.outside.toLocaleString('en').padStart(7)}  ` +
        `${share(explanation.outside).padStart(5)}`,
    );
  return lines.join('\n');
}
