'use strict'
// `npm test` on a fresh machine (README, "Developing this package"): its pretest,
// scripts/ensure-system-packages.sh, is the one list of the Debian programs the tests drive.
// Checked here: the list covers every program a test helper runs, .ci/run and package.json use
// the script instead of a list of their own, and the script names what is missing (run as an
// unprivileged user, so it cannot install) and stops, or says nothing when all is there.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const SCRIPT = path.join(ROOT, 'scripts', 'ensure-system-packages.sh')

/** The script's list: [{ files, package }]. */
function required() {
  const body = /^REQUIRED=\(\n([\s\S]*?)\n\)/m.exec(fs.readFileSync(SCRIPT, 'utf8'))[1]
  return body.split('\n').map((line) => {
    const [files, pkg] = line.trim().replace(/^"|"$/g, '').split('|')
    return { files: files.split(' '), package: pkg }
  })
}

test('the list names every system program a test helper runs, each with its Debian package', () => {
  const listed = required().flatMap((entry) => entry.files)
  assert.deepEqual(required().map((entry) => entry.package), ['chromium', 'nginx-light', 'squid', 'openssl'])
  const helpers = path.join(__dirname, 'helpers')
  const used = new Set()
  for (const file of fs.readdirSync(helpers)) {
    for (const match of fs.readFileSync(path.join(helpers, file), 'utf8').matchAll(/'(\/usr\/[^']+)'/g)) used.add(match[1])
  }
  assert.ok(used.size >= 5, `programs found in helpers/: ${[...used]}`)
  for (const program of used) assert.ok(listed.includes(program), `${program} (used by a helper) is in scripts/ensure-system-packages.sh`)
})

test('npm test and .ci/run install them through the script, not a list of their own', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.equal(pkg.scripts.pretest, 'bash scripts/ensure-system-packages.sh')
  const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
  for (const { package: name } of required()) {
    assert.doesNotMatch(ci, new RegExp(`apt-get install[^\\n]*\\b${name}\\b`), `.ci/run installs ${name} itself`)
  }
  assert.match(ci, /^npm test$/m, '.ci/run runs npm test, whose pretest installs them')
})

test('without root it names each missing package and stops; with everything there it says nothing', (t) => {
  // A browser path that cannot exist makes chromium missing whatever this machine has.
  const env = { ...process.env, COHERENT_TEST_BROWSER: path.join(ROOT, 'no-such-dir', 'chromium') }
  // As root, run it as `nobody` (who cannot install), from a copy that user can read: a checkout
  // under /root is not.
  const asRoot = process.getuid && process.getuid() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'system-packages-'))
  fs.chmodSync(dir, 0o755)
  const script = path.join(dir, 'ensure-system-packages.sh')
  fs.copyFileSync(SCRIPT, script)
  fs.chmodSync(script, 0o644)
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const run = (extraEnv) => spawnSync('bash', [script], {
    cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  })
  const missing = run({})
  assert.equal(missing.status, 1, missing.stdout + missing.stderr)
  assert.match(missing.stderr, /chromium \(.*no-such-dir\/chromium\): the sandbox's pages in a real browser/)
  const absent = required().filter((entry) => entry.package !== 'chromium' && entry.files.some((f) => !fs.existsSync(f)))
  const command = `apt-get install -y ${['chromium', ...absent.map((entry) => entry.package)].join(' ')}`
  assert.ok(missing.stderr.includes(command), `names the command: ${command}\n${missing.stderr}`)
  for (const entry of required()) {
    assert.equal(missing.stderr.includes(`  ${entry.package} (`), entry.package === 'chromium' || absent.includes(entry),
      `${entry.package} is listed exactly when missing`)
  }

  // The machine's own state: all there (what pretest leaves behind) is silence and exit 0.
  const browser = process.env.COHERENT_TEST_BROWSER || '/usr/bin/chromium'
  const asIs = run({ COHERENT_TEST_BROWSER: browser })
  const complete = absent.length === 0 && fs.existsSync(browser)
  assert.equal(asIs.status, complete ? 0 : 1, asIs.stderr)
  assert.equal(asIs.stdout + asIs.stderr === '', complete)
})
