package dev.riffle.origin.keys;

/** drm-license could not be reached or refused; the message is safe to show (no tokens, no keys). */
public class KeySourceException extends RuntimeException {
    public KeySourceException(String message) {
        super(message);
    }

    public KeySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
