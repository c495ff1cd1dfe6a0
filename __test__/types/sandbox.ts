// Typings of the Sandbox class.
import { Sandbox, Coherent } from '../..'
import type { SandboxOptions } from '../..'

async function sandboxTypes(): Promise<void> {
  const options: SandboxOptions = { port: 0, host: '127.0.0.1', webhookUrl: 'http://127.0.0.1:9/hook', seed: true }
  const sb: Sandbox = await Sandbox.start(options)
  const none: Sandbox = await Sandbox.start()
  const quick: Sandbox = await Sandbox.start({ port: 0, webhookRetry: { attempts: 2, initialBackoffMs: 10 } })
  await quick.close()
  const kept: Sandbox = await Sandbox.start({ port: 0, data: './sandbox.db' })
  await kept.close()
  const url: string = sb.url
  const client = new Coherent({ baseUrl: url, token: 'api-test-' + '0'.repeat(32) })
  void client
  const closed: Promise<void> = sb.close()
  await closed
  await none.close()
  // @ts-expect-error port is a number
  await Sandbox.start({ port: '3000' })
  // @ts-expect-error data is a file path
  await Sandbox.start({ data: true })
  // @ts-expect-error url is read-only
  sb.url = 'x'
}
void sandboxTypes

// The sandbox package itself: the same class, its control methods typed with the client's models.
import { Sandbox as OwnSandbox } from '@coherentx/coherent-sandbox'
import type { SandboxClock, SandboxDelivery } from '@coherentx/coherent-sandbox'
import type { Transaction, PaymentPlan } from '../..'

async function sandboxPackageTypes(): Promise<void> {
  const own: OwnSandbox = await OwnSandbox.start({ port: 0 })
  const viaClient: Sandbox = own
  const paid: Transaction = own.pay('uuid', { card: '4242424242424242' })
  const plan: PaymentPlan = own.authorisePlan('uuid')
  const clock: SandboxClock = own.clock()
  const deliveries: SandboxDelivery[] = own.webhooks()
  // @ts-expect-error a transaction is not a plan
  const wrong: PaymentPlan = own.pay('uuid')
  const help: string = OwnSandbox.commandLineHelp()
  void [viaClient, paid, plan, clock, deliveries, wrong, help]
  await own.close()
}
void sandboxPackageTypes
