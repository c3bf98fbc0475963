/**
 * Checks on parsed data from files a stranger may have written: YAML aliases (`*name`) can make
 * a few lines stand for billions of values once the data is copied or serialised ("billion
 * laughs"), and very deep nesting can overflow the stack of anything that walks it. Both are
 * refused before the data is used. The walk is iterative and visits each node once.
 */
const MAX_DEPTH = 64;

/** A problem with the data's shape, or undefined when it is plain, tree-shaped and shallow. */
export function dataShapeProblem(data: unknown): string | undefined {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value)) return 'it reuses a value through a YAML alias (*name); write the values out';
    seen.add(value);
    if (depth >= MAX_DEPTH) return `it is nested more than ${MAX_DEPTH} levels deep`;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return undefined;
}
