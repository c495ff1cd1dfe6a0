'use strict'
// The GitHub Actions workflows cannot run here, so check what can be checked locally: each file
// parses as YAML, each job has a runner and steps (or calls a reusable workflow), `needs` name
// existing jobs, and the release workflow keeps its promises (targets, Node versions, gated
// publish with provenance).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const YAML = require('yaml')

const REPO = path.join(__dirname, '..')
const WORKFLOWS = path.join(REPO, '.github', 'workflows')
const pkg = require('../package.json')

function loadWorkflows() {
  return fs
    .readdirSync(WORKFLOWS)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => {
      const document = YAML.parseDocument(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'), { uniqueKeys: true })
      assert.deepEqual(document.errors.map(String), [], `${file} parses as YAML`)
      return { file, workflow: document.toJS() }
    })
}

test('every workflow parses and every job has a runner and steps', () => {
  const workflows = loadWorkflows()
  assert.ok(workflows.some(({ file }) => file === 'release.yml'), 'release.yml exists')
  for (const { file, workflow } of workflows) {
    assert.equal(typeof workflow.name, 'string', `${file}: name`)
    assert.ok(workflow.on, `${file}: has triggers ('on')`)
    const jobs = Object.entries(workflow.jobs ?? {})
    assert.ok(jobs.length > 0, `${file}: has jobs`)
    for (const [id, job] of jobs) {
      if (job.uses) continue // a reusable workflow call has neither runs-on nor steps
      assert.ok(job['runs-on'], `${file}: job ${id} has runs-on`)
      assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${file}: job ${id} has steps`)
      for (const [index, step] of job.steps.entries()) {
        assert.ok(Boolean(step.uses) !== Boolean(step.run), `${file}: job ${id} step ${index + 1} has exactly one of uses/run`)
      }
      for (const need of [job.needs ?? []].flat()) {
        assert.ok(workflow.jobs[need], `${file}: job ${id} needs an existing job (${need})`)
      }
    }
  }
})

test('release.yml builds every napi target, tests Node 20/22/24, publishes with provenance from a version commit only', () => {
  const { workflow } = loadWorkflows().find(({ file }) => file === 'release.yml')
  const { lint, build, publish } = workflow.jobs

  const lintRuns = lint.steps.map((s) => s.run ?? '').join('\n')
  for (const command of ['cargo fmt', 'cargo clippy', 'tsc']) assert.ok(lintRuns.includes(command), `lint runs ${command}`)

  const built = build.strategy.matrix.settings.map((s) => s.target).sort()
  assert.deepEqual(built, [...pkg.napi.targets].sort(), 'one build per napi.targets entry')
  for (const settings of build.strategy.matrix.settings) {
    assert.ok(settings.args.includes(`--target ${settings.target}`), `${settings.target} builds for its target`)
  }
  // Both packages' binaries and the standalone executable, from the same flags, each uploaded.
  const buildRuns = build.steps.map((s) => s.run ?? '').join('\n')
  assert.match(buildRuns, /npx napi build \$\{\{ matrix\.settings\.args \}\} --no-js --dts native\.d\.ts/)
  assert.match(buildRuns, /npx napi build \$\{\{ matrix\.settings\.args \}\} [^\n]*--manifest-path \.\.\/\.\.\/crates\/sandbox-node\/Cargo\.toml/)
  assert.match(buildRuns, /-p coherent-sandbox --bin coherent-sandbox/)
  assert.match(buildRuns, /strings [^\n]*\| grep -i -E 'sqlite\|axum'/, "the client's binary is checked for the sandbox")
  const uploads = build.steps.filter((s) => String(s.uses).startsWith('actions/upload-artifact')).map((s) => s.with.name)
  assert.deepEqual(uploads, ['bindings-${{ matrix.settings.target }}', 'sandbox-bindings-${{ matrix.settings.target }}', 'sandbox-executable-${{ matrix.settings.target }}'])

  const testJobs = Object.entries(workflow.jobs).filter(([id]) => id.startsWith('test'))
  const testedTargets = new Set()
  for (const [id, job] of testJobs) {
    assert.deepEqual(job.strategy.matrix.node, ['20', '22', '24'], `${id} runs Node 20, 22 and 24`)
    assert.deepEqual([job.needs].flat(), ['build'], `${id} tests the built artifacts`)
    for (const entry of job.strategy.matrix.settings ?? job.strategy.matrix.target) testedTargets.add(entry.target ?? entry)
  }
  assert.deepEqual([...testedTargets].sort(), built, 'every built target is tested')

  assert.equal(publish.permissions['id-token'], 'write', 'provenance needs an OIDC token')
  assert.deepEqual([publish.needs].flat().sort(), ['lint', ...testJobs.map(([id]) => id)].sort(), 'publish waits for lint and every test')
  const publishRuns = publish.steps.map((s) => s.run ?? '').join('\n')
  assert.match(publishRuns, /git log -1 --pretty=%B/, 'publish checks the last commit message')
  assert.match(publishRuns, /napi artifacts/)
  assert.match(publishRuns, /napi prepublish -t npm/)
  assert.match(publishRuns, /npm publish [^\n]*--provenance/)
  assert.match(publishRuns, /npm pkg delete scripts\.prepare\n[^]*npm publish/, 'the published manifest has no prepare script')
  // Then the sandbox package, from its folder, the same way.
  assert.match(publishRuns, /cd packages\/coherent-sandbox\n\s*npx napi prepublish -t npm --no-gh-release\n\s*npm publish [^\n]*--provenance/)
  assert.match(publishRuns, /cd packages\/coherent-sandbox\n\s*npx napi artifacts --output-dir artifacts --npm-dir npm/)
  const publishStep = publish.steps.find((s) => (s.run ?? '').includes('npm publish'))
  assert.match(publishStep.if, /steps\.release\.outputs\.publish == 'true'/, 'publishing is gated on the version check')
})

test('every napi target has its platform package, for both packages: name, os, cpu, libc, files, main', () => {
  const platforms = {
    'x86_64-unknown-linux-gnu': ['linux-x64-gnu', 'linux', 'x64', 'glibc'],
    'x86_64-unknown-linux-musl': ['linux-x64-musl', 'linux', 'x64', 'musl'],
    'aarch64-unknown-linux-gnu': ['linux-arm64-gnu', 'linux', 'arm64', 'glibc'],
    'aarch64-unknown-linux-musl': ['linux-arm64-musl', 'linux', 'arm64', 'musl'],
    'x86_64-apple-darwin': ['darwin-x64', 'darwin', 'x64'],
    'aarch64-apple-darwin': ['darwin-arm64', 'darwin', 'arm64'],
    'x86_64-pc-windows-msvc': ['win32-x64-msvc', 'win32', 'x64'],
    'aarch64-pc-windows-msvc': ['win32-arm64-msvc', 'win32', 'arm64'],
  }
  const sandboxDir = path.join(REPO, 'packages', 'coherent-sandbox')
  for (const [dir, manifestOf] of [[REPO, pkg], [sandboxDir, require(path.join(sandboxDir, 'package.json'))]]) {
    assert.deepEqual([...manifestOf.napi.targets].sort(), Object.keys(platforms).sort())
    assert.equal(manifestOf.version, pkg.version, `${manifestOf.name}: one version for both packages`)
    const dirs = fs.readdirSync(path.join(dir, 'npm')).filter((d) => fs.statSync(path.join(dir, 'npm', d)).isDirectory())
    assert.deepEqual(dirs.sort(), Object.values(platforms).map(([p]) => p).sort(), 'one npm/<platform> per target, no strays')
    for (const [platform, os, cpu, libc] of Object.values(platforms)) {
      const manifest = require(path.join(dir, 'npm', platform, 'package.json'))
      const binary = `${manifestOf.napi.binaryName}.${platform}.node`
      assert.equal(manifest.name, `${manifestOf.name}-${platform}`)
      assert.equal(manifest.version, manifestOf.version, `${platform}: version follows the main package`)
      assert.deepEqual(manifest.os, [os])
      assert.deepEqual(manifest.cpu, [cpu])
      assert.deepEqual(manifest.libc, libc ? [libc] : undefined)
      assert.equal(manifest.main, binary)
      assert.deepEqual(manifest.files, [binary])
    }
    assert.equal(manifestOf.optionalDependencies, undefined, 'optionalDependencies are added by napi prepublish at release time')
    assert.equal(manifestOf.dependencies, undefined, 'zero runtime dependencies')
  }
})

// Runs the publish job's "Is this a version commit?" step in throwaway git repositories.
const ON_WINDOWS = process.platform === 'win32' && 'the step runs on ubuntu-latest (bash)'

test('the publish gate: only a commit whose message is the package version publishes', { skip: ON_WINDOWS }, () => {
  const { spawnSync } = require('node:child_process')
  const os = require('node:os')
  const { workflow } = loadWorkflows().find(({ file }) => file === 'release.yml')
  const gate = workflow.jobs.publish.steps.find((s) => s.id === 'release')
  assert.equal(gate.shell, 'bash')

  function runGate(version, message) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-gate-'))
    try {
      const git = (...args) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' })
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version }))
      git('init', '-q')
      git('add', '-A')
      const commit = git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message)
      assert.equal(commit.status, 0, commit.stderr)
      const output = path.join(dir, 'github-output')
      fs.writeFileSync(output, '')
      const result = spawnSync('bash', ['-e', '-c', gate.run], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_OUTPUT: output } })
      const outputs = Object.fromEntries(fs.readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=')))
      return { status: result.status, outputs }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  assert.deepEqual(runGate('1.2.3', '1.2.3'), { status: 0, outputs: { publish: 'true', tag: 'latest' } })
  assert.deepEqual(runGate('1.3.0-rc.1', '1.3.0-rc.1'), { status: 0, outputs: { publish: 'true', tag: 'next' } })
  assert.deepEqual(runGate('1.2.3', 'Fix the loader'), { status: 0, outputs: { publish: 'false' } })
  assert.deepEqual(runGate('1.2.3', '1.2.4'), { status: 0, outputs: { publish: 'false' } })
  assert.deepEqual(runGate('1.2.3', '1.2.3\n\nrelease notes'), { status: 0, outputs: { publish: 'true', tag: 'latest' } })
  assert.equal(runGate('banana', 'banana').status, 1, 'a non-semver version fails the job')
})
