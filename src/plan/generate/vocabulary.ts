/**
 * The words the plan generator phrases and sorts a plan with, shipped as data/vocabulary.json
 * beside the lexicon (data/lexicon.json, read by route.ts): the verbs that open a task, the
 * pronouns that refer back, each phase's default verb and the words that put an agent in it,
 * the verbs that make a step one of findings, tests, docs, shipping or research, and the words in
 * agent names that say what kind of agent it is (route.ts). What is done
 * with them stays in index.ts; adding a word is an edit of the data file alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR } from '../../util/package.js';

/** The phases of a plan, in the order their steps run. */
export const PHASES = ['build', 'verify', 'secure', 'ship', 'integrate'] as const;
export type Phase = (typeof PHASES)[number];
/** What a step leaves behind, by the verb of its work; any other verb builds. */
export const STEP_KINDS = ['findings', 'tests', 'docs', 'ship', 'research', 'build'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

interface VocabularyFile {
  verbs: string[];
  pronouns: string[];
  phaseVerbs: Record<Phase, string>;
  phaseWords: Record<Exclude<Phase, 'build'>, string[]>;
  domainPhases: Record<string, Phase>;
  stepKinds: Record<string, Exclude<StepKind, 'build'>>;
  roleWords: string[];
}

export interface Vocabulary {
  /** Words that open a task ("add", "deploy"; "set up" by its first word). */
  verbs: Set<string>;
  /** Words that refer back ("fix it"): not content of their own. */
  pronouns: Set<string>;
  /** The verb of a phase's task when none of its parts has one. */
  phaseVerbs: Record<Phase, string>;
  /** Words in an agent's name that put it in a phase after building, in the order they are tried. */
  phaseWords: Record<Exclude<Phase, 'build'>, string[]>;
  /** Lexicon domains whose agents work in a later phase than building. */
  domainPhases: Record<string, Phase>;
  /** The kind of step a verb's work is (review → findings); a verb not here builds. */
  stepKinds: Record<string, Exclude<StepKind, 'build'>>;
  /** Words in agent names that say what kind of agent it is ("expert", "pro"), not what it works on. */
  roleWords: string[];
}

let loaded: Vocabulary | undefined;

/** The shipped vocabulary, read once. */
export function vocabulary(): Vocabulary {
  if (loaded) return loaded;
  const file = path.join(DATA_DIR, 'vocabulary.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as VocabularyFile;
  checkKeys(file, data);
  loaded = {
    verbs: new Set(data.verbs),
    pronouns: new Set(data.pronouns),
    phaseVerbs: data.phaseVerbs,
    phaseWords: data.phaseWords,
    domainPhases: data.domainPhases,
    stepKinds: data.stepKinds,
    roleWords: data.roleWords,
  };
  return loaded;
}

/** The file's tables are keyed by phases and step kinds the code knows: a typo would route nothing. */
function checkKeys(file: string, data: VocabularyFile): void {
  const phases: readonly string[] = PHASES;
  const kinds: readonly string[] = STEP_KINDS;
  const bad = [
    ...PHASES.filter((phase) => typeof data.phaseVerbs?.[phase] !== 'string').map((phase) => `phaseVerbs.${phase}`),
    ...Object.keys(data.phaseWords ?? {})
      .filter((phase) => phase === 'build' || !phases.includes(phase))
      .map((phase) => `phaseWords.${phase}`),
    ...Object.entries(data.domainPhases ?? {})
      .filter(([, phase]) => !phases.includes(phase))
      .map(([domain]) => `domainPhases.${domain}`),
    ...Object.entries<string>(data.stepKinds ?? {})
      .filter(([, kind]) => kind === 'build' || !kinds.includes(kind))
      .map(([verb]) => `stepKinds.${verb}`),
  ];
  if (!Array.isArray(data.verbs)) bad.push('verbs');
  if (!Array.isArray(data.pronouns)) bad.push('pronouns');
  if (!Array.isArray(data.roleWords)) bad.push('roleWords');
  if (bad.length > 0) throw new Error(`swarm-conductor: ${file}: unknown or missing ${bad.join(', ')}`);
}
