'use strict'
// A real Debian nginx (/usr/sbin/nginx, package nginx-light) for transport tests: one instance
// per call, in the foreground, with its config, pid, logs and temp paths in a temp dir, one
// `server` on a free loopback port. Never the system service.
//
//   const nginx = await startNginx({
//     listen: 'ssl http2',                       // extra `listen` parameters
//     server: `ssl_certificate ${leaf.certPath}; ssl_certificate_key ${leaf.keyPath};
//              location = /tx { default_type application/json; return 200 '{}'; }`,
//     files: { 'data.json': '{}' },              // written under the default root
//   })
//   nginx.url            // 'https://127.0.0.1:PORT' ('http://' without `ssl` in `listen`)
//   nginx.accessLog()    // [{ connection, requests, protocol, status, method, uri, ssl, requestTime }]
//                        // (uri: the request line's, before any rewrite or try_files)
//   await nginx.stop()

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { freePort, spawnServer } = require('./server-process')

const NGINX = '/usr/sbin/nginx'

// One line per request; fields separated by single spaces, in this order.
const LOG_FIELDS = ['connection', 'requests', 'protocol', 'status', 'method', 'uri', 'ssl',
  'requestTime']
const LOG_FORMAT = '$connection $connection_requests $server_protocol $status $request_method ' +
  '$request_uri $ssl_protocol $request_time'

function config(dir, port, { listen, server, http }) {
  return `
${process.getuid && process.getuid() === 0 ? 'user root;' : ''}
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 16384; }
http {
  log_format coherent_test '${LOG_FORMAT}';
  access_log ${dir}/access.log coherent_test;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { application/json json; text/html html; text/plain txt; }
  default_type application/octet-stream;
  root ${dir}/www;
  ${http || ''}
  server {
    listen 127.0.0.1:${port} ${listen || ''};
    server_name localhost;
    ${server || ''}
  }
}
`
}

/**
 * Starts nginx with `server` (directives inside the `server { }` block), `listen` (extra
 * parameters of its `listen`, e.g. `ssl http2`), `http` (extra directives at `http` level) and
 * `files` (name -> string or Buffer, under the default root). Resolves once the port accepts
 * connections; rejects with nginx's own error log if it exits first. A missing nginx throws:
 * tests that need it fail, never skip.
 */
async function startNginx(options = {}) {
  if (!fs.existsSync(NGINX)) {
    throw new Error(`${NGINX} not found: install Debian's nginx-light (apt-get install nginx-light)`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherent-nginx-'))
  fs.mkdirSync(path.join(dir, 'tmp'))
  fs.mkdirSync(path.join(dir, 'www'))
  for (const [name, content] of Object.entries(options.files || {})) {
    fs.mkdirSync(path.dirname(path.join(dir, 'www', name)), { recursive: true })
    fs.writeFileSync(path.join(dir, 'www', name), content)
  }
  let lastError
  for (let tries = 0; tries < 5; tries++) {
    const port = await freePort()
    fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, options))
    try {
      return await launch(dir, port, options)
    } catch (e) {
      lastError = e
      if (!/Address already in use/.test(e.message)) break
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  throw lastError
}

async function launch(dir, port, options) {
  const errorLog = () => (fs.existsSync(path.join(dir, 'error.log'))
    ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '')
  const server = await spawnServer('nginx', NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'),
    '-e', path.join(dir, 'error.log')], port, { diagnostics: errorLog })
  const scheme = /\bssl\b/.test(options.listen || '') ? 'https' : 'http'
  let stopped
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    dir,
    /** Parsed access log lines (nginx writes one per request when it finishes). */
    accessLog() {
      const file = path.join(dir, 'access.log')
      if (!fs.existsSync(file)) return []
      return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
        const values = line.split(' ')
        return Object.fromEntries(LOG_FIELDS.map((field, i) => [field, values[i]]))
      })
    },
    /** nginx's error log so far (for diagnostics and assertions). */
    errorLog,
    /** Stops nginx (fast shutdown, SIGKILL after 5 s) and removes its temp dir. */
    stop() {
      stopped ??= (async () => {
        await server.stop()
        fs.rmSync(dir, { recursive: true, force: true })
      })()
      return stopped
    },
  }
}

module.exports = { startNginx, freePort }
