/**
 * `agents export --target skills`: the skill written to every skills folder (skill.ts). A file
 * that holds the same text is unchanged; one that differs (edited by hand, or an older version)
 * is replaced only with `force`, and nothing is written when one would be refused — as every
 * export treats existing files. `init --skill` writes the same files the way init writes its own.
 */
import path from 'node:path';
import { ConductorError } from '../errors.js';
import { ensureDir, readTextIfExists, resolveInside, toProjectPath, writeFileAtomic } from '../util/fs.js';
import { SKILL_FILES, SKILL_MD } from './skill.js';

export interface SkillFile {
  /** Project-relative, forward slashes. */
  file: string;
  action: 'created' | 'replaced' | 'unchanged';
}

export interface ExportSkillOptions {
  /** The project root. */
  root: string;
  /** The folder `out` is relative to. */
  cwd: string;
  /** The folder to write under (default: the project root). */
  out?: string | undefined;
  force?: boolean;
}

/** What each skill file would become, without writing it. */
export function planSkill(root: string, out = root): (SkillFile & { absolute: string })[] {
  return SKILL_FILES.map((relative) => {
    const absolute = resolveInside(root, out, relative, 'skill file');
    const current = readTextIfExists(absolute);
    const action = current === undefined ? 'created' : current === SKILL_MD ? 'unchanged' : 'replaced';
    return { file: toProjectPath(root, absolute), absolute, action };
  });
}

export function exportSkill(options: ExportSkillOptions): SkillFile[] {
  const { root } = options;
  const out = resolveInside(root, options.cwd, options.out ?? root, 'export folder');
  const planned = planSkill(root, out);
  const refused = planned.filter((file) => file.action === 'replaced' && !options.force);
  if (refused.length > 0) {
    const which = refused.length === 1 ? 'a file' : `${refused.length} files`;
    throw new ConductorError(
      'USAGE',
      `${which} would be replaced: ${refused.map((file) => file.file).join(', ')} (it differs from the skill)`,
      { remedies: [{ flag: 'force', why: 'to replace them (nothing was written)' }] },
    );
  }
  for (const file of planned) {
    if (file.action === 'unchanged') continue;
    ensureDir(path.dirname(file.absolute));
    writeFileAtomic(file.absolute, SKILL_MD);
  }
  return planned.map(({ file, action }) => ({ file, action }));
}
