import Foundation

/// Progress of a long replay on stderr (SPEC §11: only when stderr is a terminal): events done,
/// rate and time left, redrawn in place at most a few times a second, and erased at the end.
/// Time left is estimated from the bytes still to read at the rate so far.
public final class ReplayProgress {
    private let write: (String) -> Void
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var bytesBeforeSegment = 0
    private var totalBytes = 0
    private var drew = false
    /// Nothing is drawn for replays shorter than this.
    private let quietSeconds: TimeInterval = 0.5

    public init(write: @escaping (String) -> Void) {
        self.write = write
    }

    func segmentStarted(bytesBefore: Int, totalBytes: Int) {
        bytesBeforeSegment = bytesBefore
        self.totalBytes = totalBytes
    }

    func reached(offset: Int, events: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.25 else { return }
        let elapsed = now.timeIntervalSince(started)
        guard elapsed >= quietSeconds else { return }
        lastDrawn = now
        let done = bytesBeforeSegment + offset
        let rate = Double(events) / elapsed
        let left = done > 0 ? elapsed * Double(max(0, totalBytes - done)) / Double(done) : 0
        let percent = totalBytes > 0 ? min(100, done * 100 / totalBytes) : 0
        write("\rreplaying: \(events) events, \(Int(rate)) events/s, \(percent)%, about \(Int(left.rounded())) s left ")
        drew = true
    }

    /// Erases the progress line, if one was drawn.
    public func finish() {
        if drew { write("\r\u{1B}[K") }
        drew = false
    }
}
