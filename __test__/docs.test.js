'use strict'
// The docs, checked mechanically:
// - every fact of the README as it was before the split into two audiences (cb8fc26, kept in
//   fixtures/readme-cb8fc26.md) is still findable in README.md, docs/ or the sandbox package's
//   README: each heading, code span, table row (by its first cell, so a row's text may be edited
//   later while its code spans are still checked), code line and outside link, but the deliberate
//   changes listed in CHANGED with where the fact went;
// - every relative link and image of the project's markdown files resolves, anchors included;
// - README.md stays under 500 lines, and each README's contents list links every section.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8')
const docsDir = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)
const SANDBOX_README = 'packages/coherent-sandbox/README.md'
// Where today's facts live: the integrator's README, the references in docs/, the sandbox's README.
const HOMES = ['README.md', ...docsDir, SANDBOX_README]
const LINKED = [...HOMES, 'CONTRIBUTING.md', 'BENCHMARKS.md']

// Old facts deliberately changed, each with the reason and where its content is now.
const CHANGED = new Map([
  ["code: const { Sandbox, Coherent } = require('@coherentx/coherent')",
    'the sandbox is its own package: its README imports Sandbox from @coherentx/coherent-sandbox; ' +
    "the old form still works and is described in both READMEs (README: 'The sandbox: an offline Coherent gateway')"],
  ["code: docs/              the README's screenshots (npm run screenshots)",
    'docs/ now also holds the references behind the README: docs/development.md, Layout, says so'],
  ['code: scripts/           build:targets (cross-builds), check-binary.js, ensure-chromium.sh (pretest),',
    'scripts/ensure-chromium.sh became scripts/ensure-system-packages.sh (Chromium, nginx, squid, openssl): docs/development.md, Layout'],
  ['code: module-cycles.js, screenshots.js', 'the same Layout line, rewrapped'],
  // The two-packages split (issue 19) changed the Layout lines that named the sandbox's old homes.
  ['code: guard (Host, cross-site writes, CORS, security headers, remote token: one middleware)',
    'docs/development.md, Layout: the same line, followed by cli and main.rs (the standalone executable)'],
  ['code: bin/               coherent-sandbox, the command that runs the sandbox',
    'bin/ moved to packages/coherent-sandbox/bin/: docs/development.md, Layout'],
  ['code: to JS once), errors.rs (ErrorDetails, what lib/errors.js reads), sandbox.rs;',
    'src/sandbox.rs moved to crates/sandbox-node/: docs/development.md, Layout'],
  ['code: build:errors-dts`), enum objects, the binary loader and its errors,',
    'the same Layout line, now naming lib/sandbox.js (the lazily loaded Sandbox)'],
])

const normalize = (text) => text.replace(/\s+/g, ' ').trim()

/** Headings, code spans, table rows, fenced code lines and outside links of a markdown text. */
function facts(markdown) {
  const out = { headings: [], spans: [], rows: [], code: [], links: [] }
  const prose = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced
      continue
    }
    if (fenced) {
      if (line.trim()) out.code.push(line.trim())
      continue
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line)
    if (heading) out.headings.push(normalize(heading[1]))
    else if (/^\s*\|/.test(line) && !/^\s*\|[\s|:-]+\|\s*$/.test(line)) out.rows.push(normalize(line))
    prose.push(line)
  }
  const text = prose.join('\n')
  // Code spans may wrap lines; a span of two backticks may hold one.
  for (const match of text.matchAll(/(`+)([\s\S]+?)\1/g)) out.spans.push(normalize(match[2]))
  for (const match of text.replace(/`[^`]*`/g, '').matchAll(/\]\((https?:[^)\s]+)\)/g)) out.links.push(match[1])
  return out
}

/** A table row's first cell: what the row is about. */
const firstCell = (row) => row.split('|')[1].trim()

function corpus() {
  const all = { headings: new Set(), rows: new Set(), rowKeys: new Set(), code: new Set(), text: '' }
  for (const file of HOMES) {
    const markdown = read(file)
    const f = facts(markdown)
    f.headings.forEach((h) => all.headings.add(h))
    f.rows.forEach((r) => {
      all.rows.add(r)
      all.rowKeys.add(firstCell(r))
    })
    f.code.forEach((c) => all.code.add(c))
    all.text += ' ' + normalize(markdown)
  }
  return all
}

test('every fact of the README before the split is still in README.md, docs/ or the sandbox README', () => {
  const before = facts(read('__test__/fixtures/readme-cb8fc26.md'))
  const now = corpus()
  const found = {
    heading: (h) => now.headings.has(h),
    span: (s) => now.text.includes('`' + s + '`') || now.text.includes('`` ' + s + ' ``') || [...now.code].some((c) => c.includes(s)),
    row: (r) => now.rows.has(r) || now.rowKeys.has(firstCell(r)),
    code: (c) => now.code.has(c),
    link: (l) => now.text.includes(`](${l})`),
  }
  const kinds = { heading: before.headings, span: before.spans, row: before.rows, code: before.code, link: before.links }
  assert.ok(before.headings.length >= 35 && before.spans.length > 500 && before.rows.length > 100 && before.code.length > 80,
    'the fixture is the old README, with all its facts')
  const missing = []
  let checked = 0
  for (const [kind, list] of Object.entries(kinds)) {
    for (const fact of new Set(list)) {
      checked++
      if (!found[kind](fact) && !CHANGED.has(`${kind}: ${fact}`)) missing.push(`${kind}: ${fact}`)
    }
  }
  assert.deepEqual(missing, [], `facts of the old README found nowhere (move them, or list them in CHANGED with where they went); ${checked} checked`)
  for (const changed of CHANGED.keys()) {
    const [kind, ...rest] = changed.split(': ')
    assert.ok(!found[kind](rest.join(': ')), `CHANGED lists a fact that is still there, remove it from the list: ${changed}`)
  }
})

test('the check would notice a lost fact', () => {
  const before = facts('## A heading\n\nText with `a-code-span-nobody-wrote`.\n\n| a | row |\n| --- | --- |\n| one | two |\n')
  const now = corpus()
  assert.equal(now.headings.has(before.headings[0]), false)
  assert.equal(now.text.includes('`' + before.spans[0] + '`'), false)
  assert.deepEqual(before.rows, ['| a | row |', '| one | two |'])
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
function anchors(markdown) {
  const seen = new Map()
  const result = new Set()
  for (const heading of facts(markdown).headings) {
    const base = heading.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const n = seen.get(base) || 0
    seen.set(base, n + 1)
    result.add(n ? `${base}-${n}` : base)
  }
  return result
}

/** Relative link targets outside code: markdown links and images, and HTML src/href. */
function relativeLinks(markdown) {
  const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '')
  const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g), ...prose.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1])
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))
}

test('every relative link and image in the markdown files resolves, anchors included', () => {
  const broken = []
  let count = 0
  for (const file of LINKED) {
    for (const target of relativeLinks(read(file))) {
      count++
      const [pathPart, anchor] = target.split('#')
      const resolved = pathPart ? path.join(path.dirname(file), decodeURIComponent(pathPart)) : file
      if (!fs.existsSync(path.join(ROOT, resolved))) {
        broken.push(`${file}: ${target} (no ${resolved})`)
      } else if (anchor !== undefined && !anchors(read(resolved)).has(anchor)) {
        broken.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`)
      }
    }
  }
  assert.ok(count > 60, `links found: ${count}`)
  assert.deepEqual(broken, [])
})

test('the anchor rule matches GitHub on the headings used here', () => {
  const slugs = anchors('## What differs, and why\n## Channels (diagnostics_channel)\n## The `coherent-sandbox` command\n' +
    '### HTTP/2\n## If npm installed no binary (the optional-dependencies pitfall)\n## Usage\n## Usage\n')
  assert.deepEqual([...slugs], ['what-differs-and-why', 'channels-diagnostics_channel', 'the-coherent-sandbox-command',
    'http2', 'if-npm-installed-no-binary-the-optional-dependencies-pitfall', 'usage', 'usage-1'])
})

test('README.md is under 500 lines and each README lists every section in its contents', () => {
  const readme = read('README.md')
  const lines = readme.split('\n').length
  assert.ok(lines < 500, `README.md has ${lines} lines: move a long reference to docs/`)
  for (const file of ['README.md', SANDBOX_README]) {
    const markdown = read(file)
    const contents = /^## Contents\n([\s\S]*?)\n## /m.exec(markdown)
    assert.ok(contents, `${file} has a "## Contents" section`)
    const listed = new Set([...contents[1].matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]))
    const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]).filter((h) => h !== 'Contents')
    for (const section of sections) {
      const [slug] = anchors(`## ${section}`)
      assert.ok(listed.has(slug), `${file}: section "${section}" is missing from its contents (#${slug})`)
    }
  }
})
