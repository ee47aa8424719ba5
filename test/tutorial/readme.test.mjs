// The README reader of the tutorial test: which blocks it runs, which output it pairs with
// each, and how it compares outputs.  A reader that silently found no blocks, or paired the
// wrong ones, would make the tutorial test pass whatever the README says.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { fencedBlocks, isRun, matchOutput, readme } from './readme.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SAMPLE = `# Intro

\`\`\`sh
not in the tutorial
\`\`\`

# Tutorial: x

\`\`\`sh
echo one
\`\`\`

\`\`\`
one
\`\`\`

Some prose.

\`\`\`
not an output: prose came between
\`\`\`

\`\`\`sql
SELECT 1;
\`\`\`
Prose right after.
\`\`\`
not an output either
\`\`\`

* a list item:

  \`\`\`sql
  SELECT 2;
    -- indented more
  \`\`\`

  \`\`\`
  two
  \`\`\`

<!-- test: the-query -->
\`\`\`graphql
{ a }
\`\`\`

# Reference
`;

describe('fencedBlocks', () => {
  const blocks = fencedBlocks(SAMPLE);

  test('finds every block with its language, section and line', () => {
    assert.deepEqual(blocks.map((b) => [b.lang, b.section, b.line]), [
      ['sh', 'Intro', 3],
      ['sh', 'Tutorial: x', 9],
      ['', 'Tutorial: x', 13],
      ['', 'Tutorial: x', 19],
      ['sql', 'Tutorial: x', 23],
      ['', 'Tutorial: x', 27],
      ['sql', 'Tutorial: x', 33],
      ['', 'Tutorial: x', 38],
      ['graphql', 'Tutorial: x', 43],
    ]);
  });

  test('pairs a run block with the plain block that follows it after blank lines only', () => {
    const outputs = blocks.filter(isRun).map((b) => b.output?.body ?? null);
    assert.deepEqual(outputs, [null, 'one', null, 'two']);
  });

  test('removes the indentation of a block inside a list item, and only that', () => {
    assert.equal(blocks[6].body, 'SELECT 2;\n  -- indented more');
  });

  test('a marker names the block right after it', () => {
    assert.equal(blocks[8].marker, 'the-query');
    assert.equal(blocks.filter((b) => b.marker).length, 1);
  });

  test('an unclosed block is an error, not a silently shorter README', () => {
    assert.throws(() => fencedBlocks('```sh\necho\n'), /README.md:1: unclosed code block/);
  });
});

describe('matchOutput', () => {
  test('the same lines match; trailing blanks do not matter', () => {
    assert.equal(matchOutput('a\nb', 'a  \nb\n\n'), null);
  });

  test('a different, missing or extra line does not match', () => {
    assert.match(matchOutput('a\nb', 'a\nc'), /expected line 2 not found: "b"/);
    assert.notEqual(matchOutput('a\nb', 'a'), null);
    assert.equal(matchOutput('a\nb', 'a\nb\nc'), 'lines in the wrong order or extra lines');
    assert.notEqual(matchOutput('b\na', 'a\nb'), null);
  });

  test('... stands for any lines, none included', () => {
    assert.equal(matchOutput('a\n...\nd', 'a\nb\nc\nd'), null);
    assert.equal(matchOutput('a\n...\nd', 'a\nd'), null);
    assert.equal(matchOutput('...\nc', 'a\nb\nc'), null);
    assert.notEqual(matchOutput('...\nc', 'a\nc\nb'), null);
    assert.equal(matchOutput('...\nx\n...', 'a\nx\nb'), null);
  });

  test('a long output with many wildcards is compared without recursion', () => {
    const got = Array.from({ length: 5000 }, (_, i) => `l${i}`).join('\n');
    assert.equal(matchOutput('...\nl10\n...\nl4999', got), null);
  });
});

describe('README.md', () => {
  const doc = readme(join(top, 'README.md'));

  test('its tutorial has shell and SQL blocks, and outputs for some of them', () => {
    const tutorial = doc.blocks.filter((b) => b.section.startsWith('Tutorial') && isRun(b));
    assert.ok(tutorial.filter((b) => b.lang === 'sh').length >= 3, 'sh blocks');
    assert.ok(tutorial.filter((b) => b.lang === 'sql').length >= 5, 'sql blocks');
    assert.ok(tutorial.filter((b) => b.output).length >= 5, 'outputs');
  });

  test('marks the blocks the tutorial test checks, once each', () => {
    assert.equal(doc.marked('make-demo-output').lang, '');
    assert.equal(doc.marked('console-default-query').lang, 'graphql');
  });
});
