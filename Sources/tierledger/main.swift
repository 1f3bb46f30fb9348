import Foundation
import TierLedger

// The thin executable: pick the command, parse its arguments, run it, exit with its status.
// The process ends with its command, so a finished state need not be freed (`StateDisposal`).
StateDisposal.keepStatesUntilExit()
let status = ToolMain.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
