import Foundation
import TierLedger

// The thin executable: pick the command, parse its arguments, run it, exit with its status.
let status = ToolMain.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
