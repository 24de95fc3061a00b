import { openDatabase, dumpPgliteTemplate } from './src/platform/db/database';
import { prepareTemplate } from './test/support/template';
const t = () => performance.now();
let s = t();
const d = await openDatabase({});
console.log('open', (t() - s).toFixed(0)); s = t();
await prepareTemplate(d);
console.log('prepare', (t() - s).toFixed(0)); s = t();
const blob = await dumpPgliteTemplate(d);
console.log('dump', (t() - s).toFixed(0), blob.size); await d.close();
for (let i = 0; i < 3; i++) { s = t(); const b = await openDatabase({ pgliteTemplate: blob }); await prepareTemplate(b); console.log('template open + noop prepare', (t() - s).toFixed(0)); await b.close(); }
