package dev.riffle.protocol.wire;

import java.util.List;
import java.util.Objects;

/** What a decoder made of the bytes it was given. */
public sealed interface DecodeResult {

    /**
     * One or more complete messages, in order. The streaming decoder may also hold the start of the next frame.
     *
     * @param messages never empty for the streaming decoder; DATA payloads are views (see {@link
     *     WireMessage.Data})
     */
    record Decoded(List<WireMessage> messages) implements DecodeResult {
        public Decoded {
            messages = List.copyOf(messages);
        }
    }

    /**
     * No complete message yet; feed more bytes.
     *
     * @param missingBytes a lower bound on the bytes needed before the next frame (or its header) completes
     */
    record NeedMore(int missingBytes) implements DecodeResult {
        public NeedMore {
            if (missingBytes < 1) {
                throw new IllegalArgumentException("missingBytes must be positive");
            }
        }
    }

    /** The input is bad; the decoder is dead and every later feed returns this same result. */
    record Failed(WireError error) implements DecodeResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
