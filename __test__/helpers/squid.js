'use strict'
// A real Debian squid (/usr/sbin/squid, package squid 5.7) as an authenticating forward proxy for
// transport tests: one instance per call, in the foreground (-N), with its config, pid, logs and
// password file in a temp dir, on a free loopback port. Never the system service.
//
//   const squid = await startSquid({
//     users: { clinic: 'right-password' },          // basic auth (basic_ncsa_auth, apr1 hashes)
//     deny: ['blocked.example'],                     // CONNECT to these hosts gets 403
//     hosts: { 'gateway.example': '127.0.0.1' },     // squid's own name resolution
//   })
//   squid.url                // 'http://127.0.0.1:PORT' (add credentials yourself)
//   squid.accessLog()        // [{ status: 'TCP_DENIED/407', method: 'CONNECT', url: 'host:443', user }]
//   await squid.stop()

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { freePort, spawnServer } = require('./server-process')
const { openssl } = require('./tls-ca')

const SQUID = '/usr/sbin/squid'
const BASIC_AUTH = '/usr/lib/squid/basic_ncsa_auth'

function config(dir, port, { deny = [] }) {
  const root = process.getuid && process.getuid() === 0
  return `
http_port 127.0.0.1:${port}
${root ? 'cache_effective_user proxy' : ''}
pid_filename ${dir}/squid.pid
access_log stdio:${dir}/access.log squid
cache_log ${dir}/cache.log
cache_store_log none
coredump_dir ${dir}
netdb_filename none
hosts_file ${dir}/hosts
dns_nameservers 127.0.0.1
pinger_enable off
shutdown_lifetime 0 seconds
cache deny all
logfile_rotate 0
auth_param basic program ${BASIC_AUTH} ${dir}/passwd
auth_param basic realm coherent-test
auth_param basic children 2 startup=1 idle=1
acl authenticated proxy_auth REQUIRED
${deny.length ? `acl blocked dstdomain ${deny.join(' ')}\nhttp_access deny blocked` : ''}
http_access allow authenticated
http_access deny all
`
}

/**
 * Starts squid with basic-auth `users` (name -> password), `deny` (host names whose CONNECT is
 * refused with 403, checked before authentication) and `hosts` (name -> IP for squid's own
 * lookups; squid asks no DNS server). Resolves once the port accepts connections. A missing squid
 * or helper throws: tests that need them fail, never skip.
 */
async function startSquid(options = {}) {
  for (const file of [SQUID, BASIC_AUTH]) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found: install Debian's squid (apt-get install squid)`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-squid-'))
  const lines = Object.entries(options.users || {}).map(([user, password]) =>
    `${user}:${openssl(['passwd', '-apr1', password]).toString().trim()}`)
  fs.writeFileSync(path.join(dir, 'passwd'), lines.join('\n') + '\n')
  fs.writeFileSync(path.join(dir, 'hosts'), Object.entries(options.hosts || {})
    .map(([name, ip]) => `${ip} ${name}\n`).join(''))
  if (process.getuid && process.getuid() === 0) {
    // squid drops to the `proxy` user, which must write its logs and read the password file.
    execFileSync('chown', ['-R', 'proxy:proxy', dir])
  }
  let lastError
  for (let tries = 0; tries < 5; tries++) {
    const port = await freePort()
    fs.writeFileSync(path.join(dir, 'squid.conf'), config(dir, port, options))
    try {
      return await launch(dir, port)
    } catch (e) {
      lastError = e
      if (!/Address already in use|Cannot bind/i.test(e.message)) break
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  throw lastError
}

async function launch(dir, port) {
  const cacheLog = () => {
    const file = path.join(dir, 'cache.log')
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  }
  const server = await spawnServer('squid', SQUID, ['-N', '-f', path.join(dir, 'squid.conf')], port,
    { diagnostics: cacheLog, timeoutMs: 15_000 })
  let stopped
  let finalLog
  const readLog = () => {
    const file = path.join(dir, 'access.log')
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    /**
     * Parsed access log lines (squid's native format: one per request, written when it ends).
     * After `stop()` it is the final log, flushed at shutdown.
     */
    accessLog() {
      return (finalLog ?? readLog()).split('\n').filter(Boolean).map((line) => {
        const f = line.trim().split(/\s+/)
        return { status: f[3], method: f[5], url: f[6], user: f[7] }
      })
    },
    cacheLog,
    /** Stops squid (SIGTERM, SIGKILL after 5 s) and removes its temp dir. */
    stop() {
      stopped ??= (async () => {
        await server.stop()
        finalLog = readLog()
        fs.rmSync(dir, { recursive: true, force: true })
      })()
      return stopped
    },
  }
}

module.exports = { startSquid }
