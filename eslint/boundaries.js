// The import boundaries of the architecture (shared/DESIGN.md): the platform never imports an app, an app never imports another
// (nor src/apps/index.ts or schemas.ts, which gather every app), and the browser code in web/ never
// imports the server's src/. Relative specifiers are resolved against the importing file, so web/src/…
// is told apart from the root src/; package names are not boundaries and are left alone.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

/** The rule broken when `from` imports `to` (both relative to the repository), or undefined. */
export function boundaryBroken(from, to) {
  if (from.startsWith('src/platform/') && to.startsWith('src/apps/')) return 'the platform must not import an app';
  const app = /^src\/apps\/([^/]+)\//.exec(from)?.[1];
  if (app && to.startsWith('src/apps/') && !to.startsWith(`src/apps/${app}/`)) return `the ${app} app must not import another app`;
  if (from.startsWith('web/') && (to === 'src' || to.startsWith('src/'))) return 'web/ must not import the server (src/)';
  return undefined;
}

const rule = {
  meta: { type: 'problem', schema: [], messages: { broken: '{{why}}: {{spec}}' } },
  create(context) {
    const from = rel(context.filename);
    const check = (node) => {
      const spec = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (!spec || !(spec.startsWith('.') || spec.startsWith('/'))) return;
      const to = rel(path.resolve(path.dirname(context.filename), spec));
      const why = boundaryBroken(from, to);
      if (why) context.report({ node, messageId: 'broken', data: { why, spec } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { imports: rule } };
