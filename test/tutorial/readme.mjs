// Reads README.md the way the tutorial test needs it: the fenced blocks of a section, in order,
// with the output block that follows each, and the blocks marked for a check.
//
// Conventions (the README's readers see ordinary code blocks):
//   ```sql / ```sh   a block the reader runs: the test runs every one of the Tutorial, in order;
//   ```              (no language) right after such a block, with only blank lines between: what
//                    it prints, compared line by line; a line `...` stands for any lines;
//   <!-- test: NAME -->  on the line before a block: the block the test calls NAME.
import { readFileSync } from 'node:fs';

const FENCE = /^( *)```([\w-]*)\s*$/;
const MARKER = /^<!-- test: ([\w-]+) -->$/;

// Every fenced block of `text`: { lang, body, line (1-based, of the opening fence), marker,
// section (the last `# ` heading before it), output (the block printed by a sql/sh block) }.
export function fencedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  let section = '';
  let marker = null;
  let blankSinceBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (!fence) {
      if (/^# /.test(line)) section = line.slice(2).trim();
      const m = MARKER.exec(line.trim());
      if (m) marker = m[1];
      else if (line.trim() !== '') { marker = null; blankSinceBlock = false; }
      continue;
    }
    const indent = fence[1].length;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^ {0,${indent}}\`\`\`\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
    }
    if (j >= lines.length) throw new Error(`README.md:${i + 1}: unclosed code block`);
    const block = { lang: fence[2], body: body.join('\n'), line: i + 1, marker, section, output: null };
    const previous = blocks.at(-1);
    if (block.lang === '' && blankSinceBlock && previous && isRun(previous) && previous.output === null) {
      previous.output = block;
      block.isOutput = true;
    }
    blocks.push(block);
    marker = null;
    blankSinceBlock = true;
    i = j;
  }
  return blocks;
}

export const isRun = (block) => block.lang === 'sql' || block.lang === 'sh';

export function readme(path) {
  const text = readFileSync(path, 'utf8');
  const blocks = fencedBlocks(text);
  return {
    text,
    blocks,
    section: (title) => blocks.filter((b) => b.section === title),
    marked: (name) => {
      const hits = blocks.filter((b) => b.marker === name);
      if (hits.length !== 1) throw new Error(`README.md: ${hits.length} blocks marked "${name}", want 1`);
      return hits[0];
    },
  };
}

// Whether `actual` is what `expected` shows: the same lines (trailing blanks ignored), where an
// expected line `...` matches any number of lines.  Returns null, or the first line that differs.
export function matchOutput(expected, actual) {
  const norm = (s) => s.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '').split('\n');
  const want = norm(expected);
  const got = norm(actual);
  // memo[i][j]: want[i..] matches got[j..]; iterative, so no recursion on long outputs.
  const memo = Array.from({ length: want.length + 1 }, () => new Array(got.length + 1).fill(false));
  memo[want.length][got.length] = true;
  for (let i = want.length - 1; i >= 0; i--) {
    for (let j = got.length; j >= 0; j--) {
      memo[i][j] = want[i] === '...'
        ? memo[i + 1][j] || (j < got.length && memo[i][j + 1])
        : j < got.length && want[i] === got[j] && memo[i + 1][j + 1];
    }
  }
  if (memo[0][0]) return null;
  // The first expected line that no alignment gets past, for the message.
  let j = 0;
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '...') continue;
    const at = got.indexOf(want[i], j);
    if (at < 0) return `expected line ${i + 1} not found: ${JSON.stringify(want[i])}`;
    j = at + 1;
  }
  return 'lines in the wrong order or extra lines';
}
