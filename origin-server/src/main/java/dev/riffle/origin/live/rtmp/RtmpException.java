package dev.riffle.origin.live.rtmp;

/** A pusher broke the RTMP protocol (or its limits): the connection is closed, nothing it sent is kept. */
public final class RtmpException extends RuntimeException {
    public RtmpException(String message) {
        super(message, null, false, false);
    }
}
