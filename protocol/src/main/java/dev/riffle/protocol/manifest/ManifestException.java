package dev.riffle.protocol.manifest;

/**
 * Every way a manifest can be refused, as a typed reason. Parsing, verifying and building a manifest throw only this;
 * callers switch on {@link #reason()} (e.g. to pick an RFC 7807 problem type) and never need to read the message.
 * Messages name fields, never key material.
 */
public final class ManifestException extends RuntimeException {
    public enum Reason {
        /** Not JSON, wrong shape or types, a required field missing, or a value outside its rules. */
        MALFORMED,
        /** Larger than a {@link ManifestLimits} bound (size, nesting, counts, string length). */
        TOO_LARGE,
        /** A format version this reader does not implement. */
        UNSUPPORTED_VERSION,
        /** A signed envelope without a signature. */
        MISSING_SIGNATURE,
        /** A signature algorithm other than Ed25519. */
        UNSUPPORTED_ALGORITHM,
        /** Signed with a key id that is not in the trusted key set. */
        UNKNOWN_KEY_ID,
        /** The signature does not match the content: tampered content or wrong key. */
        BAD_SIGNATURE,
        /** The signature's key id differs from the key id the manifest itself names. */
        KEY_ID_MISMATCH
    }

    private final Reason reason;

    public ManifestException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public ManifestException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static ManifestException malformed(String message) {
        return new ManifestException(Reason.MALFORMED, message);
    }
}
