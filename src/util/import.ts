/**
 * import() for packages outside the bundle (jiti, the prompt library, the clipboard) and for
 * JavaScript config files. Under bin/swarm-conductor.cjs the CLI runs from a V8 code cache
 * (vm.Script), where Node 20 cannot run a dynamic import() itself; the launcher hands one in
 * under this symbol (src/launch.ts). Everywhere else the plain import() is used.
 */
const IMPORT = Symbol.for('swarm-conductor.import');

export function importOutside<T = Record<string, unknown>>(specifier: string): Promise<T> {
  const hook = (globalThis as { [IMPORT]?: (target: string) => Promise<unknown> })[IMPORT];
  return (hook ?? ((target: string) => import(target)))(specifier) as Promise<T>;
}
