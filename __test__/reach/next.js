'use strict'
// The Next.js stacks of the reach suite: a default App Router app (a route handler, a Server
// Component, a Server Action, plus a Pages Router API route in the same server) with no config
// beyond `output: 'standalone'`, built with Turbopack and with --webpack, then served by
// `next start`, by the standalone folder copied elsewhere, and by `next dev`. Each mode checks every
// entry point; the App and Pages routes also report whether a 404 is an `instanceof
// CoherentApiError` (one set of error classes per process, however many route graphs bundle it).
// A second app has an Edge route: ours must fail there with an error naming the fix.

const fs = require('node:fs')
const path = require('node:path')
const { run, freePort, startServer, request, writeFiles, reason } = require('./harness.js')

const PACKAGE = '@coherentx/coherent'

const GATEWAY_MODULE = `import * as coherent from '${PACKAGE}'

function client() {
  return new coherent.Coherent({ environment: 'LOCAL', token: 'api-test-reach', baseUrl: process.env.COHERENT_BASE_URL })
}

export async function readTransaction() {
  return (await client().transactions.get('tx-1')).uuid
}

// How a 404 surfaces: ours rejects with CoherentApiError, the official with an axios error.
export async function missingIs() {
  try {
    await client().transactions.get('missing')
    return 'resolved'
  } catch (e) {
    // Read by name at run time: the official package has no such export, and a static
    // \`coherent.CoherentApiError\` would make webpack warn about it in the official's build.
    const ApiError = Reflect.get(coherent, 'CoherentApiError')
    if (ApiError && e instanceof ApiError) return 'CoherentApiError'
    return e && e.response && e.response.status === 404 ? 'http-404' : 'other: ' + (e && e.message)
  }
}
`

const APP = {
  'lib/gateway.js': GATEWAY_MODULE,
  'app/layout.js': `export default function RootLayout({ children }) {
  return <html><body>{children}</body></html>
}
`,
  'app/page.js': `import { readTransaction } from '../lib/gateway'
export const dynamic = 'force-dynamic'
export default async function Page() {
  return <p>server-component:{await readTransaction()}</p>
}
`,
  'app/api/tx/route.js': `import { readTransaction, missingIs } from '../../../lib/gateway'
export const dynamic = 'force-dynamic'
export async function GET() {
  return Response.json({ uuid: await readTransaction(), missing: await missingIs() })
}
`,
  'app/action/page.js': `import { redirect } from 'next/navigation'
import { readTransaction } from '../../lib/gateway'
export const dynamic = 'force-dynamic'
export default function Page() {
  async function lookUp() {
    'use server'
    const uuid = await readTransaction()
    redirect('/action/done?uuid=' + uuid)
  }
  return <form action={lookUp}><button type="submit">Look up</button></form>
}
`,
  'pages/api/pages-tx.js': `import { readTransaction, missingIs } from '../../lib/gateway'
export default async function handler(req, res) {
  res.status(200).json({ uuid: await readTransaction(), missing: await missingIs() })
}
`,
  'next.config.mjs': `export default { output: 'standalone' }\n`,
}

const EDGE_APP = {
  'lib/gateway.js': GATEWAY_MODULE,
  'app/layout.js': APP['app/layout.js'],
  'app/edge/route.js': `import { readTransaction } from '../../lib/gateway'
export const runtime = 'edge'
export const dynamic = 'force-dynamic'
export async function GET() {
  return Response.json({ uuid: await readTransaction() })
}
`,
}

// Every entry point of the app; resolves a list of failures (empty when all work).
async function checkEntryPoints(base, flavor) {
  const failures = []
  const expectMissing = flavor === 'ours' ? 'CoherentApiError' : 'http-404'
  for (const route of ['/api/tx', '/api/pages-tx', '/api/tx']) {
    const r = await request('GET', base + route)
    let body = null
    try {
      body = JSON.parse(r.body)
    } catch {
      // reported below
    }
    if (r.status !== 200 || !body || body.uuid !== 'tx-1') failures.push(`${route}: ${r.status} ${r.body.slice(0, 120)}`)
    else if (body.missing !== expectMissing) failures.push(`${route}: a 404 was ${body.missing}, not ${expectMissing}`)
  }
  const page = await request('GET', base + '/')
  if (page.status !== 200 || !/server-component:(<!-- -->)?tx-1/.test(page.body)) failures.push(`Server Component: ${page.status}`)
  const form = await request('GET', base + '/action')
  const action = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(form.body)
  if (!action) {
    failures.push(`Server Action: no action id in the page (${form.status})`)
  } else {
    const boundary = 'reachboundary'
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="$ACTION_ID_${action[1]}"\r\n\r\n\r\n--${boundary}--\r\n`
    const posted = await request('POST', base + '/action', { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })
    if (!/uuid=tx-1/.test(posted.headers.location || '')) failures.push(`Server Action: ${posted.status} ${posted.headers.location || posted.body.slice(0, 120)}`)
  }
  return failures
}

async function serve(command, args, { cwd, env, flavor }) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let server
  try {
    server = await startServer(command, args(port), { cwd, env: { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' }, url: base + '/api/tx' })
    const failures = await checkEntryPoints(base, flavor)
    return failures.length ? { ok: false, detail: failures.join('; '), output: server.output() } : { ok: true, detail: 'works' }
  } catch (error) {
    return { ok: false, detail: reason(String(error.message), /Error|error/) }
  } finally {
    if (server) server.stop()
  }
}

/** Bytes and relative paths of the regular files under `dir` (symlinks not followed). */
function folderSize(dir) {
  let bytes = 0
  const files = []
  const walk = (at) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.isFile()) {
        bytes += fs.statSync(file).size
        files.push(path.relative(dir, file))
      }
    }
  }
  walk(dir)
  return { bytes, files }
}

// One build per bundler and flavour, shared by the start and standalone rows.
function buildOnce(ctx, bundler) {
  const key = `next-${bundler}`
  ctx.memo[key] ||= (async () => {
    const dir = ctx.app(key, APP)
    const args = [ctx.tools.next, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])]
    const started = Date.now()
    const built = await run(process.execPath, args, { cwd: dir, env: ctx.env, timeout: 900_000 })
    ctx.timings.push(`next build (${bundler}, ${ctx.flavor}) ${((Date.now() - started) / 1000).toFixed(0)} s`)
    return { dir, built }
  })()
  return ctx.memo[key]
}

function nextStacks(bundler) {
  const label = bundler === 'webpack' ? 'Next.js 16 --webpack' : 'Next.js 16 (Turbopack)'
  const flag = bundler === 'webpack' ? ['--webpack'] : []
  return [
    {
      name: `${label}: next build && next start`,
      async run(ctx) {
        const { dir, built } = await buildOnce(ctx, bundler)
        if (built.code !== 0) return { ok: false, detail: `build fails: ${reason(built.output, /rror/)}` }
        // No build-time noise: webpack's per-module warnings, Turbopack's.
        const noise = built.output.split('\n').filter((l) => /Compiled with warnings|Critical dependency|Can't resolve|non-ecmascript/.test(l))
        if (noise.length) return { ok: false, detail: `the build warned: ${noise.slice(0, 3).join(' / ')}` }
        return serve(process.execPath, (port) => [ctx.tools.next, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, env: ctx.env, flavor: ctx.flavor })
      },
    },
    {
      name: `${label}: output 'standalone' copied elsewhere`,
      async run(ctx) {
        const { dir, built } = await buildOnce(ctx, bundler)
        if (built.code !== 0) return { ok: false, detail: 'build fails' }
        // The standalone folder mirrors the tracing root (the reach tools folder): the server is at
        // the app's path inside it. Copied without the node_modules it was built next to.
        const to = path.join(ctx.shipped, `standalone-${bundler}`)
        fs.rmSync(to, { recursive: true, force: true })
        fs.cpSync(path.join(dir, '.next', 'standalone'), to, { recursive: true, verbatimSymlinks: true })
        const serverJs = [path.join(to, path.relative(ctx.root, dir), 'server.js'), path.join(to, 'server.js')].find((f) => fs.existsSync(f))
        if (!serverJs) return { ok: false, detail: 'no server.js in .next/standalone' }
        // What the deploy carries: its size, and no sandbox (the lazy Sandbox is not traced).
        const { bytes, files } = folderSize(to)
        const sandboxFiles = files.filter((f) => f.includes('coherent-sandbox'))
        if (sandboxFiles.length) return { ok: false, detail: `the standalone folder carries the sandbox: ${sandboxFiles.slice(0, 3).join(', ')}` }
        const size = `${(bytes / 1e6).toFixed(1)} MB in ${files.length} files`
        ctx.timings.push(`next standalone folder (${bundler}, ${ctx.flavor}): ${size}`)
        const served = await serve(process.execPath, () => [serverJs], { cwd: path.dirname(serverJs), env: ctx.env, flavor: ctx.flavor })
        return served.ok ? { ...served, detail: `works (standalone ${size}${ctx.flavor === 'ours' ? ', no sandbox' : ''})` } : served
      },
    },
    {
      name: `${label}: next dev`,
      async run(ctx) {
        const dir = ctx.app(`next-dev-${bundler}`, APP)
        return serve(process.execPath, (port) => [ctx.tools.next, 'dev', ...flag, '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, env: ctx.env, flavor: ctx.flavor })
      },
    },
  ]
}

// Ours must stop `next build` itself (Next evaluates the route while collecting its config) with
// the message naming the fix. The official client builds there; its call is not made: in the
// Edge runtime it goes to http://localhost:3000 directly (no HTTP_PROXY), a port this suite
// never uses.
const edgeStack = {
  name: "Next.js 16 route with export const runtime = 'edge'",
  oursFailsAs: /needs the Node\.js runtime: .*Remove `export const runtime = 'edge'`/,
  async run(ctx) {
    const dir = ctx.app('next-edge', EDGE_APP)
    const built = await run(process.execPath, [ctx.tools.next, 'build'], { cwd: dir, env: ctx.env, timeout: 900_000 })
    if (built.code !== 0) return { ok: false, detail: `build fails: ${reason(built.output, /needs the Node\.js runtime/)}`, output: built.output }
    if (ctx.flavor === 'official') return { ok: true, detail: 'builds (the call itself would need port 3000: not made)' }
    return { ok: false, detail: 'the Edge route built: no early error' }
  },
}

module.exports = { nextStacks, edgeStack }
