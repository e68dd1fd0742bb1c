package dev.tailor.ingest.sendgrid;

/** A webhook request whose signature is missing, stale or wrong; nothing of it was read. */
public class InvalidSignatureException extends RuntimeException {

    private final String header;
    private final String detail;

    public InvalidSignatureException(String header, String detail) {
        super(header + ": " + detail);
        this.header = header;
        this.detail = detail;
    }

    /** The request header at fault. */
    public String header() {
        return header;
    }

    public String detail() {
        return detail;
    }
}
