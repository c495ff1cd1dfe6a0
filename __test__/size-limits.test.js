'use strict'
// "Files under 400 lines, functions under ~80" over the whole tree (scripts/size-limits.js), and
// proof that the check finds what it is meant to find.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync, execFileSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const SCRIPT = path.join(ROOT, 'scripts', 'size-limits.js')

test('no hand-written source file over 400 lines and no function over 80, but the listed exemptions', () => {
  const run = spawnSync(process.execPath, [SCRIPT], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(run.status, 0, run.stdout + run.stderr)
})

test('size-limits.js finds a long file, a long Rust fn and a long JS function, and skips tests', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'size-limits-'))
  try {
    const body = (n) => Array.from({ length: n }, (_, i) => `    let x${i} = "{";`).join('\n')
    fs.mkdirSync(path.join(dir, 'src'))
    fs.mkdirSync(path.join(dir, 'tests'))
    fs.writeFileSync(path.join(dir, 'src', 'long.rs'), `pub fn short() {}\n\npub(crate) async fn long() {\n${body(85)}\n}\n`)
    fs.writeFileSync(path.join(dir, 'src', 'tested.rs'), `fn ok() {}\n#[cfg(test)]\nmod tests {\n fn t() {\n${body(500)}\n }\n}\n`)
    fs.writeFileSync(path.join(dir, 'tests', 'big.rs'), `fn t() {\n${body(500)}\n}\n`)
    fs.writeFileSync(path.join(dir, 'big.js'), `function big () {\n${'  x("}")\n'.repeat(90)}}\n${'// line\n'.repeat(400)}`)
    execFileSync('git', ['init', '-q'], { cwd: dir })
    execFileSync('git', ['add', '.'], { cwd: dir })
    const { overLimits } = require(SCRIPT)
    const found = overLimits(dir).map((r) => r.key).sort()
    assert.deepEqual(found, ['big.js', 'big.js big', 'src/long.rs long'])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
