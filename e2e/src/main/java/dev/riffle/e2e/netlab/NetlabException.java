package dev.riffle.e2e.netlab;

/** The test network could not be built or run; the message says why and what to do. */
public final class NetlabException extends RuntimeException {
    public NetlabException(String message) {
        super(message);
    }
}
