/// Sorts 64-bit values by their bits from `lowBit` up, stably (values equal in those
/// bits keep their order), with least-significant-digit radix passes of 12 bits.
enum RadixSort {
    static func sort(_ values: inout [UInt64], fromBit lowBit: Int, scratch: inout [UInt64]) {
        let digitBits = 12
        let buckets = 1 << digitBits
        if scratch.count < values.count { scratch = [UInt64](repeating: 0, count: values.count) }
        var counts = [Int](repeating: 0, count: buckets)
        var shift = lowBit
        var inScratch = false
        while shift < 64 {
            let digitShift = UInt64(shift)
            values.withUnsafeMutableBufferPointer { valuesBuffer in
                scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                    let source = inScratch ? scratchBuffer : valuesBuffer
                    let target = inScratch ? valuesBuffer : scratchBuffer
                    let count = valuesBuffer.count
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in 0..<buckets { counts[index] = 0 }
                        for index in 0..<count { counts[Int((source[index] >> digitShift) & UInt64(buckets - 1))] += 1 }
                        var total = 0
                        for index in 0..<buckets {
                            let bucket = counts[index]
                            counts[index] = total
                            total += bucket
                        }
                        for index in 0..<count {
                            let value = source[index]
                            let digit = Int((value >> digitShift) & UInt64(buckets - 1))
                            target[counts[digit]] = value
                            counts[digit] += 1
                        }
                    }
                }
            }
            inScratch.toggle()
            shift += digitBits
        }
        if inScratch {
            let count = values.count
            values.withUnsafeMutableBufferPointer { valuesBuffer in
                scratch.withUnsafeBufferPointer { scratchBuffer in
                    for index in 0..<count { valuesBuffer[index] = scratchBuffer[index] }
                }
            }
        }
    }
}
