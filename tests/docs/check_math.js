// Every $…$ span of the Markdown files in a directory must be valid LaTeX for KaTeX.
// Usage: node check_math.js DIR   (katex from the npm registry, see tests/docs/package.json)
const fs = require('fs');
const path = require('path');
const katex = require('katex');

const dir = process.argv[2];
let spans = 0;
const failures = [];
const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
if (pages.length === 0) failures.push(`no Markdown pages in ${dir}`);
for (const name of pages) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');  // code is not math
    for (const match of prose.matchAll(/\$([^$\n]+)\$/g)) {
        spans += 1;
        try {
            katex.renderToString(match[1], { throwOnError: true, strict: 'error' });  // warnings are errors too
        } catch (e) {
            failures.push(`${name}: $${match[1]}$: ${e.message}`);
        }
    }
}
for (const f of failures) console.error(f);
console.log(`${spans} math spans, ${failures.length} invalid`);
process.exit(failures.length === 0 ? 0 : 1);
