#!/usr/bin/env node
'use strict'
// `npx coherent-sandbox`: runs the offline Coherent gateway until Ctrl-C.

const HELP = `Usage: coherent-sandbox [--port 3000] [--host 127.0.0.1] [--webhook-url URL] [--seed] [--data FILE]
                        [--allowed-host NAME]... [--cors-origin ORIGIN] [--allow-remote]

An offline, stateful Coherent payments gateway. The default port 3000 is what
environment "LOCAL" of this client and of the official one reaches.

Options:
  --port N           port to listen on (default 3000; 0 = any free port)
  --host H           interface to listen on (default 127.0.0.1)
  --webhook-url URL  where webhooks go for merchants without a webhook URL of their own
  --seed             add a demo clinic whose key is api-test-00000000000000000000000000000000
                     (once: a --data file that has it keeps it)
  --data FILE        keep the state in this SQLite file across restarts (created if absent; its
                     folder must exist): clinics, keys, transactions, plans, customers, wallets,
                     the clock and the webhook log. Without it the state lives in memory.
                     One sandbox per file; POST /sandbox/reset empties the file too
  --allowed-host NAME  also answer requests whose Host is NAME (any port), e.g. a name in
                     /etc/hosts or a proxy; repeatable. Other names get 403 (DNS rebinding)
  --cors-origin ORIGIN  let pages of ORIGIN (e.g. http://localhost:5173) read answers and
                     write; by default no other origin can
  --allow-remote     allow a non-loopback --host (e.g. 0.0.0.0); the dashboard and control
                     routes then ask for the token printed at start-up
  --help             show this text

Protection: requests must name this sandbox in Host (localhost, 127.0.0.1, [::1], the
listening address, or an --allowed-host); writes from a browser must come from the sandbox's
own pages (Origin, else Sec-Fetch-Site), or the --cors-origin; control routes take only
Content-Type: application/json; pages send a strict Content-Security-Policy.

API keys: any "api-test-" + 32 lowercase hex characters works; each key gets its own
clinic with three terminals. Keys from onboarding and createApiKey* work too.

Test cards (spaces optional, any future expiry, any 3-digit CVC):
  4242 4242 4242 4242   payment succeeds
  4000 0000 0000 0002   declined
  4000 0000 0000 9995   insufficient funds (a plan or wallet is authorised, its charges fail)
  any other number      declined

Control routes (no access-token; Content-Type: application/json, even with no body;
with --allow-remote also Authorization: Bearer TOKEN):
  POST /sandbox/transactions/{uuid}/pay           {"card"?}   pay as the patient
  POST /sandbox/transactions/{uuid}/decline                   the bank declines
  POST /sandbox/payment-plans/{uuid}/authorise    {"card"?}   complete a plan's checkout
  POST /sandbox/wallets/{uuid}/authorise          {"card"?}   complete a wallet's checkout
  POST /sandbox/transactions/{uuid}/refund        {"amount"?, "reason"?}  (default: all left)
  POST /sandbox/terminals/{id}/tap   {"outcome"?: "approved"|"declined"|"insufficient_funds", "card"?}
  POST /sandbox/terminals/{id}/cancel              cancel the payment waiting on a terminal
  POST /sandbox/clock/advance        {"days": N} or {"months": N}  runs due plan payments
  POST /sandbox/webhooks/{id}/resend               send a delivery's event again
  POST /sandbox/clinics/{merchantUuid}/webhooks/fail-next  {"count": N}  next N attempts fail
  GET  /sandbox/clock   /sandbox/webhooks   /sandbox/outbox (emails, texts)   /sandbox/clinics
  POST /sandbox/reset                GET /sandbox/health

Dashboard: open {url}/ in a browser (clinics, transactions, plans, terminals, webhook log,
outbox, clock). Checkout pages: each paymentUrl, e.g. {url}/checkout/transaction/{uuid}.
`

function fail(message) {
  process.stderr.write(`coherent-sandbox: ${message}\nRun coherent-sandbox --help for the options.\n`)
  process.exit(2)
}

function parseArgs(argv) {
  const options = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined]
    const value = () => {
      const v = inline !== undefined ? inline : argv[++i]
      if (v === undefined || (inline === undefined && v.startsWith('--'))) fail(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--help':
      case '-h':
        process.stdout.write(HELP)
        process.exit(0)
        break
      case '--port': {
        const text = value()
        const port = Number(text)
        if (!/^\d+$/.test(text) || port > 65535) fail(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`)
        options.port = port
        break
      }
      case '--host':
        options.host = value()
        break
      case '--webhook-url':
        options.webhookUrl = value()
        break
      case '--seed':
        options.seed = true
        break
      case '--data':
        options.data = require('node:path').resolve(value())
        break
      case '--allowed-host':
        options.allowedHosts = [...(options.allowedHosts || []), value()]
        break
      case '--cors-origin':
        options.corsOrigin = value()
        break
      case '--allow-remote':
        options.allowRemote = true
        break
      default:
        fail(`unknown argument ${JSON.stringify(arg)}`)
    }
  }
  return options
}

/** Where a browser can reach the sandbox: on every interface, this machine's addresses. */
function browserUrls(url) {
  const { hostname, port } = new URL(url)
  if (hostname !== '0.0.0.0' && hostname !== '[::]') return [url]
  const addresses = Object.values(require('node:os').networkInterfaces()).flat()
    .filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address)
  return ['127.0.0.1', ...addresses].map((a) => `http://${a}:${port}`)
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const { Sandbox } = require('..')
  let sandbox
  try {
    sandbox = await Sandbox.start(options)
  } catch (error) {
    fail(error.message)
  }
  // Handlers first, then the banner: a parent that reads the URL may signal at once.
  // The server runs on the addon's own threads, which do not keep Node's event loop alive.
  const keepAlive = setInterval(() => {}, 1 << 30)
  let closing = false
  const stop = async (signal) => {
    if (closing) return
    closing = true
    await sandbox.close()
    clearInterval(keepAlive)
    process.stdout.write(`Sandbox stopped (${signal}).\n`)
    process.exit(0)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  const lines = [
    `Coherent sandbox listening on ${sandbox.url}`,
    `Dashboard: ${sandbox.dashboardUrl}`,
    options.seed ? 'Seeded clinic key: api-test-00000000000000000000000000000000' : 'Keys: any api-test-<32 lowercase hex>',
    options.webhookUrl ? `Default webhook URL: ${options.webhookUrl}` : 'No default webhook URL (set one per merchant, or --webhook-url)',
    options.data ? `State kept in ${options.data}` : 'State in memory only (--data FILE keeps it across restarts)',
    'Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 declined, 4000 0000 0000 9995 insufficient funds',
    'Control routes: /sandbox/transactions/{uuid}/pay|decline|refund, /sandbox/payment-plans/{uuid}/authorise,',
    '  /sandbox/wallets/{uuid}/authorise, /sandbox/terminals/{id}/tap|cancel, /sandbox/clock[/advance],',
    '  /sandbox/webhooks[/{id}/resend], /sandbox/outbox, /sandbox/clinics, /sandbox/reset (see --help)',
    ...(sandbox.remoteToken
      ? [
          `Remote access is on: the dashboard and control routes ask for this token (Authorization: Bearer TOKEN):`,
          `  ${sandbox.remoteToken}`,
          `  In a browser, open once (it sets a cookie): ${browserUrls(sandbox.url).map((u) => `${u}/?token=${sandbox.remoteToken}`).join('  ')}`,
        ]
      : []),
    'Press Ctrl-C to stop.',
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

main()
