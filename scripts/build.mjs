// Builds dist/: the library as ES modules with type declarations (tsc), and the command line
// as one bundled file (esbuild, dist/cli.cjs) that bin/swarm-conductor.cjs starts. One file
// loads much faster than a hundred modules; jiti stays outside, loaded only for a .ts config.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// The built-in templates, compiled once here and shipped (src/render/precompiled.ts).
const { precompileBuiltins } = await import(path.join(root, 'dist/render/precompiled.js'));
writeFileSync(path.join(root, 'dist/builtin-templates.cjs'), await precompileBuiltins(path.join(root, 'templates')));

const bundle = (entry, outfile) =>
  build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: process.env.BUNDLE_MINIFY !== '0',
    keepNames: true,
    sourcemap: false,
    // Loaded from node_modules when needed, never by the commands that must start fast (the MCP
    // SDK and zod by `mcp` alone, through importOutside).
    external: ['jiti', 'fsevents', 'chokidar', '@clack/prompts', 'clipboardy', '@modelcontextprotocol/sdk', 'zod'],
    alias: {
      // gray-matter's own js-yaml 3 builds a full schema (with esprima) just by being loaded;
      // every engine it would use is replaced (src/agents/parse.ts), so it shares our js-yaml 4.
      'js-yaml': path.join(root, 'node_modules/js-yaml/index.js'),
      'string-width': path.join(root, 'scripts/bundle/string-width.cjs'),
      // Its UMD build requires its own parts by computed names, which a bundle cannot follow.
      'jsonc-parser': path.join(root, 'node_modules/jsonc-parser/lib/esm/main.js'),
    },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    logLevel: 'warning',
  });
await bundle('src/cli.ts', 'dist/cli.cjs');
asciiOnly(path.join(root, 'dist/cli.cjs'));
// The launcher is its own small file: it checks the code cache before the bundle is read.
await bundle('src/launch.ts', 'dist/launch.cjs');

/**
 * Rewrites every non-ASCII character of the bundle as a `\uXXXX` escape of its UTF-16 code units.
 * esbuild escapes strings but leaves regular expression literals (and String.raw sources) as
 * written, and a source with one non-ASCII character is decoded by V8's slow UTF-8 path into a
 * two-byte string: ~8 ms of every command's start-up for 742 KB. An ASCII bundle is read as
 * latin1 (src/launch.ts), a copy and no decoding. The escape means the same character in a
 * string, a template, an identifier and a regular expression (a surrogate pair escape is one code
 * point under the u flag); a non-ASCII character after a backslash would not, so it stops the build.
 */
function asciiOnly(file) {
  const source = readFileSync(file, 'utf8');
  const escaped = source.replace(/(\\?)([^\x00-\x7f])/g, (_match, backslash, char) => {
    if (backslash) throw new Error(`${file}: a backslash before ${JSON.stringify(char)}; cannot escape it`);
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, escaped);
}
