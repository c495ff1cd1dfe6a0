#!/usr/bin/env node
'use strict'
// `npx coherent-sandbox`: runs the offline Coherent gateway until Ctrl-C. The flags, `--help` and
// the start-up text come from the gateway (crates/sandbox/src/cli.rs), so this command and the
// standalone executable (`cargo install --path crates/sandbox`) behave the same.

const { Sandbox } = require('..')

async function main() {
  let sandbox
  try {
    sandbox = await Sandbox.startFromCommandLine(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`coherent-sandbox: ${error.message}\nRun coherent-sandbox --help for the options.\n`)
    process.exit(2)
  }
  if (!sandbox) {
    process.stdout.write(Sandbox.commandLineHelp())
    return
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
  process.stdout.write(sandbox.commandLineBanner)
}

main()
