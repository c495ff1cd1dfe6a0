// 0.0.61 deep-import path `@coherentx/coherent/dist/terminal/TerminalAPI`: re-exports from the package root.
export { TerminalAPI } from '../../index'
export type { RenameTerminalRequest, SetTerminalTransactionRequest, ClearTerminalTransactionRequest } from '../../index'
