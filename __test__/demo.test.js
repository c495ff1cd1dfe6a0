'use strict'
// `npm run demo` (examples/demo.js) as a user runs it: it must walk the whole day and exit 0, and
// when something goes wrong it must exit 1 saying what.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const DEMO = path.join(__dirname, '..', 'examples', 'demo.js')

function runDemo(extraArgs = []) {
  return spawnSync(process.execPath, [...extraArgs, DEMO], { encoding: 'utf8', timeout: 60000 })
}

test('the demo walks the whole day and exits 0', () => {
  const { status, stdout, stderr } = runDemo()
  assert.equal(status, 0, `demo failed:\n${stdout}\n${stderr}`)
  for (const line of [
    /1\. payment link created\s+£120\.00 unpaid/,
    /2\. patient paid at the checkout\s+Visa \*\*\*\* 4242, sent on to \/thank-you/,
    /3\. webhook verified with the API\s+payload says paid; gateway says paid/,
    /forged webhook ignored\s+payload says paid; gateway says unpaid/,
    /4\. partial refund\s+£20\.00 started; transaction still paid/,
    /5\. terminal payment\s+£45\.00 tapped on .+: paid/,
    /month 1 \(\d{4}-\d\d-\d\d\)\s+£25\.00 paid, reference PLAN-0042/,
    /month 2 \(\d{4}-\d\d-\d\d\)\s+paused: skipped/,
    /month 3 \(\d{4}-\d\d-\d\d\)\s+£25\.00 paid, reference PLAN-0042/,
    /plan after three months\s+ended, £50\.00 collected/,
    /the refund of step 4 meanwhile\s+£20\.00 completed/,
    /7\. on-demand charge\s+£40\.00 paid/,
    /8\. declined charge recovered\s+£30\.00 rejected \(insufficient_funds\) -> resumeAndCharge -> paid/,
    /Done: \d+ webhooks received/,
  ]) {
    assert.match(stdout, line)
  }
  assert.equal(stderr.replace(/^.*unexpected operator.*$/gm, '').trim(), '')
})

test('a failure ends the demo with exit code 1 and the reason', (t) => {
  // Make the sandbox's clock route fail, as a broken gateway would.
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-demo-')), 'broken-clock.js')
  t.after(() => fs.rmSync(path.dirname(preload), { recursive: true, force: true }))
  fs.writeFileSync(preload, `
    const realFetch = globalThis.fetch
    globalThis.fetch = (url, init) => String(url).endsWith('/sandbox/clock')
      ? Promise.resolve(new Response('{"message":"clock broken"}', { status: 503 }))
      : realFetch(url, init)
  `)
  const { status, stdout, stderr } = runDemo(['--require', preload])
  assert.equal(status, 1, stdout)
  assert.match(stderr, /demo failed: control route \/sandbox\/clock answered 503: \{"message":"clock broken"\}/)
  assert.match(stdout, /5\. terminal payment/, 'the steps before the failure ran')
  assert.doesNotMatch(stdout, /Done:/)
})

test('the plan months line up when the plan starts on the 31st (Feb 28 in between)', (t) => {
  // Before the demo first reads the sandbox clock, move it so that tomorrow is January 31st.
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-demo-')), 'month-end.js')
  t.after(() => fs.rmSync(path.dirname(preload), { recursive: true, force: true }))
  fs.writeFileSync(preload, `
    const realFetch = globalThis.fetch
    let moved = false
    globalThis.fetch = async (url, init) => {
      if (!moved && String(url).endsWith('/sandbox/clock')) {
        moved = true
        const { now } = await (await realFetch(url)).json()
        const today = Date.parse(now.slice(0, 10))
        const days = Math.round((Date.UTC(new Date(today).getUTCFullYear() + 1, 0, 30) - today) / 86400000)
        await realFetch(String(url) + '/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days }) })
      }
      return realFetch(url, init)
    }
  `)
  const { status, stdout, stderr } = runDemo(['--require', preload])
  assert.equal(status, 0, `${stdout}\n${stderr}`)
  assert.match(stdout, /month 1 \(\d{4}-01-31\)\s+£25\.00 paid/)
  assert.match(stdout, /month 2 \(\d{4}-02-2[89]\)\s+paused: skipped/)
  assert.match(stdout, /month 3 \(\d{4}-03-31\)\s+£25\.00 paid/)
})

test('--keep prints the dashboard URL, keeps the sandbox open until SIGINT, then exits 0', async () => {
  const child = spawn(process.execPath, [DEMO, '--keep'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c) => { stderr += c })
  const kept = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Keeping" line within 60 s:\n${stdout}\n${stderr}`)), 60000)
    child.stdout.on('data', (c) => {
      stdout += c
      const m = /Keeping the sandbox open: (http:\/\/\S+\/) \(Ctrl-C to stop\)/.exec(stdout)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited ${code} early:\n${stdout}\n${stderr}`)) })
  })
  assert.match(stdout, new RegExp(`Dashboard: ${kept.replace(/[.]/g, '\\.')}`), 'the dashboard URL is printed first')
  const page = await fetch(kept)
  assert.equal(page.status, 200)
  const html = await page.text()
  assert.match(html, /TEST MODE/)
  assert.match(html, /Sandbox Clinic/, 'the demo clinic is listed')
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  child.kill('SIGINT')
  assert.deepEqual(await exited, { code: 0, signal: null })
  assert.match(stdout, /Stopped\./)
})
