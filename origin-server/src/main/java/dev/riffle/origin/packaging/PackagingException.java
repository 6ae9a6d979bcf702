package dev.riffle.origin.packaging;

/** A packaging failure whose message is the reason shown to the operator on the job. */
public class PackagingException extends RuntimeException {
    public PackagingException(String reason) {
        super(reason);
    }

    public PackagingException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
