/// UTF-8 checked the way every reader needs it: the first invalid byte of a file, and the
/// length of a valid sequence.
enum UTF8Check {
    /// The length of the valid UTF-8 sequence starting at `k` (a lead byte), or nil.
    static func sequenceLength(_ bytes: [UInt8], at k: Int) -> Int? {
        let b = bytes[k]
        if b < 0x80 { return 1 }
        let need: Int
        var scalar: UInt32, minimum: UInt32
        if b & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F) }
        else if b & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F) }
        else if b & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07) }
        else { return nil }
        guard k + need < bytes.count else { return nil }
        for j in 1...need {
            let c = bytes[k + j]
            guard c & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return nil }
        return need + 1
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalid($0) }
    }

    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = 0
        let n = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while k < n {
            // ASCII runs, eight bytes at a time.
            while k + 8 <= n && raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { k += 8 }
            guard k < n else { break }
            let b = bytes[k]
            if b < 0x80 { k += 1; continue }
            let need: Int
            var minimum: UInt32
            var scalar: UInt32
            if b & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F) }
            else if b & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F) }
            else if b & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07) }
            else { return k }
            guard k + need < n else { return k }
            for j in 1...need {
                let c = bytes[k + j]
                guard c & 0xC0 == 0x80 else { return k }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return k }
            k += need + 1
        }
        return nil
    }
}
