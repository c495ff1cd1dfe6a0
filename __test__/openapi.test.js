'use strict'
// openapi.json cannot drift from the client:
// - its request schemas are the request tables of crates/schema (printed as JSON by
//   `cargo run -p coherent-schema --example request_tables`): the same body keys in the same
//   order, the same required and optional fields, path fields as path parameters, and every
//   table used by exactly one operation;
// - its methods and paths are exactly the endpoints the differential test drives against
//   0.0.61 (the wire captures `wire: [method, path, ...]` of __test__/differential.test.js), and
//   its operations name exactly that test's client methods;
// - the sandbox serves it byte for byte at GET /openapi.json, and its dashboard's API reference
//   page shows every operation.
// (`cargo test -p coherent-openapi` proves the committed file fresh from the generator.)

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const REPO = path.join(__dirname, '..')
const TEXT = fs.readFileSync(path.join(REPO, 'openapi.json'), 'utf8')
const DOC = JSON.parse(TEXT)

const { rustTables } = require('./helpers/request-tables')

/** [{ method, path, op }] for every operation of the document. */
function operations() {
  const out = []
  for (const [p, item] of Object.entries(DOC.paths)) {
    for (const [method, op] of Object.entries(item)) out.push({ method: method.toUpperCase(), path: p, op })
  }
  return out
}

function resolve(schema) {
  if (!schema || !schema.$ref) return schema
  return schema.$ref.slice(2).split('/').reduce((node, key) => node[key], DOC)
}

/** The differential test's source, cut to its METHODS table. */
function differentialMethods() {
  const source = fs.readFileSync(path.join(__dirname, 'differential.test.js'), 'utf8')
  const start = source.indexOf('const METHODS = [')
  const end = source.indexOf('\n]\n', start)
  assert.ok(start > 0 && end > start, 'differential.test.js has its METHODS table')
  return source.slice(start, end)
}

/** Every `wire: ['METHOD', '/api/v1/...'` capture of the differential test's METHODS. */
function wireCaptures() {
  const captures = [...differentialMethods().matchAll(/wire: \['(GET|POST|PUT|PATCH|DELETE)', '([^']+)'/g)]
  return captures.map(([, method, p]) => ({ method, path: p }))
}

/** The client method names of the differential test's METHODS (`paymentPlans.execute (ours) vs ...` too). */
function differentialNames() {
  const names = [...differentialMethods().matchAll(/name: '([a-zA-Z]+\.[a-zA-Z]+)/g)].map((m) => m[1])
  return new Set(names)
}

function templateRegex(template) {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)
}

test('every request table is one operation\'s body: same keys in order, same required fields, path fields as parameters', () => {
  const tables = rustTables()
  const used = new Map()
  for (const { op } of operations()) {
    for (const name of op['x-coherent-requests']) {
      assert.ok(!used.has(name), `${name} is used by one operation only`)
      used.set(name, op)
    }
  }
  assert.deepEqual([...used.keys()].sort(), Object.keys(tables).sort(), 'the operations use exactly the tables')
  for (const [name, table] of Object.entries(tables)) {
    const op = used.get(name)
    const params = (op.parameters || []).map((p) => p.name)
    for (const field of table.fields.filter((f) => f.place === 'path')) {
      assert.ok(params.includes(field.name), `${name}.${field.name} is a path parameter of ${op.operationId}`)
    }
    const bodyFields = table.fields.filter((f) => f.place === 'body')
    const bodySchema = op.requestBody.content['application/json'].schema
    if (table.body === 'null') {
      assert.equal(bodyFields.length, 0)
      assert.ok(bodySchema.anyOf.some((s) => s.type === 'null'), `${op.operationId} accepts the body null (${name})`)
      continue
    }
    const schema = DOC.components.schemas[name]
    assert.ok(schema, `components.schemas.${name}`)
    assert.equal(schema['x-coherent-body'], table.body, `${name}: how the body is built`)
    assert.deepEqual(Object.keys(schema.properties), bodyFields.map((f) => f.name), `${name}: body keys in table order`)
    const required = new Set(schema.required || [])
    // "Required unless": the field or its alternative must be there (allOf of anyOf of required).
    const alternatives = new Set((schema.allOf || []).flatMap((rule) => (rule.anyOf || []).flatMap((s) => s.required || [])))
    for (const field of bodyFields) {
      if (field.optional) {
        assert.ok(!required.has(field.name), `${name}.${field.name} is optional`)
      } else {
        assert.ok(required.has(field.name) || alternatives.has(field.name), `${name}.${field.name} is required`)
      }
    }
    for (const field of table.fields.filter((f) => f.place === 'notSent')) {
      assert.ok(!(field.name in schema.properties), `${name}.${field.name} is never sent, so not in the body`)
    }
    const opBody = resolve(bodySchema.anyOf ? bodySchema.anyOf[0] : bodySchema)
    assert.equal(opBody, schema, `${op.operationId} takes ${name}`)
  }
})

test('the methods and paths are exactly the endpoints the differential test drives', () => {
  const captures = wireCaptures()
  assert.ok(captures.length >= 28, `${captures.length} wire captures`)
  const ops = operations()
  const hits = new Map(ops.map((o) => [o, 0]))
  for (const capture of captures) {
    const matching = ops.filter((o) => o.method === capture.method && templateRegex(o.path).test(capture.path))
    assert.equal(matching.length, 1, `${capture.method} ${capture.path} is one operation of the document`)
    hits.set(matching[0], hits.get(matching[0]) + 1)
  }
  for (const [o, count] of hits) assert.ok(count > 0, `${o.method} ${o.path} is driven by the differential test`)
  const methods = ops.flatMap((o) => o.op['x-coherent-methods'])
  assert.equal(new Set(methods).size, methods.length, 'each client method belongs to one operation')
  assert.deepEqual(new Set(methods), differentialNames(), 'the operations name the differential test\'s client methods')
})

test('the document says what it is, and how to authenticate', () => {
  assert.equal(DOC.openapi, '3.1.0')
  assert.match(DOC.info.description, /Not published by the vendor/)
  assert.deepEqual(DOC.components.securitySchemes.accessToken, {
    type: 'apiKey', in: 'header', name: 'access-token', description: DOC.components.securitySchemes.accessToken.description,
  })
  assert.deepEqual(DOC.servers.map((s) => s.description.split(':')[0]), ['LOCAL', 'TEST', 'PRODUCTION'])
  const { Environment } = require('..')
  assert.deepEqual(Object.values(Environment).sort(), ['LOCAL', 'PRODUCTION', 'TEST'])
})

// The URL rule is written twice, as the document's pattern and as the sandbox's check
// (crates/sandbox/src/http_url.rs): both must give every sample the same verdict.
const URL_SAMPLES = [
  'https://clinic.example/paid?ref=INV-1&x=%20#top', 'http://localhost:3000', 'http://127.0.0.1:65535/hook',
  'http://[::1]:8080/', 'https://my-clinic.co.uk', 'https://A.B2', 'http://a', 'https://a.b/~!$&()*+,;=:@-._',
  'https://GA.n.xsVFS*', 'https://J.oan52.Z.0:6', 'ftp://clinic.example', 'HTTPS://clinic.example', ' https://a.b',
  'https://a.b ', 'https://a.b/x y', 'https://a.b/\t', 'https://a.b/\n', 'https://a.b/é?q=ü', 'https://bücher.de',
  'https://xn--bcher-kva.example', 'https://a--b.example', 'https://a.b/\u007f', 'https://a.b/\u00a0', 'https://a.b/\u0085', 'https://a.b/x\u2003y', 'https://a.b/\u3000',
  'https://-a.example', 'https://a-.example', 'https://a..example', 'https://a.b:0',
  'https://a.b:65536', 'https://a.b:080', 'https://a.b:', 'http://256.1.1.1', 'http://01.1.1.1', 'http://1.2.3',
  'http://[::2]', 'https://', 'https://user@a.b', 'https://a.b\\x', 'https://a.b?', 'https://a.b#', 'https://1a.b2c',
]

test('the document\'s URL pattern and the sandbox give every sample URL the same verdict', async () => {
  const pattern = new RegExp(DOC.components.schemas.OnboardingRequest.properties.webhookUrl.pattern, 'u')
  const { Sandbox } = require('..')
  const sandbox = await Sandbox.start({ port: 0 })
  const headers = { 'access-token': `api-test-${'21'.repeat(16)}`, 'content-type': 'application/json' }
  try {
    const [merchant] = await (await fetch(`${sandbox.url}/api/v1/merchant`, { headers })).json()
    let accepted = 0
    for (const url of URL_SAMPLES) {
      const answer = await fetch(`${sandbox.url}/api/v1/merchant/${merchant.uuid}/webhook`, {
        method: 'PUT', headers, body: JSON.stringify({ webhookUrl: url }),
      })
      assert.equal(answer.status === 200, pattern.test(url), `${JSON.stringify(url)}: sandbox ${answer.status}, pattern ${pattern.test(url)}`)
      if (answer.status === 200) accepted++
    }
    assert.ok(accepted >= 8 && accepted < URL_SAMPLES.length - 8, `${accepted} accepted: both kinds are sampled`)
  } finally {
    await sandbox.close()
  }
})

test('the sandbox serves the committed document and an API reference page of every operation', async () => {
  const { Sandbox } = require('..')
  const sandbox = await Sandbox.start({ port: 0 })
  try {
    const served = await fetch(`${sandbox.url}/openapi.json`)
    assert.equal(served.status, 200)
    assert.match(served.headers.get('content-type'), /^application\/json/)
    assert.equal(await served.text(), TEXT)
    const page = await fetch(`${sandbox.url}/dashboard/api`)
    assert.equal(page.status, 200)
    const html = await page.text()
    assert.doesNotMatch(html, /<script(?![^>]*src="\/_assets\/)/, 'no inline or third-party script')
    for (const { method, path: p, op } of operations()) {
      assert.ok(html.includes(`id="op-${op.operationId.replace(/[^A-Za-z0-9]/g, '-')}"`), `${op.operationId} on the page`)
      assert.ok(html.includes(`${method} ${p}`), `${method} ${p} on the page`)
    }
    assert.ok(html.includes('href="/openapi.json"'), 'the page links the file')
  } finally {
    await sandbox.close()
  }
})
