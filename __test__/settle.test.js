'use strict'
// Promise settling (src/settle.rs): one channel per JS thread, so worker threads that come and
// go, with calls still in flight when they end, must each get working calls and must not crash
// or hang the process.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { Coherent } = require('..')
const { Recorder } = require('./helpers/recorder')

const TOKEN = 'api-test-0123456789abcdef0123456789abcdef'
const ROOT = path.join(__dirname, '..')

async function startServer() {
  const server = await new Recorder()
    .always((req) => ({ body: JSON.stringify({ uuid: req.url.split('/').pop(), status: 'paid' }) }))
    .listen()
  return { baseUrl: `http://127.0.0.1:${server.port}`, close: () => server.close() }
}

// Each worker loads the addon, settles concurrent calls, then ends with one call still pending.
const WORKER = `
  const { parentPort, workerData } = require('node:worker_threads')
  const { Coherent } = require(workerData.root)
  const c = new Coherent({ environment: 'LOCAL', token: 'w', baseUrl: workerData.baseUrl })
  Promise.all([1, 2, 3].map((i) => c.transactions.get('w' + workerData.n + '-' + i))).then((r) => {
    parentPort.postMessage(r.map((t) => t.uuid))
    c.transactions.get('left-pending')
    if (workerData.exit) process.exit(0)
    else parentPort.close()
  })
`

test('calls settle in worker threads started one after another, ending with calls in flight', async () => {
  const srv = await startServer()
  try {
    for (let n = 0; n < 4; n++) {
      const worker = new Worker(WORKER, { eval: true, workerData: { root: ROOT, baseUrl: srv.baseUrl, n, exit: n % 2 === 0 } })
      const exited = new Promise((r) => worker.once('exit', r))
      const message = new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject) })
      assert.deepEqual(await message, [1, 2, 3].map((i) => `w${n}-${i}`))
      assert.equal(await exited, 0)
    }
    // The main thread's own channel still works alongside.
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    assert.equal((await c.transactions.get('main')).uuid, 'main')
  } finally {
    await srv.close()
  }
})

test('many calls in flight on one thread all settle, in any order', async () => {
  const srv = await startServer()
  try {
    const c = new Coherent({ environment: 'LOCAL', token: TOKEN, baseUrl: srv.baseUrl })
    const ids = Array.from({ length: 500 }, (_, i) => `t${i}`)
    const got = await Promise.all(ids.map((id) => c.transactions.get(id)))
    assert.deepEqual(got.map((t) => t.uuid), ids)
    // A call that fails validation rejects, and the channel keeps working after it.
    await assert.rejects(c.transactions.get(42), /uuid/)
    assert.equal((await c.transactions.get('after')).uuid, 'after')
  } finally {
    await srv.close()
  }
})
