// Every ```mermaid block of the Markdown files in a directory must parse with Mermaid.
// Usage: node check_mermaid.mjs DIR   (mermaid and jsdom from the npm registry)
import fs from 'fs';
import path from 'path';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const dir = process.argv[2];
let blocks = 0;
const failures = [];
const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
if (pages.length === 0) failures.push(`no Markdown pages in ${dir}`);
for (const name of pages) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const match of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        blocks += 1;
        try {
            await mermaid.parse(match[1]);
        } catch (e) {
            failures.push(`${name}: ${String(e.message || e).split('\n')[0]}`);
        }
    }
}
for (const f of failures) console.error(f);
console.log(`${blocks} mermaid blocks, ${failures.length} invalid`);
process.exit(failures.length === 0 ? 0 : 1);
